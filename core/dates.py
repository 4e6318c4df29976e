""""The latest date not after as-of" (最近更新日期), computed in one place for storage, rules and notices, and
"today" as the office counts it.

A date after the inspection day (a typo, a scheduled post) never counts as an update.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

D = TypeVar("D", date, str)  # a date, or its ISO text as SQLite stores it (ISO text sorts as dates do)


def latest_not_after(dates: Iterable[D | None], as_of: D) -> D | None:
    """The newest of ``dates`` on or before ``as_of``; None when there is none (missing dates skipped)."""
    return max((d for d in dates if d is not None and d <= as_of), default=None)


DEFAULT_TIMEZONE = "Asia/Shanghai"


def local_today(timezone: str = DEFAULT_TIMEZONE) -> date:
    """Today in the office's time zone (``[schedule] timezone``), whatever the machine's clock zone is: the
    inspection day of a run started at 01:00 Beijing time on a UTC server, and the day probes are counted in."""
    return datetime.now(ZoneInfo(timezone)).date()
