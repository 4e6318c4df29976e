"""Working days (工作日) and ISO weeks: the one place a holiday calendar would plug in.

Working days are Monday to Friday; there is no holiday calendar yet (法定节假日 and 调休 are not
known), so a deadline that falls in 国庆 or 春节 is earlier than the official one. Pass ``holidays``
to shift it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def is_workday(day: date, holidays: Collection[date] = ()) -> bool:
    """Monday to Friday and not a listed holiday."""
    return day.weekday() < 5 and day not in holidays


def add_workdays(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day, holidays):
            remaining -= 1
    return day


def iso_week(day: date) -> str:
    """The ISO week of a date as ``2026-W48``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_title(week: str) -> str:
    """``2026-W48`` as ``2026年第48周``."""
    year, number = week.split("-W")
    return f"{year}年第{int(number)}周"


def chinese_date(day: date) -> str:
    """``2026年11月23日`` (no leading zeros, as official documents write it)."""
    return f"{day.year}年{day.month}月{day.day}日"
