"""Exit codes and messages of the CLI on bad input, and `patrol demo` as a new user runs it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from helpers import AS_OF, ROOT, invoke_cli, run_cli

from core.config import load_config


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[sites]]\nname = "甲"\nurl = "ftp://x"\n', "sites[0].url: 值为 'ftp://x'"),
        ('[crawl]\ndelay = "fast"\n', "crawl.delay: 值为 'fast'，应为数字"),
        ('[rules.column-stale]\nnotice_dayz = 90\n', "rules.column-stale.notice_dayz: "
                                                     "未知的参数；是否指 notice_days？"),
        ('[rules.column-stal]\nlimit_days = 9\n', "rules.column-stal: 未知的规则 'column-stal'；是否指 column-stale？"),
    ],
)
def test_bad_config_exits_2_naming_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(text, encoding="utf-8")
    result = invoke_cli("run", "--config", str(config), "--db", str(tmp_path / "x.db"))
    assert result.code == 2
    assert str(config) in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_config_exits_2(tmp_path: Path) -> None:
    result = invoke_cli("run", cwd=tmp_path)
    assert result.code == 2 and "sites.toml: 文件不存在" in result.stderr


def test_bad_as_of_is_a_usage_error() -> None:
    result = invoke_cli("check", "http://127.0.0.1:9/", "--as-of", "2026-13-45")
    assert result.code == 2 and "YYYY-MM-DD" in result.stderr


def test_demo_writes_config_and_database_and_prints_summary(tmp_path: Path) -> None:
    result = run_cli("demo", "--port", "0", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert "巡查完成" in result.stdout and "清河县柳镇人民政府" in result.stdout and "不合格" in result.stdout
    config = load_config(tmp_path / "sites.toml")  # the config it wrote is valid
    assert len(config.sites) == 8  # six portals, one unreachable, one behind an anti-bot challenge
    assert "未能检查" in result.stdout  # the blocked one: neither 合格 nor 不合格
    con = sqlite3.connect(tmp_path / "patrol.db")
    try:
        columns = con.execute("select count(*) from columns where kind != 'group'").fetchone()[0]
        latest = con.execute("select count(*) from columns where kind = 'list' and latest is not null").fetchone()[0]
        runs = con.execute("select kind, status from runs").fetchall()
    finally:
        con.close()
    assert columns >= 53 and latest >= 41
    assert runs == [("demo", "complete")]
    # content review (on in the demo): the planted misspelt name and unmasked list, masked, for a person
    assert config.review.enabled and "内容审核：2 条待核实" in result.stdout
    con = sqlite3.connect(tmp_path / "patrol.db")
    try:
        pending = con.execute("select kind, summary, sample from review_candidates where status = 'pending' "
                              "order by kind").fetchall()
    finally:
        con.close()
    assert [(k, "8 行含 姓名+身份证号+手机号" in s or "中华人民共合国" in s) for k, s, _ in pending] == [
        ("personal-data", True), ("wording", True)]
    assert "********" in pending[0][2] and not re.search(r"\d{18}", pending[0][2])
    again = run_cli("demo", "--port", "0", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert again.code == 0 and "已存在，未覆盖" in again.stdout


@pytest.mark.parametrize("command", ["run", "notify", "schedule"])
def test_database_in_a_missing_folder_exits_2(tmp_path: Path, command: str) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\n', encoding="utf-8")
    result = run_cli(command, "--config", str(config), "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert result.code == 2 and "所在的目录不存在" in result.stderr and "Traceback" not in result.stderr


def test_config_errors_are_all_listed_in_one_go(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[crawl]\ndelay = "fast"\n[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\n'
                      'katalog = "http://127.0.0.1:9/xxgk/"\n[[exemptions]]\nsite = "乙"\nreason = "改版"\n',
                      encoding="utf-8")
    result = invoke_cli("run", "--config", str(config), "--db", str(tmp_path / "x.db"))
    assert result.code == 2 and "Traceback" not in result.stderr
    assert "配置错误：共 3 处问题" in result.stderr
    for expected in ("crawl.delay: 值为 'fast'", "sites[0].katalog: 未知的键；是否指 catalog？",
                     "exemptions[0].site: 值为 '乙'，应为[[sites]] 中某个站点的名称（甲）"):
        assert f"{config}: {expected}" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--bogus",), "错误：没有选项 '--bogus'。"),
        (("chek",), "错误：没有命令 'chek'。 是否指 'check'？"),
        (("check",), "错误：缺少参数 'URL'。"),
        (("demo", "--port", "abc"), "错误：'--port' 的值无效：'abc' 不是有效的整数。"),
        (("check", "--kind", "bureau", "http://127.0.0.1:9/"), "'bureau' 不是以下之一：'government', 'department'"),
        (("run", "--config"), "错误：选项 '--config' 需要一个值。"),
    ],
)
def test_click_usage_errors_are_chinese(args: tuple[str, ...], expected: str) -> None:
    from click.testing import CliRunner

    from patrol.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2
    assert expected in result.output
    assert "Error" not in result.output and "Usage" not in result.output and "Try " not in result.output


def test_help_is_chinese_and_names_no_missing_file() -> None:
    from click.testing import CliRunner

    from patrol.cli import cli

    root = ROOT
    for command in ([], ["run"], ["check"], ["demo"], ["page"], ["notify"], ["schedule"], ["report"], ["rules"]):
        out = CliRunner().invoke(cli, [*command, "--help"]).output
        assert "用法:" in out and "显示本帮助并退出。" in out and "Show this message" not in out
        for name in re.findall(r"[\w./-]+\.(?:md|toml\.example|example\.toml)\b", out):
            assert (root / name).exists(), f"patrol {' '.join(command)} --help points at missing {name}"
