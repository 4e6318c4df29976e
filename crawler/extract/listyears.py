"""The year of a year-less list date (`10-19`, `10月19日`), read as a careful reader would.

Lists often show only month and day. The year comes, in this order, from:
1. the entry's own URL, when it carries a date near the shown one: TRS `t20241019_…`, Hanweb
   `/art/2024/10/19/`, `/2024/10-19/`, dated folders — the CMS stamps the day the item was made, which is the
   shown day or a few days from it (a shown 12-30 with a URL of 2025-01-02 is 2024-12-30); a month folder
   (`/202410/`) only when the shown month is that month: the folder is the month the item was made, and a
   shown date in the same month of another year would mean the item waited a whole year to be listed;
2. the list's context: rows with a full date, or already placed by their URL, around the row — a list is
   written in one sweep, so the year that puts the row nearest its neighbours is the one it was written in
   (never after the as-of date);
3. else the latest year not after the as-of date (what `dates.find_dates` gave it).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.extract.dates import MAX_YEAR, MIN_YEAR, date_from_url

if TYPE_CHECKING:
    from crawler.extract.entry import ListEntry

URL_NEAR_DAYS = 31  # a URL date this close to the shown month-day fixes its year
_EXTRA_FULL_RES = (
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})-(?P<d>\d{1,2})/"),  # /2024/10-19/
    re.compile(r"/(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})/"),  # /2024-10-19/
)
_MONTH_FOLDER_RE = re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])/")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _url_full_date(url: str) -> date | None:
    found = date_from_url(url)
    if found is not None:
        return found
    path = urlsplit(url).path
    for pattern in _EXTRA_FULL_RES:
        for match in pattern.finditer(path):
            year = int(match.group("y"))
            value = _make(year, int(match.group("m")), int(match.group("d"))) if MIN_YEAR <= year <= MAX_YEAR else None
            if value is not None:
                return value
    return None


def _nearest(month: int, day: int, reference: date) -> date | None:
    """(month, day) in the year around ``reference`` that lies nearest to it."""
    options = [d for y in (reference.year - 1, reference.year, reference.year + 1)
               if (d := _make(y, month, day)) is not None]
    return min(options, key=lambda d: abs((d - reference).days), default=None)


def year_from_url(month: int, day: int, url: str) -> date | None:
    """The full date of a year-less (month, day) shown for ``url``, when the URL's own date places it."""
    full = _url_full_date(url)
    if full is not None:
        near = _nearest(month, day, full)
        if near is not None and abs((near - full).days) <= URL_NEAR_DAYS:
            return near
    folder = _MONTH_FOLDER_RE.search(urlsplit(url).path)
    if folder and int(folder.group("m")) == month:
        return _make(int(folder.group("y")), month, day)
    return None


def _newest_first(anchors: dict[int, date]) -> bool:
    """True unless the dated rows mostly go up in list order (lists are newest-first by default)."""
    ordered = [anchors[i] for i in sorted(anchors)]
    rises = sum(b > a for a, b in pairwise(ordered))
    falls = sum(b < a for a, b in pairwise(ordered))
    return rises <= falls


def _from_context(index: int, month: int, day: int, anchors: dict[int, date], as_of: date,
                  newest_first: bool) -> date | None:
    """The year that puts row ``index`` nearest its closest dated neighbours, before and after it, on the
    side of each that the list's order asks for when one such year exists."""
    before = max((i for i in anchors if i < index), default=None)
    after = min((i for i in anchors if i > index), default=None)
    neighbours = [anchors[i] for i in (before, after) if i is not None]
    if not neighbours:
        return None
    options = {d for n in neighbours for y in (n.year - 1, n.year, n.year + 1)
               if (d := _make(y, month, day)) is not None and d <= as_of}
    upper, lower = (before, after) if newest_first else (after, before)
    in_order = {d for d in options if (upper is None or d <= anchors[upper]) and (lower is None or d >= anchors[lower])}
    return min(in_order or options, key=lambda d: sum(abs((d - n).days) for n in neighbours), default=None)


def resolve_list_years(entries: list[ListEntry], as_of: date | None) -> list[ListEntry]:
    """The entries with each year-less list date placed by its URL, else its list context."""
    if as_of is None or not any(e.yearless and e.date for e in entries):
        return entries
    placed: dict[int, date] = {}
    anchors: dict[int, date] = {}
    for i, entry in enumerate(entries):
        if entry.date is None:
            continue
        if not entry.yearless:
            if not entry.pinned:  # a pinned row keeps its old date at the top: no guide to its neighbours
                anchors[i] = entry.date
            continue
        found = year_from_url(entry.date.month, entry.date.day, entry.url)
        if found is not None:
            placed[i] = found
            if not entry.pinned:
                anchors[i] = found
    newest_first = _newest_first(anchors)
    for i, entry in enumerate(entries):
        if entry.yearless and entry.date is not None and i not in placed:
            found = _from_context(i, entry.date.month, entry.date.day, anchors, as_of, newest_first)
            if found is not None:
                placed[i] = found
    return [replace(e, date=placed[i], date_status="future" if placed[i] > as_of else "ok")
            if i in placed else e for i, e in enumerate(entries)]
