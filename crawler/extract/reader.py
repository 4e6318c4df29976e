"""The one page reader: everything Patrol reads from a fetched page, for the crawl and `patrol page` alike.

``read_page`` is a pure function of (body bytes, URL, response headers, as-of date, the site's
overrides). What it reads is computed on first use and kept, so the crawl pays only for what it asks
(a list page's article reading is never needed when the page is paged), while ``as_json`` gives all of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from crawler.extract.article import Article, extract_article
from crawler.extract.blocked import detect_block
from crawler.extract.catalog import CatalogLink, CatalogNode, catalog_links, extract_catalog
from crawler.extract.content import looks_like_content_page
from crawler.extract.encoding import decode_html
from crawler.extract.entry import ListEntry
from crawler.extract.html import parse_html
from crawler.extract.identifiers import extract_identifiers
from crawler.extract.links import PageLink, extract_links
from crawler.extract.listing import explain_list, extract_entries, is_article_url, is_script_row
from crawler.extract.pagination import Pagination, extract_pagination, hanweb_requests
from crawler.extract.published import SHOWN_SOURCES, DateCandidate
from crawler.extract.scripted import builds_by_script
from crawler.extract.stub import redirect_stub

if TYPE_CHECKING:
    from core.config import Overrides

KINDS = ("list", "article", "page", "other")
_ARTICLE_SOURCES = frozenset({"label", "weak-label", "element", "selector"})


def charset_of(headers: Mapping[str, Any] | Iterable[tuple[Any, Any]] | None) -> str | None:
    """The charset of a Content-Type header (a mapping or (name, value) pairs; str or bytes; any key
    case), or None."""
    if not headers:
        return None
    for key, value in (headers.items() if isinstance(headers, Mapping) else headers):
        key = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key.lower() != "content-type":
            continue
        if isinstance(value, list | tuple):
            value = value[0] if value else b""
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        for part in text.lower().split(";"):
            part = part.strip()
            if part.startswith("charset="):
                return part[8:].strip("\"' ") or None
    return None


@dataclass
class PageReading:
    """What one page says: kind, title, publish date with its evidence, entries, next pages, identifiers."""

    url: str
    status: int
    text: str
    encoding: str
    as_of: date | None
    overrides: Overrides | None = None
    redirects: list[dict[str, Any]] = field(default_factory=list)  # hops that led to ``url``: url, status, to
    headers: Any = None  # the response headers (a mapping or (name, value) pairs)
    frame: frozenset[str] = frozenset()  # addresses the site's home page links (the crawl knows them)

    # ---- the parts, read on first use ---------------------------------------------------------
    @cached_property
    def root(self):
        return parse_html(self.text)

    @cached_property
    def article(self) -> Article:
        o = self.overrides
        return extract_article(self.root, self.url, as_of=self.as_of,
                               title_selector=o.article_title if o else None,
                               date_selector=o.article_date if o else None)

    @cached_property
    def entries(self) -> list[ListEntry]:
        o = self.overrides
        return extract_entries(self.text, self.url, as_of=self.as_of,
                               item_selector=o.list_item if o else None,
                               title_selector=o.item_title if o else None,
                               date_selector=o.item_date if o else None, frame=self.frame)

    @cached_property
    def pagination(self) -> Pagination:
        return extract_pagination(self.text, self.url, self.overrides.pagination if self.overrides else "auto")

    @cached_property
    def catalog(self) -> list[CatalogNode]:
        return extract_catalog(self.text, self.url,
                               link_selector=self.overrides.catalog_links if self.overrides else None)

    @cached_property
    def blocked(self) -> str | None:
        """Why the answer is a WAF / anti-bot block page instead of the page (Chinese), or None."""
        return detect_block(self.text, self.status, self.headers)

    @cached_property
    def catalog_links(self) -> list[CatalogLink]:
        """Links that may lead to the 信息公开目录, best first (for the search from the home page)."""
        return catalog_links(self.text, self.url)

    @cached_property
    def stub(self) -> str | None:
        """Where an in-page redirect stub (meta refresh, location script, frame) leads, or None."""
        return redirect_stub(self.text, self.url)

    @cached_property
    def links(self) -> list[PageLink]:
        """Every http(s) link of the page with its text, each target once (for the link check)."""
        return extract_links(self.root, self.url)

    @cached_property
    def identifiers(self) -> dict:
        return extract_identifiers(self.root)

    @cached_property
    def builds_by_script(self) -> bool:
        """Its scripts fetch what it shows (a list built in the browser)."""
        return builds_by_script(self.root)

    @cached_property
    def has_content(self) -> bool:
        return looks_like_content_page(self.root)

    @property
    def paged(self) -> bool:
        return self.pagination.hanweb is not None or bool(self.pagination.pages)

    @cached_property
    def kind(self) -> str:
        """"list" when paged; "article" with a labelled publish date or ArticleTitle meta; "list" with two or
        more dated entries (one, on a page showing no date of its own); "article" with another shown date (or a
        PubDate) and a body; "page" for a content body without either; else "other"."""
        if self.status >= 400:
            return "other"
        if self.paged:
            return "list"
        source = self.article.published_from
        labelled = source in _ARTICLE_SOURCES or bool(self.article.meta.get("ArticleTitle"))
        if labelled:
            return "article"
        dated = [entry for entry in self.entries if entry.date is not None]
        if len(dated) >= 2 or (len(dated) == 1 and source is None  # a one-row list shows its row's date only
                                and (is_article_url(dated[0].url) or is_script_row(dated[0].url))):
            return "list"
        if source in SHOWN_SOURCES | {"meta"} and self.has_content:
            return "article"
        if self.has_content:
            return "page"
        return "other"

    # ---- the page's own date (articles and single content pages) --------------------------------
    @property
    def dated(self) -> bool:
        return self.kind in ("article", "page") and self.article.published_from is not None

    @property
    def title(self) -> str | None:
        """A content page's own title; a list's or home page's name as the page gives it (ColumnName/SiteName,
        <title>): its first heading is a box's, not the page's."""
        if self.kind in ("article", "page"):
            return self.article.title
        meta = self.article.meta
        named = meta.get("ColumnName") or meta.get("SiteName")
        element = self.root.find(".//title")
        shown = " ".join(element.text_content().split()) if element is not None else ""
        return (named or "").strip() or shown or self.article.title

    @property
    def meta(self) -> dict[str, str]:
        return self.article.meta

    @property
    def published(self) -> date | None:
        return self.article.published if self.dated else None

    @property
    def published_time(self) -> str | None:
        return self.article.published_time if self.dated else None

    @property
    def published_from(self) -> str | None:
        return self.article.published_from if self.dated else None

    @property
    def published_status(self) -> str | None:
        return self.article.published_status if self.dated else None

    @property
    def published_raw(self) -> str | None:
        return self.article.published_raw if self.dated else None

    @property
    def date_candidates(self) -> tuple[DateCandidate, ...]:
        return self.article.date_candidates

    @property
    def meta_date(self) -> date | None:
        return self.article.meta_date

    @property
    def url_date(self) -> date | None:
        return self.article.url_date

    @property
    def next_pages(self) -> list[str]:
        """The following list pages; for Hanweb the dataproxy URLs that are POSTed with the jpage params."""
        if self.pagination.hanweb is not None:
            return [url for url, _ in hanweb_requests(self.pagination.hanweb)]
        return list(self.pagination.pages)

    @cached_property
    def list_explained(self) -> dict[str, Any]:
        """The content area its list was read from, and why the page's other link groups are not entries."""
        return explain_list(self.text, self.url, as_of=self.as_of, frame=self.frame)

    def as_json(self) -> dict:
        """The design.md `patrol page --json` object."""
        out = {
            "url": self.url,
            "status": self.status,
            "encoding": self.encoding,
            "kind": self.kind,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "published_time": self.published_time,
            "published_from": self.published_from,
            "date_candidates": [c.as_json() for c in self.date_candidates] if self.kind in ("article", "page")
            else [],
            "meta": self.meta,
            "identifiers": self.identifiers,
            "entries": [{"title": e.title, "url": e.url, "date": e.date.isoformat() if e.date else None}
                        for e in self.entries],
            "next": self.next_pages,
        }
        if self.kind == "list":
            out["list_area"] = self.list_explained["area"]
            out["not_entries"] = self.list_explained["others"]
        if self.stub:
            out["stub_target"] = self.stub
        if self.blocked:
            out["blocked"] = self.blocked
        if self.redirects:
            out["final_url"] = self.url
            out["redirects"] = self.redirects
        return out


def read_page(body: bytes, url: str, *, headers: Any = None, status: int = 200,
              as_of: date | None = None, overrides: Overrides | None = None,
              redirects: Iterable[dict[str, Any]] | None = None, frame: frozenset[str] = frozenset()) -> PageReading:
    """Read one fetched page. ``url`` is its final address (after redirects, which ``redirects`` lists);
    ``frame`` the addresses the site's home page links, when known."""
    text, encoding = decode_html(body, charset_of(headers))
    return PageReading(url=url, status=status, text=text, encoding=encoding, as_of=as_of,
                       overrides=overrides, redirects=list(redirects or []), headers=headers, frame=frame)
