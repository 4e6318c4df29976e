"""The scheduler's job store holds data, never code (issue 19): a pickled job state planted in the database
is never unpickled, a forged row cannot change what a job runs, and what is stored is plain JSON. Real
SQLite files and the real APScheduler."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from pathlib import Path

from notices_fixtures import make_config

import scheduler
from storage.store import Store


class Planted:
    """A pickle that makes a folder when loaded (what an attacker's would do, harmlessly)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204 - pickle's protocol
        return (os.mkdir, (str(self.marker),))


def _rows(db: Path) -> dict[str, bytes]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT id, job_state FROM apscheduler_jobs").fetchall())
    finally:
        con.close()


def _setup(tmp_path: Path):
    config = make_config(tmp_path, extra={"schedule": {"log_file": str(tmp_path / "schedule.log")}})
    db = tmp_path / "patrol.db"
    specs = scheduler.job_specs(config, tmp_path / "sites.toml")
    return config, db, specs


def test_a_planted_pickle_is_never_loaded(tmp_path: Path) -> None:
    config, db, specs = _setup(tmp_path)
    marker = tmp_path / "pwned"
    with Store(db) as store:
        store.add_job_state("inspect", 1.0, pickle.dumps(Planted(marker)))
        store.add_job_state("evil", 1.0, pickle.dumps(Planted(marker)))
    sched = scheduler.build_scheduler(config, str(db), specs)
    try:
        jobs = {j.id: j for j in sched.get_jobs()}
    finally:
        sched.shutdown(wait=False)
    assert not marker.exists()
    assert set(jobs) == {"inspect", "notify", "probe"}  # rebuilt from the config, the unknown row dropped
    assert "evil" not in _rows(db)


def test_a_forged_row_cannot_change_what_a_job_runs(tmp_path: Path) -> None:
    config, db, specs = _setup(tmp_path)
    first = scheduler.build_scheduler(config, str(db), specs)
    first.shutdown(wait=False)
    forged = {"v": 1, "id": "inspect", "plan": "x", "args": ["inspect", ["sh", "-c", "touch pwned"]],
              "func": "os:system"}
    with Store(db) as store:
        store.update_job_state("inspect", 1.0, json.dumps(forged).encode())
    second = scheduler.build_scheduler(config, str(db), specs)
    try:
        job = second.get_job("inspect")
    finally:
        second.shutdown(wait=False)
    assert job is not None and job.func is scheduler.run_job
    assert job.args[1][-4:] == ["run", "--config", str((tmp_path / "sites.toml").resolve()), "--quiet"]
    assert job.next_run_time is not None and job.next_run_time.timestamp() > 1.0  # a plan that is not ours


def test_stored_states_are_plain_json(tmp_path: Path) -> None:
    config, db, specs = _setup(tmp_path)
    sched = scheduler.build_scheduler(config, str(db), specs)
    sched.shutdown(wait=False)
    states = {job_id: json.loads(blob) for job_id, blob in _rows(db).items()}
    assert set(states) == {"inspect", "notify", "probe"}
    assert all(set(s) == {"v", "id", "plan"} for s in states.values())
