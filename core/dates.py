""""The latest date not after as-of" (最近更新日期), computed in one place for storage, rules and notices.

A date after the inspection day (a typo, a scheduled post) never counts as an update.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypeVar

D = TypeVar("D", date, str)  # a date, or its ISO text as SQLite stores it (ISO text sorts as dates do)


def latest_not_after(dates: Iterable[D | None], as_of: D) -> D | None:
    """The newest of ``dates`` on or before ``as_of``; None when there is none (missing dates skipped)."""
    return max((d for d in dates if d is not None and d <= as_of), default=None)
