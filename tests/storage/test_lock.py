"""Two processes cannot run an inspection on the same database at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storage.lock import Busy, inspection_lock, is_locked

HOLDER = """
import sys
from storage.lock import inspection_lock
with inspection_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def _hold(db: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_a_second_process_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    child = _hold(db)
    try:
        with pytest.raises(Busy, match=f"另一个巡查正在运行（进程 {child.pid}）"), inspection_lock(db):
            pass
        assert is_locked(db)
    finally:
        child.communicate("")
    assert child.returncode == 0
    assert not is_locked(db)
    with inspection_lock(db) as path:
        assert path == Path(f"{db}.lock")


def test_the_lock_is_released_when_its_holder_dies(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    child = _hold(db)
    child.kill()
    child.communicate()
    with inspection_lock(db):
        assert is_locked(db)  # held by us now


def test_the_scheduler_skips_an_inspection_while_another_runs(tmp_path: Path) -> None:
    import scheduler
    from storage.store import Store

    db = tmp_path / "patrol.db"
    log = tmp_path / "schedule.log"
    child = _hold(db)
    try:
        code = scheduler.run_job("inspect", [sys.executable, "-c", "print('ran')"], str(db), str(log))
    finally:
        child.communicate("")
    assert code is None and not log.exists()
    with Store(db) as store:
        [row] = store.job_log("inspect")
    assert row["status"] == "skipped" and "另一个巡查正在运行" in row["message"]
