"""The year's figures (年度统计) an annual report and the year-end 考核 quote, from the entries Patrol recorded.

Counting rule (also printed by ``patrol stats --help``):
- an entry is a (column, URL) row of the ``entries`` table; its date is the date its column list shows,
  else the date on its own page (the date the freshness rules use);
- it counts in the month of that date when the date is in the year and not after the inspection that last
  saw it; undated entries and invalid or future dates are not counted; entries since taken off their list
  still count (they were published);
- a URL listed in two columns counts in each column, and once in its site's, category's and unit's totals;
- only what Patrol saw is counted: columns it crawled, entries still listed when it first walked them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.readonly_db import connect_read_only
from web.interaction_stats import Replies, year_replies
from web.vocabulary import ColumnFacts, category_label

if TYPE_CHECKING:
    from core.config import Config

MONTHS = tuple(range(1, 13))

_ENTRIES = """
SELECT e.site, s.unit, e.column_id, c.name AS column_name, c.meta, e.url,
       coalesce(e.list_date, e.published) AS day, r.as_of AS seen
FROM entries e JOIN "columns" c ON c.id = e.column_id JOIN sites s ON s.name = e.site
JOIN runs r ON r.id = e.last_run
"""

# Columns of each site's latest crawl (list and page columns; groups are headings).
_COLUMNS = """
SELECT c.id, c.site, s.unit, c.name, c.kind, c.meta, c.entry_count
FROM "columns" c JOIN sites s ON s.name = c.site
WHERE c.kind != 'group' AND c.last_run = s.last_run ORDER BY s.unit, c.site, c.name
"""


@dataclass
class Counts:
    total: int = 0
    months: list[int] = field(default_factory=lambda: [0] * 12)
    categories: dict[str, int] = field(default_factory=dict)

    def add(self, day: date, category: str) -> None:
        self.total += 1
        self.months[day.month - 1] += 1
        self.categories[category] = self.categories.get(category, 0) + 1

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "months": self.months,
                "categories": {category_label(k): v for k, v in sorted(self.categories.items(),
                                                                         key=lambda kv: -kv[1])}}


@dataclass
class ColumnYear:
    site: str
    unit: str | None
    name: str
    category: str
    kind: str
    counts: Counts = field(default_factory=Counts)
    dates: list[date] = field(default_factory=list)
    blank: bool = False
    empty_months: list[int] = field(default_factory=list)
    longest_gap: int | None = None  # longest interval in days between updates, from 1 Jan to the last inspection

    def as_json(self) -> dict[str, Any]:
        return {"site": self.site, "unit": self.unit, "column": self.name, "category": category_label(self.category),
                "kind": self.kind, "total": self.counts.total, "months": self.counts.months,
                "empty_months": self.empty_months, "longest_gap_days": self.longest_gap, "blank": self.blank}


@dataclass
class YearStats:
    year: int
    first_run: str | None
    last_run: str | None
    sites: list[str]
    total: Counts
    units: dict[str, Counts]
    site_counts: dict[str, Counts]
    columns: list[ColumnYear]
    replies: dict[str, Replies] = field(default_factory=dict)  # 互动交流 messages per unit

    @property
    def months_covered(self) -> int:
        """Months of the year up to the last inspection (all 12 once the year is over)."""
        if self.last_run is None:
            return 0
        last = date.fromisoformat(self.last_run)
        return 12 if last.year > self.year else last.month

    def headline(self) -> str:
        """公开目录信息更新N条，其中动态要闻类…条，…"""
        parts = "，".join(f"{category_label(k)}类{v}条" for k, v in
                         sorted(self.total.categories.items(), key=lambda kv: -kv[1]))
        return f"{self.year}年公开目录信息更新{self.total.total}条" + (f"，其中{parts}" if parts else "") + "。"

    @property
    def covered(self) -> bool:
        """Whether any completed inspection could see the year's entries (one dated in or after the year)."""
        return self.first_run is not None

    def coverage(self) -> str:
        """What the figures rest on: the inspections (dated in or after the year) and what they saw."""
        if self.first_run is None:
            return f"没有{self.year}年及以后完成的巡查，无法统计{self.year}年的信息。"
        seen = f"巡查所见的{len(self.sites)}个网站、{len(self.columns)}个栏目"
        if self.first_run[:4] > str(self.year):
            return (f"统计范围：{self.year}年内没有巡查；以上为{self.first_run}至{self.last_run}完成的巡查中"
                    f"{seen}所列、日期在{self.year}年的信息，此前已从列表撤下的信息无法统计。")
        return (f"统计范围：{seen}；{self.year}年首次巡查{self.first_run}，最近一次巡查{self.last_run}。"
                "开始巡查前已撤下的信息无法统计。")

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, "first_run": self.first_run, "last_run": self.last_run, "sites": self.sites,
                "columns_crawled": len(self.columns), "months_covered": self.months_covered,
                "headline": self.headline(), "coverage": self.coverage(), "total": self.total.as_json(),
                "units": {k: v.as_json() for k, v in self.units.items()},
                "site_totals": {k: v.as_json() for k, v in self.site_counts.items()},
                "columns": [c.as_json() for c in self.columns],
                "interaction": {k: v.as_json() for k, v in self.replies.items()}}


