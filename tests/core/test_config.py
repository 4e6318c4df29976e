"""Config validation: every error names the file, the key path and what is expected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.config import ConfigError, load_config
from rules.catalogue import config_problems

GOOD = """
database = "x.db"
[crawl]
concurrency_per_host = 2
delay = 0.5

[[units]]
name = "清河市教育局"
email = "gk@jyj.example"

[[sites]]
name = "清河市教育局网站"
url = "http://127.0.0.1:8000/"
unit = "清河市教育局"
kind = "department"
[sites.overrides]
list_item = "ul.list li"
pagination = "page-query"
[[sites.columns]]
name = "通知公告"
url = "http://127.0.0.1:8000/tzgg/"
category = "notice"

[[exemptions]]
site = "清河市教育局网站"
rule = "column-stale"
reason = "栏目调整中"
expires = 2026-12-31
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_loads_into_frozen_dataclasses(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    site = config.sites[0]
    assert config.database == str(tmp_path / "x.db")  # relative to the config file's folder
    assert config.crawl.concurrency_per_host == 2 and config.crawl.delay == 0.5
    assert site.kind == "department" and site.unit == "清河市教育局"
    assert site.overrides.list_item == "ul.list li" and site.overrides.pagination == "page-query"
    assert site.columns[0].category == "notice"
    assert config.exemptions[0].expires == date(2026, 12, 31)
    assert config.unit("清河市教育局").email == "gk@jyj.example"
    with pytest.raises(AttributeError):
        site.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('concurrency_per_host = 2', 'concurrency_per_hots = 2', "crawl.concurrency_per_hots: "
         "未知的键；是否指 concurrency_per_host？"),
        ('concurrency_per_host = 2', 'concurrency_per_host = "2"', "crawl.concurrency_per_host: 值为 '2'，应为整数"),
        ('url = "http://127.0.0.1:8000/"', 'url = "127.0.0.1:8000"', "sites[0].url: 值为 '127.0.0.1:8000'，"
         "应为以 http:// 或 https:// 开头"),
        ('kind = "department"', 'kind = "bureau"', "sites[0].kind: 值为 'bureau'，"
         "应为以下之一：government、department"),
        ('category = "notice"', 'category = "news"', "sites[0].columns[0].category: 值为 'news'"),
        ('unit = "清河市教育局"\nkind', 'unit = "教育局"\nkind', "sites[0].unit: 值为 '教育局'，"
         "应为[[units]] 中声明的单位名称"),
        ('expires = 2026-12-31', 'expires = "soon"', "exemptions[0].expires: 值为 'soon'，应为日期"),
        ('delay = 0.5', 'delay = -1', "crawl.delay: 值为 -1.0，应为不为负的数"),
    ],
)
def test_bad_config_names_file_key_and_fix(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="文件不存在"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="不是有效的 TOML，第 1 行"):
        load_config(write(tmp_path, "[[sites]\nname="))


def test_required_site_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"sites\[0\]\.name: 缺少此键（必填）"):
        load_config(write(tmp_path, '[[sites]]\nurl = "http://127.0.0.1/"\n'))


MANY_PROBLEMS = GOOD.replace('url = "http://127.0.0.1:8000/"\nunit',
                             'katalog = "http://127.0.0.1:8000/xxgk/"\nurl = "http://127.0.0.1:8000/"\nunit', 1) \
    .replace("delay = 0.5", "delay = -1") \
    .replace('category = "notice"', 'category = "news"') \
    .replace('site = "清河市教育局网站"\nrule = "column-stale"', 'site = "清河市教育局网"\nrule = "column-stail"')


def test_every_problem_is_listed_at_once_with_suggestions(tmp_path: Path) -> None:
    """One load names every problem in the file, each with its key path, in Chinese."""
    path = write(tmp_path, MANY_PROBLEMS)
    with pytest.raises(ConfigError) as err:
        load_config(path, checks=config_problems)
    problems = err.value.problems
    assert len(problems) == 5, problems
    assert all(p.startswith(f"{path}: ") for p in problems)
    text = str(err.value)
    assert text.startswith("共 5 处问题：")
    assert "sites[0].katalog: 未知的键；是否指 catalog？" in text
    assert "crawl.delay: 值为 -1.0，应为不为负的数" in text
    assert "sites[0].columns[0].category: 值为 'news'" in text
    # exemptions naming an unknown site or rule are errors, with the close name suggested
    assert "exemptions[0].site: 值为 '清河市教育局网'，应为[[sites]] 中某个站点的名称" in text
    assert "是否指 清河市教育局网站？" in text
    assert "exemptions[0].rule: 未知的规则 'column-stail'；是否指 column-stale？" in text


def test_rule_problems_join_the_structural_ones(tmp_path: Path) -> None:
    text = GOOD.replace("[[units]]", '[rules.column-stale]\ndynamic_dayz = 3\n\n[[units]]', 1) \
        .replace("delay = 0.5", 'delay = "fast"')
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text), checks=config_problems)
    assert len(err.value.problems) == 2
    assert "rules.column-stale.dynamic_dayz: 未知的参数；是否指 dynamic_days？" in str(err.value)
    assert "crawl.delay: 值为 'fast'，应为数字" in str(err.value)


def test_a_section_of_the_wrong_shape_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, 'crawl = 3\nmail = "smtp"\n[[sites]]\nname = "甲"\nurl = "http://127.0.0.1/"\n'))
    assert [p.split(": ", 1)[1] for p in err.value.problems] == [
        "mail: 值为 'smtp'，应为表（table）", "crawl: 值为 3，应为表（table）"]


@pytest.mark.parametrize(("key", "expr"), [("list_item", "ul.list li["), ("item_date", "//span[@class='date'"),
                                           ("article_title", "div >> h1"), ("catalog_links", "(//a")])
def test_an_invalid_selector_override_is_a_config_error_naming_the_key(tmp_path: Path, key: str, expr: str) -> None:
    text = GOOD.replace('list_item = "ul.list li"', f'{key} = "{expr}"')
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    [problem] = caught.value.problems
    assert f"sites[0].overrides.{key}: 值为 {expr!r}" in problem
    assert "有效的 CSS 选择器或 XPath 表达式" in problem


def test_valid_css_and_xpath_overrides_load_and_select_through_one_compiler(tmp_path: Path) -> None:
    from core.selectors import compile_selector
    from crawler.extract.html import parse_html, select

    text = GOOD.replace('list_item = "ul.list li"',
                        'list_item = "ul.list > li:nth-child(odd)"\nitem_date = "//li/span[@class=\'d\']"')
    overrides = load_config(write(tmp_path, text)).sites[0].overrides
    root = parse_html("<ul class='list'><li>a<span class='d'>2026-01-02</span></li><li>b</li><li>c</li></ul>")
    assert [li.text for li in select(root, overrides.list_item)] == ["a", "c"]
    assert [s.text for s in select(root, overrides.item_date)] == ["2026-01-02"]
    assert compile_selector(overrides.list_item) is compile_selector(overrides.list_item)  # compiled once
    with pytest.raises(ValueError, match="invalid selector"):
        select(root, "ul[")
