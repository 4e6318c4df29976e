"""A site spec resolved against a date: concrete dates, ids and list-date text for every entry.

Paths are assigned afterwards by the site's renderer (each CMS style lays out URLs its own way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from patrol.demo.spec import ColumnSpec, EntrySpec, SiteSpec

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Entry:
    spec: EntrySpec
    column: Column
    index: int  # position in the column, newest first
    eid: int  # unique within the site
    title: str
    published: date | None  # the date the article page shows
    list_text: str  # the date text on the list ("" for none)
    list_date: date | None  # that text as a date (None when absent or impossible)
    meta_date: date | None  # meta PubDate
    path: str = ""  # site path of the article page
    href: str = ""  # the link as written on the list page

    @property
    def date(self) -> date | None:
        """The entry's date as a correct crawler reads it: the list date, else the article's own."""
        return self.list_date or self.published

    @property
    def status(self) -> int:
        return self.spec.status


@dataclass
class Column:
    spec: ColumnSpec
    index: int
    parent: Column | None
    entries: list[Entry] = field(default_factory=list)
    page_date: date | None = None
    path: str | None = None  # site path of the first page (None for a group heading)
    cid: int = 0  # numeric column id (Hanweb colNNNN, table classid)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.entries) // self.spec.per_page))

    def page_entries(self, page: int) -> list[Entry]:
        n = self.spec.per_page
        return self.entries[page * n:(page + 1) * n]

    def latest(self, today: date) -> date | None:
        if self.kind == "page":
            return self.page_date
        dates = [e.date for e in self.entries if e.date and e.date <= today]
        return max(dates) if dates else None


@dataclass
class Site:
    spec: SiteSpec
    today: date
    columns: list[Column]

    def lists(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "list"]

    def top(self) -> list[Column]:
        return [c for c in self.columns if c.parent is None]

    def children(self, col: Column) -> list[Column]:
        return [c for c in self.columns if c.parent is col]

    def home_entries(self) -> list[Entry]:
        pool = [e for c in self.columns if c.spec.on_home for e in c.entries
                if e.status == 200 and e.published is not None]
        pool.sort(key=lambda e: (e.published or date.min, -e.eid), reverse=True)
        return pool[: self.spec.home_count]


def format_date(d: date, form: str) -> str:
    """Write a date the way a list page does (see spec.LIST_DATE_FORMS)."""
    iso = d.isoformat()
    return {
        "iso": iso,
        "dot": f"{d.year}.{d.month:02d}.{d.day:02d}",
        "cn": f"{d.year}年{d.month:02d}月{d.day:02d}日",
        "fullwidth": iso.translate(FULLWIDTH),
        "bracket": f"[{iso}]",
        "md": f"{d.month:02d}-{d.day:02d}",
        "none": "",
    }[form]


def _ago(today: date, days: int | None) -> date | None:
    return None if days is None else today - timedelta(days=days)


def _entry(spec: EntrySpec, col: Column, index: int, today: date, later: int = 0) -> Entry | None:
    title = spec.title
    published = _ago(today, spec.age)
    if spec.annual:
        year = today.year - spec.annual
        published = date(year + 1, *spec.month_day)
        if published > today:
            return None
        title = title.replace("{year}", str(year))
    list_date = published if spec.list_age is None else _ago(today, spec.list_age)
    if spec.list_raw is not None:
        text, list_date = spec.list_raw.replace("{Y}", str(today.year)), None
    elif list_date is None or spec.list_form == "none":
        text, list_date = "", None
    else:
        text = format_date(list_date, spec.list_form)
    meta = published if spec.meta_age is None else _ago(today, spec.meta_age)
    if spec.date_form == "meta" and meta is None:
        meta = published
    eid = spec.eid if spec.eid is not None else (col.index + 1) * 100000 + index + 1 - later
    return Entry(spec, col, index, eid, title, published, text, list_date, meta)


def resolve(spec: SiteSpec, today: date) -> Site:
    """Resolve every column and entry of ``spec`` against ``today`` (paths left to the renderer)."""
    columns: list[Column] = []
    parents: dict[int, Column] = {}
    for index, (cs, parent_spec) in enumerate(spec.walk()):
        parent = parents.get(id(parent_spec)) if parent_spec is not None else None
        col = Column(cs, index, parent, page_date=_ago(today, cs.page_age) if cs.kind == "page" else None)
        parents[id(cs)] = col
        later = 0  # entries with explicit ids seen so far: they take no positional id
        for es in cs.entries:
            entry = _entry(es, col, len(col.entries), today, later)
            if entry is not None:
                col.entries.append(entry)
            later += es.eid is not None
        columns.append(col)
    return Site(spec, today, columns)