def _connect(path: str | Path) -> sqlite3.Connection:
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}：数据库文件不存在")
    conn = connect_read_only(p)  # also on a read-only filesystem
    conn.row_factory = sqlite3.Row
    return conn


def year_stats(db_path: str | Path, year: int, config: Config | None = None) -> YearStats:
    """Count the year's entries per unit, site, column, category and month (the rule in the module doc)."""
    facts = ColumnFacts(config)
    conn = _connect(db_path)
    try:
        # Inspections that can see the year's entries: those dated in or after it (an entry dated later than
        # the inspection that saw it never counts); the first and the last of them bound the coverage.
        runs = conn.execute("SELECT min(as_of), max(as_of) FROM runs WHERE status = 'complete' "
                            "AND as_of >= ?", (f"{year}-01-01",)).fetchone()
        columns: dict[str, ColumnYear] = {}
        for r in conn.execute(_COLUMNS):
            columns[r["id"]] = ColumnYear(r["site"], r["unit"], r["name"], facts.category(r["site"], r["name"],
                                                                                          r["meta"]),
                                          r["kind"], blank=r["kind"] == "list" and not r["entry_count"])
        entries = conn.execute(_ENTRIES).fetchall()
        replies = year_replies(conn, year)
    finally:
        conn.close()
    total = Counts()
    units: dict[str, Counts] = {}
    sites: dict[str, Counts] = {}
    seen_site: set[tuple[str, str]] = set()
    for e in entries:
        day = _date(e["day"])
        if day is None or day.year != year or (e["seen"] and day.isoformat() > e["seen"]):
            continue
        col = columns.get(e["column_id"])
        if col is None:  # a column no longer in its site's latest crawl: still the site's publication
            col = ColumnYear(e["site"], e["unit"], e["column_name"],
                             facts.category(e["site"], e["column_name"], e["meta"]), "list")
            columns[e["column_id"]] = col
        col.counts.add(day, col.category)
        col.dates.append(day)
        if (e["site"], e["url"]) in seen_site:
            continue
        seen_site.add((e["site"], e["url"]))
        total.add(day, col.category)
        units.setdefault(e["unit"] or "—", Counts()).add(day, col.category)
        sites.setdefault(e["site"], Counts()).add(day, col.category)
    units = dict(sorted(units.items(), key=lambda kv: (-kv[1].total, kv[0])))
    stats = YearStats(year, runs[0], runs[1], sorted({c.site for c in columns.values()}), total, units, sites,
                      sorted(columns.values(), key=lambda c: (c.unit or "", c.site, -c.counts.total, c.name)),
                      replies)
    for col in stats.columns:
        _gaps(col, year, stats.months_covered, stats.last_run)
    return stats


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _gaps(col: ColumnYear, year: int, months: int, last_run: str | None) -> None:
    """Months of the covered span with no entry, and the longest run of days without one (list columns)."""
    if col.kind != "list" or not months or last_run is None:
        return
    col.empty_months = [m for m in MONTHS[:months] if col.counts.months[m - 1] == 0]
    end = min(date.fromisoformat(last_run), date(year, 12, 31))
    points = [date(year, 1, 1)] + sorted(d for d in col.dates if d <= end) + [end]
    col.longest_gap = max((b - a).days for a, b in zip(points, points[1:], strict=False))
