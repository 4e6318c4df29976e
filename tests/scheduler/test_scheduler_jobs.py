"""The scheduler's persistent jobs: kept across restarts, missed runs coalesced, outcomes recorded,
SIGTERM stops it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psutil
from helpers import ROOT, TESTS
from notices_fixtures import make_config

import scheduler
from storage.store import Store

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _spec(tmp: Path, cron: str, code: str = "print('ran', flush=True)") -> scheduler.JobSpec:
    return scheduler.JobSpec("inspect", cron, (sys.executable, "-c", code), (0, 1))


def _config(tmp: Path, grace: int = 60):
    return make_config(tmp, extra={"schedule": {"grace_minutes": grace, "log_file": str(tmp / "schedule.log")}})


def _log(db: Path) -> list[dict]:
    with Store(db) as store:
        return store.job_log()


def _wait(predicate, timeout: float = 15.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_a_restarted_scheduler_keeps_its_jobs_and_their_next_run_times(tmp_path: Path) -> None:
    config, db = _config(tmp_path), str(tmp_path / "patrol.db")
    specs = scheduler.job_specs(config, tmp_path / "sites.toml")
    first = scheduler.build_scheduler(config, db, specs)
    kept = datetime(2031, 5, 6, 2, 0, tzinfo=SHANGHAI)  # a fire time of "0 2 * * *", far from the computed one
    first.modify_job("inspect", next_run_time=kept)
    first.shutdown(wait=False)
    second = scheduler.build_scheduler(config, db, specs)
    try:
        jobs = {j.id: j for j in second.get_jobs()}
        assert set(jobs) == {"inspect", "notify", "probe"}
        assert jobs["inspect"].next_run_time == kept
        assert jobs["notify"].next_run_time.weekday() == 0 and jobs["notify"].next_run_time.hour == 9
        assert jobs["inspect"].args[1][-4:] == ["run", "--config", str((tmp_path / "sites.toml").resolve()),
                                               "--quiet"]
    finally:
        second.shutdown(wait=False)
    changed = replace(config, schedule=replace(config.schedule, inspect="0 4 * * *"))
    third = scheduler.build_scheduler(changed, db, scheduler.job_specs(changed, tmp_path / "sites.toml"))
    try:
        assert third.get_job("inspect").next_run_time.hour == 4  # a changed cron line reschedules
    finally:
        third.shutdown(wait=False)


def test_missed_runs_are_coalesced_into_one_catch_up_run(tmp_path: Path) -> None:
    config, db = _config(tmp_path, grace=60), tmp_path / "patrol.db"
    last = (datetime.now(SHANGHAI) - timedelta(minutes=5)).replace(second=0, microsecond=0)
    spec = _spec(tmp_path, f"{last.minute} {last.hour} * * *")
    sched = scheduler.build_scheduler(config, str(db), [spec])
    sched.modify_job("inspect", next_run_time=last - timedelta(days=2))  # three daily runs missed
    sched.resume()
    try:
        _wait(lambda: any(r["status"] == "success" for r in _log(db)))
        time.sleep(0.5)
        rows = _log(db)
        assert [(r["job"], r["status"], r["exit_code"]) for r in rows] == [("inspect", "success", 0)]
        assert (tmp_path / "schedule.log").read_text(encoding="utf-8").count("ran\n") == 1
        assert sched.get_job("inspect").next_run_time == last + timedelta(days=1)
    finally:
        sched.shutdown(wait=True)


def test_a_run_missed_beyond_the_grace_window_is_recorded_not_run(tmp_path: Path) -> None:
    config, db = _config(tmp_path, grace=60), tmp_path / "patrol.db"
    last = (datetime.now(SHANGHAI) - timedelta(hours=3)).replace(second=0, microsecond=0)
    sched = scheduler.build_scheduler(config, str(db), [_spec(tmp_path, f"{last.minute} {last.hour} * * *")])
    sched.modify_job("inspect", next_run_time=last)
    sched.resume()
    try:
        _wait(lambda: bool(_log(db)))
        [row] = _log(db)
        assert row["status"] == "skipped" and "宽限期" in row["message"]
        assert not (tmp_path / "schedule.log").exists()
    finally:
        sched.shutdown(wait=True)


def test_job_outcomes_follow_exit_codes(tmp_path: Path) -> None:
    db, log = str(tmp_path / "patrol.db"), str(tmp_path / "logs" / "schedule.log")
    assert scheduler.run_job("inspect", [sys.executable, "-c", "raise SystemExit(1)"], db, log, (0, 1)) == 1
    assert scheduler.run_job("notify", [sys.executable, "-c", "print('boom'); raise SystemExit(1)"], db, log,
                             (0,)) == 1
    assert scheduler.run_job("inspect", [sys.executable, "-c", "raise SystemExit(2)"], db, log, (0, 1)) == 2
    rows = list(reversed(_log(Path(db))))
    assert [(r["job"], r["status"]) for r in rows] == [("inspect", "success"), ("notify", "failed"),
                                                       ("inspect", "failed")]
    assert all(r["ended"] and r["pid"] for r in rows)
    text = Path(log).read_text(encoding="utf-8")
    assert "boom" in text and "退出码 2" in text


RUNNER = """
import sys
import scheduler
from notices_fixtures import make_config
from pathlib import Path
tmp = Path(sys.argv[1])
config = make_config(tmp, extra={"schedule": {"log_file": str(tmp / "schedule.log")}})
spec = scheduler.JobSpec("inspect", "* * * * *", (sys.executable, "-c", "import time; print('child up', flush=True); "
                         "time.sleep(60)"), (0, 1))
scheduler.run_forever(config, tmp / "sites.toml", str(tmp / "patrol.db"), specs=[spec])
"""


def test_sigterm_stops_the_scheduler_and_its_running_child(tmp_path: Path) -> None:
    config, db = _config(tmp_path), tmp_path / "patrol.db"
    scheduler.build_scheduler(config, str(db), [_spec(tmp_path, "* * * * *")]).shutdown(wait=True)
    scheduler.set_next_run_time(str(db), "inspect", datetime.now(SHANGHAI) - timedelta(seconds=5))  # due at start
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, str(tmp_path)], env=env)
    try:
        log = tmp_path / "schedule.log"
        _wait(lambda: log.exists() and "child up" in log.read_text(encoding="utf-8"))
        [running] = _log(db)
        assert running["status"] == "running"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    [row] = _log(db)
    assert row["status"] == "interrupted" and row["pid"]
    assert not psutil.pid_exists(row["pid"]) or psutil.Process(row["pid"]).status() == psutil.STATUS_ZOMBIE
    assert "调度器已停止" in (tmp_path / "schedule.log").read_text(encoding="utf-8")
