"""The scheduler's log is read by people: Chinese lines on the office's clock, no warning on a clean stop."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ZONE = "Pacific/Kiritimati"  # UTC+14: its clock is never the UTC clock the process runs on

CONFIG = f"""
[[units]]
name = "清河市教育局"

[[sites]]
name = "清河市教育局"
url = "http://127.0.0.1:9/"
unit = "清河市教育局"

[schedule]
timezone = "{ZONE}"
log_file = "logs/schedule.log"
"""


def test_the_schedule_log_is_chinese_on_the_offices_clock(tmp_path: Path) -> None:
    (tmp_path / "sites.toml").write_text(CONFIG, encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "patrol", "schedule"], cwd=tmp_path,
                             env={**os.environ, "TZ": "UTC"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    log = tmp_path / "logs" / "schedule.log"
    for _ in range(100):
        if log.is_file() and "调度器已启动" in log.read_text(encoding="utf-8"):
            break
        time.sleep(0.1)
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0, out + err
    text = log.read_text(encoding="utf-8")
    assert "调度器已停止" in text and "任务调度已关闭" in text
    assert "警告" not in text and "WARNING" not in text and "INFO" not in text
    assert not re.search(r"\b(Scheduler|job store|Added job|Resumed|Paused)\b", text), text
    office_now = datetime.now(ZoneInfo(ZONE))
    stamps = [datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZoneInfo(ZONE))
              for s in re.findall(r"^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\]", text, re.M)]
    assert stamps and all(abs((office_now - s).total_seconds()) < 120 for s in stamps)
