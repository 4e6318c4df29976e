"""A run killed halfway leaves a consistent database, and the next run completes the same run."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import AS_OF, query, run_cli, write_slow_config

from patrol.demo.server import DemoPortals


def test_killed_run_is_resumed_and_completed(portals: DemoPortals, tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    config = tmp_path / "sites.toml"
    write_slow_config(portals, config, db, 0.02)
    log = (tmp_path / "run.log").open("wb")
    child = subprocess.Popen([sys.executable, "-m", "patrol", "run", "--config", str(config), "--as-of",
                              AS_OF.isoformat(), "--quiet"], stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        walked = query(db, "select count(*) from columns where walked_run is not null")
        if walked and walked[0][0] >= 8:
            break
        time.sleep(0.05)
    finished = child.poll()
    child.send_signal(signal.SIGKILL)
    child.wait()
    log.close()
    assert finished is None, "the run ended before it could be killed: " + (tmp_path / "run.log").read_text()

    # consistent after the kill: the run is still marked running, columns walked so far are complete
    (run,) = query(db, "select id, status from runs")
    assert run[1] == "running"
    assert query(db, "pragma integrity_check") == [("ok",)]
    walked_before = query(db, "select count(*) from columns where walked_run = 1")[0][0]
    total = sum(1 for t in portals.expected().values() for c in t["columns"].values() if c["kind"] != "group")
    assert 8 <= walked_before < total

    result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", cwd=tmp_path)
    assert result.code in (0, 1), result.stderr
    assert "续跑" in result.stdout
    assert query(db, "select id, status from runs") == [(1, "complete")]
    for truth in portals.expected().values():
        for name, col in truth["columns"].items():
            if col["kind"] != "list":
                continue
            (count,) = query(db, f"select entry_count from columns where site = '{truth['name']}' "
                                 f"and name = '{name}'")
            assert count == (col["entries"],), (truth["name"], name)
