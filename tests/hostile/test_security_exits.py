"""A crash has its own exit code (issue 19): 70, never 1 ("completed with findings"), and the scheduler logs
it as a failure. The command that crashes is a real `patrol` process with one extra command that raises."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

import scheduler
from core.exits import CRASH_EXIT

CRASHING = """
import sys
import click
from patrol import cli as patrol_cli

@patrol_cli.cli.command("boom")
def boom() -> None:
    raise LookupError("an error no command foresaw")


@patrol_cli.cli.command("rofs")
def rofs() -> None:
    raise OSError(30, "Read-only file system")

sys.argv = ["patrol", *sys.argv[1:]]
patrol_cli.main()
"""


def _patrol_with_boom(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CRASHING, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_a_crash_exits_70_with_its_traceback_and_a_chinese_line() -> None:
    done = _patrol_with_boom("boom")
    assert done.returncode == CRASH_EXIT == 70
    assert "Traceback" in done.stderr and "an error no command foresaw" in done.stderr
    assert "程序内部错误" in done.stderr and "退出码 70" in done.stderr


def test_a_read_only_filesystem_is_named_not_a_crash() -> None:
    done = _patrol_with_boom("rofs")
    assert done.returncode == 77 and "只读" in done.stderr and "Traceback" not in done.stderr


def test_usage_errors_and_ordinary_exits_keep_their_codes() -> None:
    assert _patrol_with_boom("no-such-command").returncode == 2
    assert _patrol_with_boom("rules").returncode == 0


def test_the_scheduler_logs_a_crash_as_a_failure(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    code = scheduler.run_job("inspect", [sys.executable, "-c", CRASHING, "boom"], str(db),
                             str(tmp_path / "schedule.log"), success=(0, 1))
    assert code == 70
    con = sqlite3.connect(db)
    try:
        status, exit_code, error = con.execute("SELECT status, exit_code, message FROM schedule_log").fetchone()
    finally:
        con.close()
    assert (status, exit_code) == ("failed", 70) and "程序内部错误" in error
