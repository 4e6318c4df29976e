"""What the `portal` spider yields; the store pipeline writes each kind in one transaction, except pages and
entry pages (with the links they showed), which it writes a batch at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class SiteItem:
    """A site's home page: reachability, footer identifiers and the dates it shows."""

    site: str
    url: str
    status: int | None
    error: str | None = None
    title: str | None = None
    identifiers: dict[str, Any] = field(default_factory=dict)
    home_dates: list[date] = field(default_factory=list)
    home_entries: list[dict[str, Any]] = field(default_factory=list)
    final_url: str | None = None  # where the home page's redirects ended (None: no redirect)
    redirects: list[dict[str, Any]] = field(default_factory=list)  # hops: url, status, to
    blocked: str | None = None  # a WAF / anti-bot layer answered instead (its reason)


@dataclass
class ColumnItem:
    """A column (栏目) as found on its first page (or a grouping heading without a page)."""

    site: str
    column_id: str
    name: str
    url: str | None
    parent: str | None
    kind: str
    category: str | None
    status: int | None
    error: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    page_date: date | None = None
    final_url: str | None = None  # where the first page's redirects ended (None: no redirect)
    redirects: list[dict[str, Any]] = field(default_factory=list)  # hops: url, status, to
    blocked: str | None = None  # a WAF / anti-bot layer answered instead (its reason)
    found: str | None = None  # how it was found: catalog, config, menu, more (a box's 更多 link), frame
    rendered: bool = False  # its list was read from the page as headless Chromium built it


@dataclass
class EntriesItem:
    """Entries read from one list page (or one dataproxy answer) of a column."""

    site: str
    column_id: str
    entries: list[dict[str, Any]]


@dataclass
class ColumnDoneItem:
    """Every list page of a column has been walked."""

    site: str
    column_id: str
    entry_count: int | None  # None: count the stored entries (an incremental walk stopped at known ones)
    complete: bool = True  # every list page was read: entries no longer listed are gone
    cut: str | None = None  # a limit cut the walk short (Chinese reason): what was not seen is not judged


@dataclass
class ColumnKeptItem:
    """A column whose first page is unchanged since the last run (304 or the same content): keep it all."""

    site: str
    column_id: str
    parent: str | None
    category: str | None


@dataclass
class ArticleItem:
    """An entry's own page: HTTP status and publish date."""

    url: str
    status: int | None
    title: str | None = None
    published: date | None = None
    published_raw: str | None = None
    published_from: str | None = None
    written: date | None = None  # the shown 成文日期 (crawler.extract.written)
    metas: list[str] | None = None  # the 发展指引 meta names the page carries with content (None: not read)
    links: PageLinks | None = None  # the links it showed, when link checks are on


@dataclass
class PageItem:
    """HTTP validators of a fetched page, for conditional requests next time."""

    url: str
    status: int
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    encoding: str | None
    links: PageLinks | None = None  # the links it showed, when link checks are on


@dataclass
class CatalogItem:
    """Where a site's 信息公开目录 was found (``url`` None: not found) and the pages tried to find it."""

    site: str
    url: str | None
    source: str  # "config" | "home" (reached from the home page) | "home-page" (on it) | "columns"
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class PageLinks:
    """The links (target, text) one page showed: the home page (``place`` "home") or a column's page. Not an
    item of its own: it travels with the page's :class:`PageItem` or :class:`ArticleItem`."""

    site: str
    page: str
    place: str
    column: str | None
    links: list[tuple[str, str]]


@dataclass
class LinkCheckItem:
    """One check of a link target: status (0 = no answer), the cause of a failure, the outcome."""

    site: str
    url: str
    status: int | None
    error: str | None
    outcome: str  # "ok" | "fail" | "restricted"


@dataclass
class SiteFactsItem:
    """What a site's home page offers (互动交流 channels, 办事服务 entries, a search box), and the metas a
    sample of its pages carries: ``facts`` as ``crawler.extract.interaction.HomeFacts.as_json`` gives it."""

    site: str
    facts: dict[str, Any]


@dataclass
class SiteFactItem:
    """One more fact of a site read after its home page (the newest annual report, service guides, page
    metas): stored as ``facts[key]`` beside the home page's facts of the same run."""

    site: str
    key: str
    value: dict[str, Any]


@dataclass
class MessagesItem:
    """The messages (留言) a 互动交流 channel's list shows: title, url, asked, replied, state, state_raw."""

    site: str
    column: str
    url: str
    kind: str  # "channel" | "exempt" (网上信访, 纪检举报)
    messages: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ReviewItem:
    """Content-review candidates of one page or attachment (masked: ``review.aggregate.Candidate`` fields)."""

    site: str
    url: str
    candidates: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AttachmentItem:
    """One attachment fetched for review: validators, sha256 and how its reading went."""

    site: str
    url: str
    page_url: str | None
    name: str | None
    kind: str
    size: int
    sha256: str | None
    etag: str | None
    last_modified: str | None
    status: str  # a key of review.attachments.STATUSES, or "http-error"
    content_hash: str | None = None  # SHA-1, compared by the conditional-request middleware next time
    note: str = ""
    candidates: int = 0
