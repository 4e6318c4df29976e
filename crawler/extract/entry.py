"""One row of a column's list (条目), as read from a list page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ListEntry:
    title: str
    url: str
    date: date | None
    date_raw: str | None
    date_status: str | None
    yearless: bool = False  # the list showed month and day only; the year was inferred (see listyears)
    pinned: bool = False  # a 置顶 row: listed first whatever its date, so never taken as the newest
