"""Exit codes and messages of the CLI on bad input, and `patrol demo` as a new user runs it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import AS_OF, run_cli

from core.config import load_config


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[sites]]\nname = "甲"\nurl = "ftp://x"\n', "sites[0].url: found 'ftp://x'"),
        ('[crawl]\ndelay = "fast"\n', "crawl.delay: found 'fast', expected a number"),
        ('[rules.column-stale]\nnotice_dayz = 90\n', "rules.column-stale.notice_dayz: unknown parameter"),
        ('[rules.column-stal]\nlimit_days = 9\n', "rules.column-stal: unknown rule"),
    ],
)
def test_bad_config_exits_2_naming_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(text, encoding="utf-8")
    result = run_cli("run", "--config", str(config), "--db", str(tmp_path / "x.db"))
    assert result.code == 2
    assert str(config) in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_config_exits_2(tmp_path: Path) -> None:
    result = run_cli("run", cwd=tmp_path)
    assert result.code == 2 and "sites.toml: no such file" in result.stderr


def test_bad_as_of_is_a_usage_error() -> None:
    result = run_cli("check", "http://127.0.0.1:9/", "--as-of", "2026-13-45")
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
    again = run_cli("demo", "--port", "0", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert again.code == 0 and "已存在，未覆盖" in again.stdout


@pytest.mark.parametrize("command", ["run", "notify", "schedule"])
def test_database_in_a_missing_folder_exits_2(tmp_path: Path, command: str) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\n', encoding="utf-8")
    result = run_cli(command, "--config", str(config), "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert result.code == 2 and "所在的目录不存在" in result.stderr and "Traceback" not in result.stderr
