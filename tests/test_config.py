"""Config validation: every error names the file, the key path and what is expected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.config import ConfigError, load_config

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
        ('concurrency_per_host = 2', 'concurrency_per_hots = 2', "crawl.concurrency_per_hots: unknown key"),
        ('concurrency_per_host = 2', 'concurrency_per_host = "2"', "crawl.concurrency_per_host: found '2', "
                                                                   "expected an integer"),
        ('url = "http://127.0.0.1:8000/"', 'url = "127.0.0.1:8000"', "sites[0].url: found '127.0.0.1:8000', "
                                                                       "expected an http:// or https:// URL"),
        ('kind = "department"', 'kind = "bureau"', "sites[0].kind: found 'bureau', expected one of government"),
        ('category = "notice"', 'category = "news"', "sites[0].columns[0].category: found 'news'"),
        ('unit = "清河市教育局"\nkind', 'unit = "教育局"\nkind', "sites[0].unit: found '教育局', expected the name"),
        ('expires = 2026-12-31', 'expires = "soon"', "exemptions[0].expires: found 'soon', expected a date"),
        ('delay = 0.5', 'delay = -1', "crawl.delay: found -1.0, expected a number that is not negative"),
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
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[[sites]\nname="))


def test_required_site_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"sites\[0\]\.name: missing"):
        load_config(write(tmp_path, '[[sites]]\nurl = "http://127.0.0.1/"\n'))
