"""Runs: start, finish, interrupt and resume semantics, including a run whose process was killed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

from helpers import ROOT, known_entry_urls

from storage import Store

AS_OF = date(2026, 11, 20)
SITE = "清河市人民政府"


def test_a_new_run_is_a_row_and_a_finished_one_is_not_resumed(tmp_path):
    with Store(tmp_path / "p.db") as store:
        run_id, resumed = store.start_run("run", AS_OF, config="sites.toml")
        assert resumed is False
        row = store.run(run_id)
        assert (row["status"], row["as_of"], row["config"], row["kind"]) == ("running", "2026-11-20",
                                                                                  "sites.toml", "run")
        store.finish_run(run_id)
        assert store.run(run_id)["status"] == "complete"
        assert store.run(run_id)["ended"] is not None
        second, resumed = store.start_run("run", AS_OF)
        assert (second, resumed) == (run_id + 1, False)


def test_our_own_running_run_and_an_interrupted_one_are_resumed(tmp_path):
    with Store(tmp_path / "p.db") as store:
        run_id, _ = store.start_run("run", AS_OF)
        assert store.start_run("run", date(2026, 11, 21)) == (run_id, True)
        assert store.run(run_id)["as_of"] == "2026-11-21"
        store.mark_interrupted(run_id)
        assert store.run(run_id)["status"] == "interrupted"
        assert store.start_run("run", AS_OF) == (run_id, True)
        assert store.run(run_id)["status"] == "running"
        assert store.run(run_id)["resumes"] == 2
        # another kind does not resume a "run"
        check_id, resumed = store.start_run("check", AS_OF)
        assert check_id != run_id and resumed is False


def test_a_run_held_by_a_live_process_is_not_resumed(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with Store(tmp_path / "p.db") as store:
            run_id, _ = store.start_run("run", AS_OF)
            store.conn.execute("UPDATE runs SET pid = ? WHERE id = ?", (child.pid, run_id))
            store.conn.commit()
            other, resumed = store.start_run("run", AS_OF)
            assert resumed is False and other != run_id
    finally:
        child.kill()
        child.wait()


def test_failed_run_counts(tmp_path):
    with Store(tmp_path / "p.db") as store:
        store.register_site(SITE, "http://127.0.0.1:9/")
        run_id, _ = store.start_run("run", AS_OF)
        store.record_site(run_id, SITE, url="http://127.0.0.1:9/", status=0, error="连接被拒绝",
                          identifiers={}, home_dates=[], home_entries=[])
        cid = store.record_column(run_id, SITE, name="工作动态", url="http://127.0.0.1:9/gzdt/", parent=None,
                                  kind="list", category=None, status=200, error=None, meta={}, page_date=None)
        store.record_entries(run_id, cid, SITE, [{"title": f"t{i}", "url": f"http://127.0.0.1:9/{i}"}
                                                 for i in range(3)])
        store.record_page(run_id, "http://127.0.0.1:9/gzdt/", status=200, etag=None, last_modified=None,
                          content_hash="h", encoding="utf-8")
        store.finish_run(run_id, "failed")
        row = store.run(run_id)
        assert (row["status"], row["sites"], row["columns"], row["entries"], row["pages"], row["errors"]) == \
            ("failed", 1, 1, 3, 1, 1)
        assert store.last_run("run") is None
        assert store.last_run("run", status="failed")["id"] == run_id


KILLED_CHILD = textwrap.dedent("""
    import sys, time
    from datetime import date
    from storage import Store
    store = Store(sys.argv[1])
    run_id, _ = store.start_run("run", date(2026, 11, 20))
    store.register_site("清河市人民政府", "http://127.0.0.1:9/")
    ids = []
    for name in ("工作动态", "通知公告"):
        ids.append(store.record_column(run_id, "清河市人民政府", name=name, url="http://127.0.0.1:9/" + name,
                                       parent=None, kind="list", category=None, status=200, error=None,
                                       meta={}, page_date=None))
    store.record_entries(run_id, ids[0], "清河市人民政府",
                         [{"title": "a", "url": "http://127.0.0.1:9/a", "list_date": date(2026, 11, 18)}])
    store.complete_column(run_id, ids[0], 1)
    with store._tx():  # the second column's write is under way when the process is killed
        store.record_entries(run_id, ids[1], "清河市人民政府",
                             [{"title": "b", "url": "http://127.0.0.1:9/b"}])
        store.complete_column(run_id, ids[1], 1)
        print(run_id, ids[0], ids[1], flush=True)
        time.sleep(60)
""")


def test_walked_columns_after_a_kill_and_the_dead_run_is_resumed(tmp_path: Path):
    path = tmp_path / "p.db"
    child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, str(path)], stdout=subprocess.PIPE,
                             text=True, cwd=ROOT)
    try:
        run_id, first, second = child.stdout.readline().split()
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    with Store(path) as store:
        assert store.walked_columns(int(run_id)) == {first}
        assert known_entry_urls(store, first) == {"http://127.0.0.1:9/a"}
        assert known_entry_urls(store, second) == set()
        assert store.run(int(run_id))["status"] == "running"
        assert store.start_run("run", AS_OF) == (int(run_id), True)
        assert store.walked_columns(int(run_id)) == {first}
