"""Ctrl-C and SIGTERM: `patrol run` stops within seconds leaving a resumable run; the demo server stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import AS_OF, interruptible, query, run_cli

from patrol.demo.server import DemoPortals


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "patrol", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=interruptible)


def test_run_stops_within_seconds_of_sigterm_and_the_next_run_resumes(portals: DemoPortals, tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    text = portals.config_toml(database=str(db)).replace("timeout = 10.0", "timeout = 60.0")
    slow_site = f'\n[[sites]]\nname = "迟缓站点"\nurl = "{portals.url(portals.sites[0].key, "/_delay/25")}"\n' \
                f'unit = "{portals.sites[0].unit}"\n'
    config = tmp_path / "sites.toml"
    config.write_text(text + slow_site, encoding="utf-8")
    child = _start(["run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet"], tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        walked = query(db, "select count(*) from columns where walked_run is not null")
        if walked and walked[0][0] >= 3:
            break
        time.sleep(0.05)
    assert child.poll() is None, child.communicate()
    child.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    _, err = child.communicate(timeout=60)
    waited = time.monotonic() - sent
    assert waited < 8, f"patrol run took {waited:.1f}s to stop after SIGTERM"  # a request in flight takes 25 s
    assert child.returncode == 3 and "巡查被中断" in err and "收到停止信号" in err and "Traceback" not in err
    assert query(db, "select id, status from runs") == [(1, "interrupted")]
    assert query(db, "pragma integrity_check") == [("ok",)]

    config.write_text(text, encoding="utf-8")  # the slow site is gone; the interrupted run is completed
    again = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", cwd=tmp_path)
    assert again.code in (0, 1), again.stderr
    assert "已续跑上次中断的巡查（批次 1）" in again.stdout
    assert query(db, "select id, status from runs") == [(1, "complete")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_demo_serve_stops_cleanly(tmp_path: Path, signum: int) -> None:
    child = _start(["demo", "--serve", "--port", "0", "--as-of", AS_OF.isoformat()], tmp_path)
    assert child.stdout is not None
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "按 Ctrl-C 结束" in line:
            break
    assert "按 Ctrl-C 结束" in "".join(lines), "".join(lines) + (child.stderr.read() if child.stderr else "")
    child.send_signal(signum)
    sent = time.monotonic()
    out, err = child.communicate(timeout=30)
    assert time.monotonic() - sent < 5
    assert child.returncode == 0, err
    assert "已停止演示站点" in out and "Traceback" not in err
