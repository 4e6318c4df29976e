"""The `portal` spider: home page → 信息公开 catalog → every column's list pages → entry pages.

It only orchestrates requests; everything it reads comes from the pure functions in
``crawler.extract``, the same ones ``patrol page`` prints.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import FormRequest, Request, Response
from twisted.python.failure import Failure

from crawler.extract.article import extract_article
from crawler.extract.catalog import extract_catalog, find_catalog_link
from crawler.extract.content import looks_like_content_page
from crawler.extract.encoding import decode_html
from crawler.extract.html import parse_html
from crawler.extract.identifiers import extract_identifiers
from crawler.extract.listing import ListEntry, extract_datastore_entries, extract_entries
from crawler.extract.meta import extract_meta
from crawler.extract.page import classify_page
from crawler.extract.pagination import Pagination, extract_pagination, hanweb_requests
from crawler.items import (
    ArticleItem,
    ArticlesItem,
    ColumnDoneItem,
    ColumnItem,
    EntriesItem,
    PageItem,
    SiteItem,
)
from crawler.redirects import problem_text, redirect_chain
from crawler.walk import ColumnWalk, SiteWalk, column_key, netloc, site_hosts
from patrol.config import Config, SiteConfig, load_config
from storage.store import Store

DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar", ".ppt", ".pptx",
                     ".jpg", ".png", ".mp4")


def _charset(response: Response) -> str | None:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    for part in content_type.split(";"):
        part = part.strip()
        if part.startswith("charset="):
            return part[8:].strip("\"' ") or None
    return None


def _unread(response: Response) -> str | None:
    """Why an answer is not the page (a block, an unfollowed redirect, an HTTP error), or None."""
    if response.meta.get("blocked"):
        return f"网站拦截了巡查程序的访问（{response.meta['blocked']}）"
    if response.meta.get("redirect_problem"):
        return "地址" + problem_text(response.meta["redirect_problem"])
    if response.status >= 400 or 300 <= response.status < 400 and response.status != 304:
        return f"HTTP {response.status}"
    return None


def _origin(response: Response) -> str:
    """The URL first asked for, before any redirect."""
    return (response.meta.get("redirect_urls") or [response.request.url])[0]


def _redirects(response: Response) -> dict[str, Any]:
    """``final_url`` and ``redirects`` item fields of a response (empty when nothing redirected)."""
    chain = redirect_chain(response)
    return {"final_url": response.url, "redirects": chain} if chain else {}


def _failure_status(failure: Failure) -> tuple[int, str]:
    """HTTP status and a short Chinese reason from a failed request (0 = no answer)."""
    response = getattr(failure.value, "response", None)
    if response is not None:
        return response.status, f"HTTP {response.status}"
    name = failure.type.__name__ if failure.type else "Error"
    return 0, f"无法访问（{name}: {str(failure.value)[:160]}）"


ARTICLE_BATCH = 100  # entry pages written per transaction
PUBLISH_LABEL = re.compile(r"发布(?:时间|日期)|发文日期")


def _may_be_content_page(text: str, meta: dict[str, str], entries: list[ListEntry]) -> bool:
    """An unpaged first page needs the full article check unless it is plainly a list of dated entries."""
    dated = sum(e.date is not None for e in entries)
    return dated < 2 or "ArticleTitle" in meta or "PubDate" in meta or PUBLISH_LABEL.search(text) is not None


def _entry_dict(e: ListEntry) -> dict[str, Any]:
    return {"title": e.title, "url": e.url, "list_date": e.date, "list_date_raw": e.date_raw,
            "list_date_status": e.date_status}


class PortalSpider(scrapy.Spider):
    """Walk every registered site's 信息公开 catalog into the store."""

    name = "portal"

    def __init__(self, config: Config | str | None = None, db: str | None = None, run_id: int | None = None,
                 as_of: date | str | None = None, sites: list[str] | str | None = None,
                 articles: str = "all", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config = load_config(config or "sites.toml") if not isinstance(config, Config) else config
        self.db = db or self.config.database
        self.run_id = int(run_id) if run_id is not None else None
        self.as_of = date.fromisoformat(as_of) if isinstance(as_of, str) else (as_of or date.today())
        wanted = sites.split(",") if isinstance(sites, str) else sites
        self.sites = [s for s in self.config.sites if not wanted or s.name in wanted]
        self.articles = articles  # "all" | "undated" (only entries without a list date) | "none"
        self.walks: dict[str, SiteWalk] = {}
        self.pages_by_site: Counter[str] = Counter()
        self.articles_read: list[ArticleItem] = []
        self.current_site: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.count_response, signal=signals.response_received)
        return spider

    def count_response(self, response: Response, request: Request, **kwargs: Any) -> None:
        """Count every answer (retries included) against its site."""
        site = request.meta.get("site")
        if site:
            self.pages_by_site[site] += 1
            self.current_site = site

    @property
    def pages_fetched(self) -> int:
        return sum(self.pages_by_site.values())

    # ---- start -------------------------------------------------------------------------------
    async def start(self) -> Any:
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[Request]:
        done: set[str] = set()
        dated: dict[str, set[str]] = {}
        if self.run_id is not None:
            with Store(self.db) as store:
                done = store.walked_columns(self.run_id)
                dated = {s.name: store.dated_article_urls(s.name) for s in self.sites}
        for site in self.sites:  # the site's hosts, their www. variants; http and https alike
            hosts = site_hosts([site.url, site.catalog, *(c.url for c in site.columns)])
            self.walks[site.name] = SiteWalk(site=site, hosts=hosts, walked=done,
                                             skip_articles=dated.get(site.name, set()))
            yield self._request(site.url, self.parse_home, site, errback=self.home_failed)

    def _request(self, url: str, callback: Any, site: SiteConfig, errback: Any, **meta: Any) -> Request:
        """A GET of the site's own pages: every status reaches the callback; slots are per host:port;
        redirects are followed within the site's hosts (``crawler.redirects``)."""
        meta.setdefault("site_hosts", self.walks[site.name].hosts)
        meta.update(site=site.name, handle_httpstatus_all=True, download_slot=netloc(url))
        return Request(url, callback=callback, errback=errback, meta=meta, dont_filter=True)

    def _decode(self, response: Response) -> tuple[str, str]:
        return decode_html(response.body, _charset(response))

    def _page_item(self, response: Response, encoding: str | None) -> PageItem:
        return PageItem(url=response.url, status=response.status,
                        etag=(response.headers.get(b"ETag") or b"").decode("latin-1") or None,
                        last_modified=(response.headers.get(b"Last-Modified") or b"").decode("latin-1") or None,
                        content_hash=hashlib.sha1(response.body).hexdigest(), encoding=encoding)

    # ---- home page and catalog --------------------------------------------------------------
    def parse_home(self, response: Response) -> Iterator[Any]:
        walk = self.walks[response.meta["site"]]
        site = walk.site
        unread = _unread(response)
        if unread:
            error = unread if response.meta.get("blocked") else \
                f"首页{'返回 ' if unread.startswith('HTTP') else ''}{unread}"
            yield SiteItem(site=site.name, url=site.url, status=response.status, error=error,
                           blocked=response.meta.get("blocked"), **_redirects(response))
            return
        text, encoding = self._decode(response)
        walk.hosts.add(netloc(response.url))
        root = parse_html(text)
        meta = extract_meta(root)
        title_el = root.find(".//title")
        title = meta.get("SiteName") or (title_el.text_content().strip() if title_el is not None else None)
        home = extract_entries(text, response.url, as_of=self.as_of)
        yield self._page_item(response, encoding)
        yield SiteItem(site=site.name, url=site.url, status=response.status, title=title or None,
                       identifiers=extract_identifiers(root),
                       home_dates=[e.date for e in home if e.date and e.date_status == "ok"],
                       home_entries=[_entry_dict(e) for e in home], **_redirects(response))
        if any(c.url for c in site.columns):  # explicit columns replace discovery
            yield from self._configured_columns(walk)
            return
        catalog = site.catalog or find_catalog_link(text, response.url)
        if catalog and catalog.rstrip("/") != response.url.rstrip("/"):
            walk.hosts.add(netloc(catalog))
            yield self._request(catalog, self.parse_catalog, site, errback=self.catalog_failed)
        else:
            yield from self._catalog_columns(walk, text, response.url)

    def home_failed(self, failure: Failure) -> Iterator[Any]:
        site = self.walks[failure.request.meta["site"]].site
        status, reason = _failure_status(failure)
        yield SiteItem(site=site.name, url=site.url, status=status, error=reason)

    def parse_catalog(self, response: Response) -> Iterator[Any]:
        walk = self.walks[response.meta["site"]]
        unread = _unread(response)
        if unread:
            yield from self._column_error(walk, "政府信息公开", _origin(response), None, response.status,
                                          unread, response=response)
            return
        text, encoding = self._decode(response)
        walk.hosts.add(netloc(response.url))
        yield self._page_item(response, encoding)
        yield from self._catalog_columns(walk, text, response.url)

    def catalog_failed(self, failure: Failure) -> Iterator[Any]:
        walk = self.walks[failure.request.meta["site"]]
        status, reason = _failure_status(failure)
        yield from self._column_error(walk, "政府信息公开", failure.request.url, None, status, reason)

    def _catalog_columns(self, walk: SiteWalk, text: str, url: str) -> Iterator[Any]:
        nodes = extract_catalog(text, url, link_selector=walk.site.overrides.catalog_links)
        for node in nodes:
            if node.url is None:
                cid = column_key(walk.site.name, node.name, None)
                yield ColumnItem(site=walk.site.name, column_id=cid, name=node.name, url=None,
                                 parent=node.parent, kind="group", category=None, status=None)
            else:
                yield from self._start_column(walk, node.name, node.url, node.parent, None)

    def _configured_columns(self, walk: SiteWalk) -> Iterator[Any]:
        for col in walk.site.columns:
            if col.url is None:
                cid = column_key(walk.site.name, col.name, None)
                yield ColumnItem(site=walk.site.name, column_id=cid, name=col.name, url=None,
                                 parent=col.parent, kind="group", category=col.category, status=None)
            else:
                yield from self._start_column(walk, col.name, col.url, col.parent, col.category)

    def _category_for(self, site: SiteConfig, name: str) -> str | None:
        return next((c.category for c in site.columns if c.name == name and c.category), None)

    def _start_column(self, walk: SiteWalk, name: str, url: str, parent: str | None,
                      category: str | None) -> Iterator[Any]:
        if url in walk.columns_by_url:
            return
        cid = column_key(walk.site.name, name, url)
        category = category or self._category_for(walk.site, name)
        column = ColumnWalk(site=walk.site, column_id=cid, name=name, url=url)
        walk.columns_by_url[url] = column
        if cid in walk.walked:
            column.done = True  # completed by the interrupted run this one resumes
            return
        if not walk.owns(url):  # only its reachability is checked: its redirects may go anywhere
            column.claim_page(url, 1)
            yield self._request(url, self.parse_offsite_column, walk.site, errback=self.column_failed,
                                column=column, parent=parent, category=category, site_hosts=None)
            return
        column.claim_page(url, 1)
        yield self._request(url, self.parse_column_first, walk.site, errback=self.column_failed,
                            column=column, parent=parent, category=category)

    # ---- columns ------------------------------------------------------------------------------
    def _column_error(self, walk: SiteWalk, name: str, url: str | None, parent: str | None, status: int,
                      error: str, column: ColumnWalk | None = None,
                      response: Response | None = None) -> Iterator[Any]:
        cid = column.column_id if column else column_key(walk.site.name, name, url)
        extra = {"blocked": response.meta.get("blocked"), **_redirects(response)} if response is not None else {}
        yield ColumnItem(site=walk.site.name, column_id=cid, name=name, url=url, parent=parent, kind="list",
                         category=self._category_for(walk.site, name), status=status, error=error, **extra)
        yield ColumnDoneItem(site=walk.site.name, column_id=cid, entry_count=0, complete=False)
        if column:
            column.done = True

    def column_failed(self, failure: Failure) -> Iterator[Any]:
        meta = failure.request.meta
        walk, column = self.walks[meta["site"]], meta["column"]
        status, reason = _failure_status(failure)
        if "page_no" in meta:  # a later list page: the column keeps what its other pages gave
            self.logger.warning("list page failed: %s (%s)", failure.request.url, reason)
            column.partial = True
            yield from self._page_done(column)
            return
        yield from self._column_error(walk, column.name, column.url, meta.get("parent"), status, reason,
                                      column)

    def parse_offsite_column(self, response: Response) -> Iterator[Any]:
        walk, column = self.walks[response.meta["site"]], response.meta["column"]
        unread = _unread(response)
        yield ColumnItem(site=walk.site.name, column_id=column.column_id, name=column.name, url=column.url,
                         parent=response.meta.get("parent"), kind="page",
                         category=response.meta.get("category"), status=response.status,
                         error=f"栏目位于站外：{unread}" if unread else "栏目位于站外，仅检查可访问性",
                         blocked=response.meta.get("blocked"), **_redirects(response))
        column.done = True
        yield ColumnDoneItem(site=walk.site.name, column_id=column.column_id, entry_count=0, complete=False)

    def parse_column_first(self, response: Response) -> Iterator[Any]:
        walk, column = self.walks[response.meta["site"]], response.meta["column"]
        unread = _unread(response)
        if unread:
            yield from self._column_error(walk, column.name, column.url, response.meta.get("parent"),
                                          response.status, unread, column, response)
            return
        text, encoding = self._decode(response)
        overrides = walk.site.overrides
        entries = self._entries(walk, text, response.url)
        paging = extract_pagination(text, response.url, style=overrides.pagination)
        root = parse_html(text)
        meta = extract_meta(root)
        page_date, kind = None, "list"
        if not (paging.pages or paging.hanweb) and _may_be_content_page(text, meta, entries):
            article = extract_article(root, response.url, as_of=self.as_of, title_selector=overrides.article_title,
                                      date_selector=overrides.article_date)
            shape = classify_page(article, entries, paging, looks_like_content_page(root))
            kind = "page" if shape in ("article", "page") else "list"
        if kind == "page":
            entries, paging = [], Pagination(style="none", pages=[], total_pages=None)
            page_date = article.published if article.published_status == "ok" else None
        yield self._page_item(response, encoding)
        yield ColumnItem(site=walk.site.name, column_id=column.column_id, name=column.name, url=column.url,
                         parent=response.meta.get("parent"), kind=kind,
                         category=response.meta.get("category"), status=response.status,
                         meta=meta, page_date=page_date, **_redirects(response))
        yield from self._list_page(walk, column, entries, paging, response)

    def parse_column_more(self, response: Response) -> Iterator[Any]:
        walk, column = self.walks[response.meta["site"]], response.meta["column"]
        if _unread(response):
            column.partial = True
            yield from self._page_done(column)
            return
        text, encoding = self._decode(response)
        entries = self._entries(walk, text, response.url)
        paging = extract_pagination(text, response.url, style=walk.site.overrides.pagination)
        yield self._page_item(response, encoding)
        yield from self._list_page(walk, column, entries, paging, response, follow_hanweb=False)

    def parse_hanweb_proxy(self, response: Response) -> Iterator[Any]:
        walk, column = self.walks[response.meta["site"]], response.meta["column"]
        if not _unread(response):
            text, _ = self._decode(response)
            entries = extract_datastore_entries(text, response.url, as_of=self.as_of)
            yield from self._record_entries(walk, column, entries)
        else:
            column.partial = True
        yield from self._page_done(column)

    def _entries(self, walk: SiteWalk, text: str, url: str) -> list[ListEntry]:
        o = walk.site.overrides
        return extract_entries(text, url, as_of=self.as_of, item_selector=o.list_item,
                               title_selector=o.item_title, date_selector=o.item_date)

    def _list_page(self, walk: SiteWalk, column: ColumnWalk, entries: list[ListEntry], paging: Any,
                   response: Response, follow_hanweb: bool = True) -> Iterator[Any]:
        yield from self._record_entries(walk, column, entries)
        limit = self.config.crawl.max_pages_per_column
        for url in paging.pages:
            if netloc(url) == netloc(response.url) and column.claim_page(url, limit):
                yield self._request(url, self.parse_column_more, walk.site, errback=self.column_failed,
                                    column=column, page_no=len(column.pages))
        if follow_hanweb and paging.hanweb is not None:
            for url, form in hanweb_requests(paging.hanweb):
                if column.claim_page(url, limit):
                    yield FormRequest(url, formdata=form, callback=self.parse_hanweb_proxy,
                                      errback=self.column_failed, dont_filter=True,
                                      meta={"site": walk.site.name, "column": column, "page_no": 0,
                                            "handle_httpstatus_all": True, "download_slot": netloc(url),
                                            "site_hosts": walk.hosts,
                                            # a POST is not retried by Twisted on a stale pooled connection
                                            "max_retry_times": self.config.crawl.retries + 3})
        yield from self._page_done(column)

    def _record_entries(self, walk: SiteWalk, column: ColumnWalk,
                        entries: list[ListEntry]) -> Iterator[Any]:
        room = self.config.crawl.max_entries_per_column - len(column.entries)
        fresh = [e for e in entries if e.url not in column.entries]
        if len(fresh) > room:
            column.partial = True
            fresh = fresh[: max(room, 0)]
        if not fresh:
            return
        column.entries.update(e.url for e in fresh)
        yield EntriesItem(site=walk.site.name, column_id=column.column_id,
                          entries=[_entry_dict(e) for e in fresh])
        for entry in fresh:
            yield from self._article_request(walk, entry)

    def _page_done(self, column: ColumnWalk) -> Iterator[Any]:
        column.pending -= 1
        if column.pending <= 0 and not column.done:
            column.done = True
            yield ColumnDoneItem(site=column.site.name, column_id=column.column_id,
                                 entry_count=len(column.entries), complete=not column.partial)

    # ---- entry pages ------------------------------------------------------------------------
    def _article_request(self, walk: SiteWalk, entry: ListEntry) -> Iterator[Request]:
        url = entry.url
        if self.articles == "none" or url in walk.articles or url in walk.skip_articles:
            return
        if self.articles == "undated" and entry.date is not None:
            return
        walk.articles.add(url)
        path = url.split("?")[0].lower()
        status_only = not walk.owns(url) or path.endswith(DOCUMENT_SUFFIXES)
        meta = {"site": walk.site.name, "handle_httpstatus_all": True, "download_slot": netloc(url),
                "status_only": status_only, "site_hosts": None}  # a link works wherever it leads
        yield Request(url, method="HEAD" if status_only else "GET", callback=self.parse_article,
                      errback=self.article_failed, meta=meta, dont_filter=True)

    def _article_done(self, article: ArticleItem) -> Iterator[ArticlesItem]:
        """Collect entry pages and hand them to the pipeline a batch at a time."""
        self.articles_read.append(article)
        if len(self.articles_read) >= ARTICLE_BATCH:
            yield ArticlesItem(self.take_articles())

    def take_articles(self) -> list[ArticleItem]:
        """The entry pages read since the last batch (the pipeline takes the rest when the crawl closes)."""
        batch, self.articles_read = self.articles_read, []
        return batch

    def parse_article(self, response: Response) -> Iterator[Any]:
        if response.meta.get("blocked"):  # not seen, so neither broken nor dated
            yield from self._article_done(ArticleItem(url=_origin(response), status=None))
            return
        if response.meta.get("status_only") or _unread(response):
            yield from self._article_done(ArticleItem(url=_origin(response), status=response.status))
            return
        text, encoding = self._decode(response)
        walk = self.walks[response.meta["site"]]
        o = walk.site.overrides
        article = extract_article(text, response.url, as_of=self.as_of, title_selector=o.article_title,
                                  date_selector=o.article_date)
        yield from self._article_done(ArticleItem(
            url=_origin(response), status=response.status, title=article.title, published=article.published,
            published_raw=article.published_raw, published_from=article.published_from))

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        status, _ = _failure_status(failure)
        url = (failure.request.meta.get("redirect_urls") or [failure.request.url])[0]
        yield from self._article_done(ArticleItem(url=url, status=status))
