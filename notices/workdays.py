"""Working days (工作日) on China's official calendar, and ISO weeks.

Working days follow the State Council's yearly holiday arrangement (法定节假日 and 调休: a holiday
weekday is no working day, a 调休 Saturday or Sunday is one), as published in the maintained
``chinesecalendar`` package. For a year the package does not know yet, Monday to Friday count, less the
holidays on fixed dates (元旦, 劳动节 1–5 May, 国庆 1–7 October), so a deadline never falls inside 国庆;
the lunar holidays (春节, 清明, 端午, 中秋) of such a year are not known.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from core.workdays import is_workday

__all__ = ["add_workdays", "chinese_date", "is_workday", "iso_week", "week_title"]


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
