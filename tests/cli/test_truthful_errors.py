"""Every command on unusable inputs answers in Chinese with the README's exit code, never a traceback.

Table-driven over the commands that take a database or a Redis URL: a file that is not SQLite, a missing
database, a config without sites, a malformed Redis URL. The commands run through the real CLI group.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import invoke_cli

from storage.faults import CORRUPT_EXIT, NEWER_SCHEMA_EXIT

CONFIG = """
[[units]]
name = "清河市教育局"

[[sites]]
name = "清河市教育局"
url = "http://127.0.0.1:9/"
unit = "清河市教育局"
"""

DB_COMMANDS = [("run", "--quiet"), ("report",), ("notify",), ("notify", "--dry-run"), ("probe",),
               ("schedule", "--list"), ("stats", "--year", "2026"), ("serve", "--port", "0")]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _setup(tmp_path: Path, config: str = CONFIG) -> Path:
    (tmp_path / "sites.toml").write_text(config, encoding="utf-8")
    return tmp_path


def _clean(text: str) -> None:
    assert "Traceback" not in text and "Error:" not in text and "Aborted" not in text
    assert CHINESE.search(text), text


@pytest.mark.parametrize("command", DB_COMMANDS, ids=" ".join)
def test_a_file_that_is_not_sqlite_is_named_as_such(tmp_path: Path, command: tuple[str, ...]) -> None:
    """Overwritten, truncated or the wrong file: the corrupt-database fault's own code (storage/faults.py)."""
    work = _setup(tmp_path)
    junk = work / "junk.db"
    junk.write_bytes(b"not a database, only text\n" * 100)
    result = invoke_cli(*command, "--db", str(junk), cwd=work)
    assert result.code == CORRUPT_EXIT, result.stdout + result.stderr
    assert "junk.db" in result.stderr and "不是 SQLite 数据库" in result.stderr
    _clean(result.stderr)
    assert junk.read_bytes() == b"not a database, only text\n" * 100  # refused before it was opened


@pytest.mark.parametrize("command", [c for c in DB_COMMANDS if c[0] != "serve" and c != ("schedule", "--list")]
                         + [("schedule",)], ids=" ".join)
def test_a_config_without_sites_is_refused(tmp_path: Path, command: tuple[str, ...]) -> None:
    work = _setup(tmp_path, "# nothing registered yet\n")
    result = invoke_cli(*command, "--config", "sites.toml", cwd=work)
    assert result.code == 2, result.stdout + result.stderr
    assert "没有登记任何网站" in result.stderr
    _clean(result.stderr)
    assert not (work / "patrol.db").exists()


@pytest.mark.parametrize(("command", "code", "says"), [
    (("report",), 1, "请先运行 patrol run"),
    (("notify",), 1, "请先运行 patrol run"),
    (("notify", "--dry-run"), 1, "请先运行 patrol run"),
    (("stats", "--year", "2026"), 1, "请先运行 patrol run"),
    (("serve", "--port", "0"), 2, "请先运行 patrol run"),
], ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v))
def test_no_database_yet_says_what_to_do_and_creates_nothing(tmp_path: Path, command: tuple[str, ...],
                                                             code: int, says: str) -> None:
    work = _setup(tmp_path)
    result = invoke_cli(*command, cwd=work)
    assert result.code == code, result.stdout + result.stderr
    assert says in result.stderr
    _clean(result.stderr)
    assert not (work / "patrol.db").exists()  # a dry run above all writes nothing


@pytest.mark.parametrize("command", [("run", "--quiet", "--redis", "notaurl"),
                                     ("run", "--quiet", "--redis", "redis://:secret@host:port/0"),
                                     ("worker", "--redis", "127.0.0.1:6379"),
                                     ("worker", "--redis", "http://127.0.0.1:6379/0")], ids=" ".join)
def test_a_malformed_redis_url_is_a_usage_error(tmp_path: Path, command: tuple[str, ...]) -> None:
    work = _setup(tmp_path)
    result = invoke_cli(*command, cwd=work)
    assert result.code == 2, result.stdout + result.stderr
    assert "--redis 地址" in result.stderr and "格式不对" in result.stderr and "redis://" in result.stderr
    assert "secret" not in result.stderr  # a password is never shown
    _clean(result.stderr)
    assert not (work / "patrol.db").exists()  # refused before the run started


def test_a_database_newer_than_this_program_is_named(tmp_path: Path) -> None:
    import sqlite3

    work = _setup(tmp_path)
    conn = sqlite3.connect(work / "patrol.db")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    for command in (("notify",), ("probe",), ("schedule", "--list"), ("report",)):
        result = invoke_cli(*command, cwd=work)
        assert result.code == NEWER_SCHEMA_EXIT, (command, result.stdout + result.stderr)
        assert "patrol.db" in result.stderr and "999" in result.stderr
        _clean(result.stderr)


def test_a_database_another_process_keeps_locked_is_busy_not_broken(tmp_path: Path) -> None:
    """Another process holds the write lock past SQLite's wait: every writer says so and exits 75 (try
    again later); readers are not blocked (WAL) and answer as usual. The writers run side by side so the
    wait is paid once."""
    import sqlite3
    import subprocess
    import sys

    from storage import Store
    from storage.lock import BUSY_EXIT

    work = _setup(tmp_path)
    Store(work / "patrol.db").close()
    holder = sqlite3.connect(work / "patrol.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    writers = [("run", "--quiet"), ("notify",), ("probe",), ("schedule", "--list")]
    try:
        procs = [subprocess.Popen([sys.executable, "-m", "patrol", *command], cwd=work, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for command in writers]
        outputs = [p.communicate(timeout=120) for p in procs]
        results = [(c, p.returncode, *out) for c, p, out in zip(writers, procs, outputs, strict=True)]
        reader = invoke_cli("stats", "--year", "2026", cwd=work)
    finally:
        holder.rollback()
        holder.close()
    for command, code, stdout, stderr in results:
        assert code == BUSY_EXIT, (command, stdout + stderr)
        assert "正被其他进程写入" in stderr and "patrol.db" in stderr, (command, stderr)
        _clean(stderr)
    assert reader.code == 1 and "没有2026年及以后完成的巡查" in reader.stderr  # read, not blocked: nothing yet
