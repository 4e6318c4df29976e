"""Working days (工作日) on China's official calendar: the one calendar deadlines and rules count with.

Working days follow the State Council's yearly holiday arrangement (法定节假日 and 调休: a holiday
weekday is no working day, a 调休 Saturday or Sunday is one), as published in the maintained
``chinesecalendar`` package. For a year the package does not know yet, Monday to Friday count, less the
holidays on fixed dates (元旦, 劳动节 1–5 May, 国庆 1–7 October); the lunar holidays of such a year are
not known.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

import chinese_calendar

# Holidays on fixed dates, used only for years the official calendar does not cover yet.
_FIXED_HOLIDAYS = ((1, 1), *((5, d) for d in range(1, 6)), *((10, d) for d in range(1, 8)))


def is_workday(day: date, holidays: Collection[date] = ()) -> bool:
    """A working day on the official calendar and not a listed extra holiday."""
    if day in holidays:
        return False
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the calendar does not cover yet
        return day.weekday() < 5 and (day.month, day.day) not in _FIXED_HOLIDAYS


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_workday(day):
            count += 1
    return count
