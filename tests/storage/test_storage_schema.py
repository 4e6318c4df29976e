"""Schema creation, migrations and connection settings on real SQLite files."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from storage import Store
from storage.schema import MIGRATIONS, SCHEMA_VERSION, migrate

TABLES = {"runs", "units", "sites", "columns", "entries", "pages", "findings", "notices"}


def _tables(store: Store) -> set[str]:
    return set(store.db.table_names())


def test_migrates_an_empty_file_to_the_newest_version(tmp_path):
    with Store(tmp_path / "patrol.db") as store:
        assert _tables(store) >= TABLES
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_wal_mode_is_on_and_persists(tmp_path):
    path = tmp_path / "patrol.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_reopening_is_idempotent_and_keeps_data(tmp_path):
    path = tmp_path / "patrol.db"
    with Store(path) as store:
        store.register_site("清河市人民政府", "http://127.0.0.1:9/", unit="清河市政务公开办")
    with Store(path) as store:
        assert migrate(store.conn) == 0
        assert store.site_names() == ["清河市人民政府"]
        assert store.site("清河市人民政府")["unit"] == "清河市政务公开办"
        assert _tables(store) >= TABLES


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "patrol.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(sqlite3.DatabaseError, match="升级"):
        Store(path)


def test_foreign_keys_are_enforced(tmp_path):
    with Store(tmp_path / "patrol.db") as store:
        run_id, _ = store.start_run("run", date(2026, 11, 20))
        with pytest.raises(sqlite3.IntegrityError):
            store.record_entries(run_id, "no-such-column", "x", [{"title": "t", "url": "http://127.0.0.1/a"}])
        assert store.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


def test_a_version_1_file_is_migrated_in_order_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    conn.execute("INSERT INTO sites (name, url) VALUES ('清河市人民政府', 'http://127.0.0.1:9/')")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 15
        assert {"evaluations", "notice_items", "schedule_log", "probes"} <= _tables(store)
        assert {"title", "discovery"} <= set(store.db["sites"].columns_dict)
        assert "found" in store.db["columns"].columns_dict  # v11: how each column was found
        assert {"written", "metas"} <= set(store.db["entries"].columns_dict)  # v13, v15: 成文日期, metas
        for table in ("sites", "columns"):  # v5: redirects and blocks as evidence
            assert {"final_url", "redirects", "blocked"} <= set(store.db[table].columns_dict)
        assert store.site("清河市人民政府")["redirects"] == []
        assert store.site("清河市人民政府")["url"] == "http://127.0.0.1:9/"
        assert store.site_title("清河市人民政府") is None


def test_a_job_store_the_scheduler_created_itself_keeps_its_jobs_when_migrated(tmp_path):
    """Before v9 the scheduler created ``apscheduler_jobs`` on its own; the migration adopts the table."""
    path = tmp_path / "v8.db"
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:8]:
        conn.execute("BEGIN")
        step(conn)
        conn.execute("COMMIT")
    conn.execute("PRAGMA user_version = 8")
    conn.execute("CREATE TABLE apscheduler_jobs (id TEXT PRIMARY KEY, next_run_time REAL, job_state BLOB NOT NULL)")
    conn.execute("INSERT INTO apscheduler_jobs VALUES ('inspect', 1800000000.0, x'00')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.next_job_times() == {"inspect": 1800000000.0}
        assert store.job_states(job_id="inspect") == [("inspect", b"\x00")]
        assert not store.add_job_state("inspect", None, b"\x01")  # the id is taken
        assert store.remove_job_states(["inspect", "nothing"]) == 1


def test_the_package_docstring_names_the_file_of_every_store_method() -> None:
    """storage/__init__.py lists each public Store method under the file that defines it."""
    import inspect
    import re

    import storage

    listed: dict[str, str] = {}
    for item in re.findall(r"^- (\w+\.py) \(\w+\): (.*?)(?=^- |^\n|\Z)", storage.__doc__ or "", re.M | re.S):
        listed.update({name.strip(): item[0] for name in item[1].replace("\n", " ").split(",")})
    public = {}
    for name in dir(Store):
        if not name.startswith("_") and callable(getattr(Store, name)):
            owner = next(c for c in Store.__mro__ if name in c.__dict__)
            public[name] = str(inspect.getsourcefile(owner)).rsplit("/", 1)[-1]
    assert listed == public
