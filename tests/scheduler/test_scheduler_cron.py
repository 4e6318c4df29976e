"""Cron lines read as cron reads them, and next run times under a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from notices_fixtures import make_config

import scheduler
from patrol.cli import cli

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY_10 = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)


def test_defaults_fire_nightly_at_two_and_on_monday_at_nine(tmp_path: Path) -> None:
    runs = scheduler.next_run_times(make_config(tmp_path), FRIDAY_10)
    assert runs == {"inspect": datetime(2026, 11, 21, 2, 0, tzinfo=SHANGHAI),
                    "notify": datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI),
                    "probe": FRIDAY_10 + timedelta(minutes=5)}  # every 300 s, only the sites that are due


@pytest.mark.parametrize(("dow", "expected"), [
    ("1", datetime(2026, 11, 23, 9, 0)),  # cron 1 = Monday (APScheduler alone would say Tuesday)
    ("0", datetime(2026, 11, 22, 9, 0)),  # Sunday
    ("7", datetime(2026, 11, 22, 9, 0)),  # Sunday too
    ("1-5", datetime(2026, 11, 23, 9, 0)),  # next working day after Friday 10:00
    ("sat", datetime(2026, 11, 21, 9, 0)),
    ("*/3", datetime(2026, 11, 21, 9, 0)),  # 0,3,6 = Sun, Wed, Sat: Saturday comes first
])
def test_day_of_week_numbers_follow_crontab(dow: str, expected: datetime) -> None:
    trigger = scheduler.cron_trigger(f"0 9 * * {dow}", "Asia/Shanghai")
    assert trigger.get_next_fire_time(None, FRIDAY_10) == expected.replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("bad", ["0 2 * *", "61 2 * * *", "0 2 * * 9"])
def test_invalid_cron_lines_are_refused_in_chinese(bad: str) -> None:
    with pytest.raises(ValueError, match="cron 表达式"):
        scheduler.cron_trigger(bad, "Asia/Shanghai")


def test_configured_schedule_and_timezone(tmp_path: Path) -> None:
    config = make_config(tmp_path, extra={"schedule": {"inspect": "30 23 * * 1-5", "timezone": "UTC"}})
    runs = scheduler.next_run_times(config, FRIDAY_10)
    assert runs["inspect"] == datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("UTC"))


def test_schedule_list_prints_next_runs_in_chinese(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    text = scheduler.render_next_runs(config, tmp_path / "sites.toml", now=FRIDAY_10)
    assert "每晚巡查" in text and "2026-11-21 02:00 周六" in text
    assert "每周通报" in text and "2026-11-23 09:00 周一" in text and "Asia/Shanghai" in text
    toml = tmp_path / "sites.toml"
    toml.write_text(f'database = "{tmp_path / "patrol.db"}"\n[schedule]\ninspect = "0 3 * * *"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["schedule", "--config", str(toml), "--list"])
    assert result.exit_code == 0, result.output
    assert "0 3 * * *" in result.output and "下次运行" in result.output


def test_schedule_rejects_a_bad_cron_line_as_a_usage_error(tmp_path: Path) -> None:
    toml = tmp_path / "sites.toml"
    toml.write_text(f'database = "{tmp_path / "patrol.db"}"\n[schedule]\nnotify = "every monday"\n',
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["schedule", "--config", str(toml), "--list"])
    assert result.exit_code == 2 and "cron 表达式" in result.output
