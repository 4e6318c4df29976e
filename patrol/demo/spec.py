"""Declarative description of a demo portal: sites, columns and entries, dated relative to `today`.

A spec never holds a calendar date: entries carry an age in days (or, for annual reports, the year
offset and the month/day of publication), so the same spec shows the same mix of fresh, stale and
blank columns on any day. ``DEFAULT_SITES`` (the bundled demo set) lives in ``defaults.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

STYLES = ("trs", "hanweb", "table", "plain")
PAGERS = ("default", "countpage", "empire")  # countpage: TRS stock `var countPage = N//共多少页`; empire:
# EmpireCMS numbered links (index.html, index_2.html …); a style ignores the pagers that are not its own
# a demo site may also use "gateway": TRS behind a home page that links 信息公开 only by image and script
LIST_DATE_FORMS = ("iso", "dot", "cn", "fullwidth", "bracket", "md", "none")
CHARSET_DECLS = ("meta", "header", "none")
ARTICLE_DATE_FORMS = ("label", "byline", "meta")


@dataclass(frozen=True)
class EntrySpec:
    """One entry (条目) of a list column and its article page.

    ``age``: days before today of the date the article page shows (None: the page shows no date).
    ``list_age``: the date shown on the list, when it differs from ``age``.
    ``list_form``: how the list writes its date (see ``LIST_DATE_FORMS``); ``list_raw`` replaces it
    with literal text (``{Y}`` is today's year), e.g. an impossible date ``{Y}-13-45``.
    ``meta_age``: a ``<meta name="PubDate">`` that differs from the visible date (a migration).
    ``date_form``: how the article page shows its date (see ``ARTICLE_DATE_FORMS``): "label" (发布时间：…),
    "byline" (unlabelled, beside 来源), "meta" (shown nowhere: only in ``<meta name="PubDate">``).
    ``regenerated``: the page was regenerated today and its ``PubDate`` is that generation time (equal to
    the ``others`` 页面生成时间 meta), not the publish date.
    ``pinned``: a 置顶 row, written first (give it an older date than the rows below it).
    ``annual``: for annual reports, the report year is ``today.year - annual`` and the page is
    published on ``month_day`` of the following year; ``{year}`` in the title is the report year.
    An annual entry whose publication day is still in the future is not listed at all.
    """

    title: str
    age: int | None = 0
    list_age: int | None = None
    list_form: str = "iso"
    list_raw: str | None = None
    meta_age: int | None = None
    status: int = 200
    decoy: bool = False  # show a 生成日期 decoy date on the article page
    date_form: str = "label"
    regenerated: bool = False
    pinned: bool = False  # a 置顶 row: listed first on the list whatever its date
    annual: int = 0
    month_day: tuple[int, int] = (3, 20)
    eid: int | None = None  # an explicit id (an entry published later, ``DemoPortals.publish``): keeps the
    # others' ids, which count only the entries without one


@dataclass(frozen=True)
class ColumnSpec:
    """A column (栏目): a list of entries, a single content page, or a grouping heading."""

    name: str
    slug: str
    kind: str = "list"  # "list" | "page" | "group" (a heading that is not a link)
    category: str | None = None  # the class a correct classifier gives the name (a hint for tests)
    entries: Sequence[EntrySpec] = ()
    children: tuple[ColumnSpec, ...] = ()
    per_page: int = 20
    page_age: int | None = 30  # kind "page": the date the page shows
    body: str = ""  # kind "page": the text of the page
    charset_decl: str = "meta"  # GBK sites: "meta" | "header" (HTTP only) | "none" (undeclared)
    in_catalog: bool = True  # False: linked from the home navigation only
    on_home: bool = False  # its newest entries are shown on the home page
    pager: str = "default"  # see PAGERS
    stub: bool = False  # the column root is an in-page redirect stub (跳转页) to its list (plain style)


@dataclass(frozen=True)
class SiteSpec:
    """A fictional unit's website in one CMS style."""

    key: str
    name: str
    unit: str
    unit_email: str
    kind: str  # "government" | "department"
    style: str  # one of STYLES, or "gateway"
    columns: tuple[ColumnSpec, ...]
    encoding: str = "utf-8"  # "utf-8" or "gbk"
    domain: str = "www.example.gov.cn"
    site_id_code: str | None = None
    icp: str | None = None
    police: str | None = None
    conac: bool = True
    catalog_linked: bool = True  # the home page links to the 信息公开 catalog
    citizen: bool = True  # the header offers a 领导信箱 (all answered) and a site search box
    home_count: int = 8
    home_md_dates: bool = False  # the home page writes dates without a year ("11-18")
    home_redirect: bool = False  # "/" answers 302 with an absolute Location to /index.html
    slashless_links: bool = False  # the catalog links columns without their trailing slash (301 adds it)
    validators: bool = True  # pages carry ETag / Last-Modified and answer 304 (False: as dynamic ASP pages)

    def walk(self) -> list[tuple[ColumnSpec, ColumnSpec | None]]:
        """Every column in catalog order, with its parent (None for first-level columns)."""
        out: list[tuple[ColumnSpec, ColumnSpec | None]] = []
        for col in self.columns:
            out.append((col, None))
            out.extend((child, col) for child in col.children)
        return out
