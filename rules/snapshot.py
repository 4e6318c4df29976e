"""A site as the crawler last saw it: the only input rules read (with an as-of date).

Snapshots are built by ``storage`` from the database (or by ``patrol check`` straight from a crawl);
rules never touch the network, the database or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class EntrySnap:
    """One entry (条目) listed in a column."""

    title: str
    url: str
    list_date: date | None = None  # the date shown beside the title on the list page
    list_date_raw: str | None = None  # raw text of that date ("2026-13-45" when invalid)
    published: date | None = None  # the article's own publish date, when its page was read
    published_raw: str | None = None
    published_from: str | None = None  # "label" | "meta" | "url" | None
    status: int | None = None  # HTTP status of the entry page; 0 = no answer; None = not fetched
    written: date | None = None  # the 成文日期 its page shows (never from a meta or the URL)
    metas: tuple[str, ...] | None = None  # the 发展指引 meta names its page carries (None: page not read)

    @property
    def date(self) -> date | None:
        """The entry's publish date: the list date, else the article's own date."""
        return self.list_date or self.published


@dataclass(frozen=True)
class ColumnSnap:
    """A column (栏目) of a site's 信息公开 catalog or navigation."""

    name: str
    url: str | None  # None for a grouping heading that is not a link (法定主动公开内容)
    kind: str = "list"  # "list" | "page" (a single content page) | "group"
    parent: str | None = None  # name of the parent column
    category: str | None = None  # config override of the class; None = classify by name
    status: int | None = None  # HTTP status of the column's first page; 0 = no answer
    error: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # ColumnName, ColumnType, ...
    page_date: date | None = None  # kind "page": the page's own date, if any
    entries: tuple[EntrySnap, ...] = ()
    entry_count: int | None = None  # entries listed across all pages (None = len(entries))
    final_url: str | None = None  # where the first page's redirects ended (None: no redirect)
    redirects: tuple[dict[str, object], ...] = ()  # hops followed (or refused, last): url, status, to
    blocked: str | None = None  # a WAF / anti-bot layer answered instead of the page (its reason)
    cut: str | None = None  # a crawl limit cut its walk short, or it was never reached (Chinese reason)
    found: str | None = None  # how the crawl found it: "catalog" | "config" | "menu" | "more" | "frame"
    rendered: bool = False  # its list was built by script and read from headless Chromium

    @property
    def count(self) -> int:
        return self.entry_count if self.entry_count is not None else len(self.entries)


@dataclass(frozen=True)
class ProbeDay:
    """One day of home page probes (站点可用性探测) of a site, local time."""

    day: date
    probes: int  # every probe, blocked ones included
    failures: int  # probes that did not open the page in time (DNS, refused, timeout, TLS, HTTP error …)
    blocked: int = 0  # answered by a WAF / anti-bot layer: neither a failure nor a success
    causes: dict[str, int] = field(default_factory=dict)  # failure class -> count

    @property
    def measured(self) -> int:
        """Probes that say whether the page opened: blocked ones tell nothing either way."""
        return self.probes - self.blocked


@dataclass(frozen=True)
class Availability:
    """Home page probes of the days up to the as-of date (oldest first; days without probes left out)."""

    days: tuple[ProbeDay, ...] = ()
    lookback_days: int = 31  # how far back ``days`` reaches, counting the as-of date


@dataclass(frozen=True)
class LinkSnap:
    """A link (链接) on the home page or a column page, with the latest check of its target."""

    page: str  # the page it is on
    url: str  # its target
    text: str  # its text as a reader sees it
    place: str  # "home" | "page" (a column's list or content page)
    column: str | None = None  # the column whose page it is on
    status: int | None = None  # HTTP status of the latest check; 0 = no answer; None = never checked
    error: str | None = None  # the cause of a failed check (Chinese)
    outcome: str | None = None  # "ok" | "fail" | "restricted" (401/403/429, a WAF: needs a look, not broken)
    fails: int = 0  # failed checks in a row (runs, or a recheck within a run)
    since: date | None = None  # the day the failing began
    checked_on: date | None = None


@dataclass(frozen=True)
class MessageSnap:
    """A message (留言) a 互动交流 channel lists, with its dates and state as shown."""

    column: str  # the channel's name
    title: str
    url: str | None = None
    asked: date | None = None  # 留言时间
    replied: date | None = None  # 回复时间; None: not shown
    state: str | None = None  # "answered" | "unanswered" | "pending" | None (no state shown)
    state_raw: str | None = None
    exempt: bool = False  # a 网上信访 / 纪检举报 channel

    @property
    def days(self) -> int | None:
        """Days from the message to its reply, when both dates are shown."""
        return (self.replied - self.asked).days if self.asked and self.replied else None


@dataclass(frozen=True)
class SiteSnap:
    """A registered site (网站) with its home page facts and columns."""

    name: str
    url: str
    unit: str | None = None  # 责任单位
    kind: str | None = None  # "government" | "department" | None (guess from the names)
    title: str | None = None  # the site's own name: SiteName meta, else the home page <title>
    status: int | None = None  # HTTP status of the home page; 0 = no answer
    error: str | None = None
    identifiers: dict[str, object] = field(default_factory=dict)  # site_id_code, icp, police, conac
    home_dates: tuple[date, ...] = ()  # dates shown on the home page (year-less ones resolved)
    home_entries: tuple[EntrySnap, ...] = ()
    columns: tuple[ColumnSnap, ...] = ()
    # where the crawl found the 信息公开目录: {"url": None when not found, "source": "home" | "config" |
    # "home-page" | "columns", "home": …, "tried": [{"url", "link", "how", "depth", "result"}]}; None = unknown
    catalog: dict[str, Any] | None = None
    final_url: str | None = None  # where the home page's redirects ended (None: no redirect)
    redirects: tuple[dict[str, object], ...] = ()  # hops followed (or refused, last): url, status, to
    blocked: str | None = None  # a WAF / anti-bot layer answered instead of the home page (its reason)
    availability: Availability | None = None  # the probes' daily figures as of the as-of date; None = no history
    links: tuple[LinkSnap, ...] = ()  # links of the home page and the column pages as last read (链接可用性)
    # what the home page offers, as read (crawler.extract.interaction.home_facts): channels, services,
    # search, metas; None = never read (the rules that need it say nothing)
    facts: dict[str, Any] | None = None
    messages: tuple[MessageSnap, ...] = ()  # messages of the 互动交流 channels as last read
    # content-review candidates a person confirmed (storage review_candidates, status confirmed): kind
    # (personal-data | wording), url, location, summary, masked sample; pending ones never reach the rules
    confirmed: tuple[dict[str, Any], ...] = ()
