"""The `portal` spider: home page → 信息公开 catalog → every column's list pages → entry pages.

It only orchestrates requests; everything it reads comes from the pure functions in
``crawler.extract``, the same ones ``patrol page`` prints.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import FormRequest, Request, Response
from twisted.python.failure import Failure

from core.config import Config, SiteConfig, load_config
from core.dates import local_today
from core.vocabulary import UNREAD_PREFIX
from crawler.attachments import SpiderReview, is_attachment
from crawler.discovery import CatalogSearch, Step, choose, home_fallback, qualifies
from crawler.explore import Candidate, EmptyPage, Exploration, column_name, says_empty
from crawler.extract.catalog import on_site
from crawler.extract.encoding import decode_html
from crawler.extract.entry import ListEntry
from crawler.extract.listing import extract_datastore_entries, is_script_row, list_shape, shapes_present
from crawler.extract.menus import nav_links
from crawler.extract.meta import present_metas
from crawler.extract.pagination import Pagination, hanweb_requests
from crawler.extract.reader import PageReading, charset_of, read_page
from crawler.extract.written import written_date
from crawler.failures import failed_request, failure_cause, from_status, request_of
from crawler.items import (
    ArticleItem,
    CatalogItem,
    ColumnDoneItem,
    ColumnItem,
    ColumnKeptItem,
    EntriesItem,
    PageItem,
    SiteItem,
)
from crawler.linkcheck import SpiderLinks, is_document
from crawler.middlewares.guard import ADDRESS, Refused
from crawler.middlewares.redirects import problem_text, redirect_chain
from crawler.settings import crawl_settings
from crawler.sitewindow import SiteWindow, windowed
from crawler.spiders.indicators import IndicatorsSpiderMixin
from crawler.urlpolicy import scheme_allowed
from crawler.walk import ColumnWalk, SiteWalk, column_key, column_url_key, netloc, site_hosts
from storage.memory import CrawlMemory


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
    return (response.meta.get("redirect_urls") or [request_of(response).url])[0]


def _redirects(response: Response) -> dict[str, Any]:
    """``final_url`` and ``redirects`` item fields of a response (empty when nothing redirected)."""
    chain = redirect_chain(response)
    return {"final_url": response.url, "redirects": chain} if chain else {}


def _failure_status(failure: Failure) -> tuple[int, str]:
    """HTTP status and the Chinese cause of a failed request (0 = no answer); see crawler/failures.py."""
    if isinstance(failure.value, Refused):
        return 0, failure.value.text
    response = getattr(failure.value, "response", None)
    if response is not None:
        return response.status, from_status(response.status).text()
    return 0, failure_cause(failure).text()


MAX_STUB_HOPS = 2  # in-page redirect stubs (跳转页) followed from a column root


def _count(nodes: list) -> int:
    return sum(n.url is not None for n in nodes)


def _entry_dict(e: ListEntry) -> dict[str, Any]:
    return {"title": e.title, "url": e.url, "list_date": e.date, "list_date_raw": e.date_raw,
            "list_date_status": e.date_status}


PAGES_STAT = "patrol/pages"  # answers received (retries included); per site under "patrol/pages/<site>"
CURRENT_SITE_STAT = "patrol/current_site"  # the site of the latest answer (the progress line shows it)
SITES_AT_ONCE_STAT = "patrol/sites_at_once"  # most sites walked at once (the site window's peak)


class PortalSpider(IndicatorsSpiderMixin, scrapy.Spider):
    """Walk every registered site's 信息公开 catalog into the store."""

    name = "portal"

    def __init__(self, config: Config | str | None = None, db: str | None = None, run_id: int | None = None,
                 as_of: date | str | None = None, sites: list[str] | str | None = None,
                 articles: str = "all", incremental: bool | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config = load_config(config or "sites.toml") if not isinstance(config, Config) else config
        self.db = db or self.config.database
        self.run_id = int(run_id) if run_id is not None else None
        today = local_today(self.config.schedule.timezone)
        self.as_of = date.fromisoformat(as_of) if isinstance(as_of, str) else (as_of or today)
        wanted = sites.split(",") if isinstance(sites, str) else sites
        self.sites = [s for s in self.config.sites if not wanted or s.name in wanted]
        self.articles = articles  # "all" | "undated" (only entries without a list date) | "none"
        # incremental: columns unchanged since the last run are kept, changed lists walked to known entries
        self.incremental = self.config.crawl.incremental if incremental is None else \
            str(incremental).lower() not in ("0", "false", "no", "")
        self.walks: dict[str, SiteWalk] = {}
        self.memory: CrawlMemory | None = None  # given by the item pipeline before the first request
        self.refusals: dict[str, Counter[str]] = {}  # site → refused requests by kind (crawler.middlewares.guard)
        self.site_started: dict[str, float] = {}  # site → monotonic time of its first answer (its time budget)
        self.window = SiteWindow(self.config.crawl.sites_at_once)  # sites walked at once (crawler/sitewindow.py)
        # content review (issue 21): entry pages' text and their attachments, when [review] enabled
        self.review = SpiderReview(self.config.review, self._request) if self.config.review.enabled else None
        self.link_checks = SpiderLinks(self.config.crawl, self.walks, self.site_started,  # 链接可用性
                                       lambda request: self.crawler.engine.crawl(request))

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The one place [crawl] becomes Scrapy settings, for `patrol run`, a worker and `scrapy crawl portal -a
        # config=…` alike; settings given on the command line (at "cmdline" priority) still win. Scrapy freezes
        # settings after this.
        crawler.settings.setdict(crawl_settings(spider.config.crawl), priority="spider")
        # counts the requests it holds per site: the site window starts a site when another has none left
        crawler.settings.set("SCHEDULER", "crawler.sitewindow.SiteScheduler", priority="spider")
        crawler.signals.connect(spider.count_response, signal=signals.response_received)
        crawler.signals.connect(spider.link_checks.stop_link_body, signal=signals.headers_received)
        crawler.signals.connect(spider.link_checks.cap_link_body, signal=signals.bytes_received)
        crawler.signals.connect(spider.link_checks.recheck_links, signal=signals.spider_idle)
        crawler.signals.connect(spider.send_channels, signal=signals.spider_idle)  # 互动交流 channels' lists
        if spider.review is not None:
            crawler.signals.connect(spider.review.stop, signal=signals.spider_closed)
        return spider

    def count_response(self, response: Response, request: Request, **kwargs: Any) -> None:
        """Count every answer (retries included) against its site, in the crawler's stats (progress reads them)."""
        site = request.meta.get("site")
        if site:
            stats = self.crawler.stats
            stats.inc_value(PAGES_STAT)
            stats.inc_value(f"{PAGES_STAT}/{site}")
            stats.set_value(CURRENT_SITE_STAT, site)
            self.site_started.setdefault(site, time.monotonic())

    # ---- start -------------------------------------------------------------------------------
    async def start(self) -> Any:
        """Every site's start requests, a site starting only when fewer than ``[crawl] sites_at_once`` are
        being walked: memory holds the frontiers of those sites, not of all."""
        async for request in windowed(self.start_requests(), self.window, self.crawler.engine):
            yield request
        self.crawler.stats.set_value(SITES_AT_ONCE_STAT, self.window.peak)

    def start_requests(self) -> Iterator[Request]:
        memory = self.memory or CrawlMemory()
        self.link_checks.checker.fails.update(memory.link_fails)
        self.link_checks.settled = memory.settled_links
        for site in self.sites:
            yield from self.start_site(site, walked=memory.walked, known=memory.known.get(site.name, {}),
                                       skip_articles=memory.settled_articles.get(site.name, set()),
                                       walked_entries=memory.walked_entries.get(site.name, {}))

    def start_site(self, site: SiteConfig, *, walked: set[str], skip_articles: set[str], known: dict[str, set[str]],
                   walked_entries: dict[str, date | None]) -> list[Request]:
        """The home page request of a site, and for a resumed run the entry pages of its columns walked before the
        interruption that were not stored (walked columns are not listed again). A distributed worker calls it
        for each site it claims."""
        hosts = site_hosts([site.url, site.catalog, *(c.url for c in site.columns)])  # www. variants, any scheme
        walk = SiteWalk(site=site, hosts=hosts, walked=walked, skip_articles=skip_articles, known=known)
        if self.config.crawl.discovery_pages > 0 and not any(c.url for c in site.columns):
            walk.explore = Exploration(budget=self.config.crawl.discovery_pages)
        self.walks[site.name] = walk
        requests = [self._request(site.url, self.parse_home, site, errback=self.home_failed)]
        for url, listed in sorted(walked_entries.items()):
            requests += self._article_request(walk, ListEntry("", url, listed, None, None))
        return requests

    def remember(self, run_id: int, memory: CrawlMemory) -> None:
        """Take the run and what earlier runs left (the item pipeline reads both from the store on open)."""
        self.run_id, self.memory = run_id, memory

    def _request(self, url: str, callback: Any, site: SiteConfig, errback: Any, **meta: Any) -> Request:
        """A GET of the site's own pages: every status reaches the callback; slots are per host:port;
        redirects are followed within the site's hosts (``crawler.middlewares.redirects``)."""
        meta.setdefault("site_hosts", self.walks[site.name].hosts)
        meta.update(site=site.name, handle_httpstatus_all=True, download_slot=netloc(url))
        return Request(url, callback=callback, errback=errback, meta=meta, dont_filter=True)

    def _decode(self, response: Response) -> tuple[str, str]:
        return decode_html(response.body, charset_of(response.headers))

    def _read(self, response: Response, site: SiteConfig) -> PageReading:
        """The page as the one reader reads it (the same reading `patrol page` prints)."""
        frame = self.walks[site.name].frame
        return read_page(response.body, response.url, headers=response.headers, status=response.status,
                         as_of=self.as_of, overrides=site.overrides, redirects=redirect_chain(response),
                         frame=frame)

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
        page = self._read(response, site)
        walk.hosts.add(netloc(response.url))
        title_el = page.root.find(".//title")
        title = page.meta.get("SiteName") or (title_el.text_content().strip() if title_el is not None else None)
        home = page.entries
        yield SiteItem(site=site.name, url=site.url, status=response.status, title=title or None,
                       identifiers=page.identifiers,
                       home_dates=[e.date for e in home if e.date and e.date_status == "ok"],
                       home_entries=[_entry_dict(e) for e in home], **_redirects(response))
        yield from self.link_checks.page_links(walk, page, "home", None,
                                               into=self._page_item(response, page.encoding))
        yield from self._home_indicators(walk, page, response)
        walk.seeds = nav_links(page.text, response.url, skip={e.url for e in home})
        walk.frame = frozenset(link.url for link in page.links)
        if any(c.url for c in site.columns):  # explicit columns replace discovery
            yield CatalogItem(site=site.name, url=None, source="columns")
            yield from self._configured_columns(walk)
            return
        search = CatalogSearch(home=response.url, explicit=bool(site.catalog))
        if site.catalog:
            yield from self._catalog_step(walk, search, Step(site.catalog, "配置的目录地址", "config", 1))
            return
        search.candidates = page.catalog_links
        search.home_tree = page.catalog
        yield from self._catalog_step(walk, search, search.first())

    def home_failed(self, failure: Failure) -> Iterator[Any]:
        site = self.walks[failed_request(failure).meta["site"]].site
        status, reason = _failure_status(failure)
        yield SiteItem(site=site.name, url=site.url, status=status, error=reason)

    def _catalog_step(self, walk: SiteWalk, search: CatalogSearch, step: Step | None) -> Iterator[Any]:
        """Fetch the next page of the catalog search, or end it with what it found."""
        if step is None:
            yield from self._catalog_found(walk, search, None)
            return
        search.visited.add(step.url)
        walk.hosts.add(netloc(step.url))
        yield self._request(step.url, self.parse_catalog, walk.site, errback=self.catalog_failed,
                            search=search, step=step)

    def _catalog_found(self, walk: SiteWalk, search: CatalogSearch,
                       found: tuple[str, list] | None) -> Iterator[Any]:
        if search.done:
            return
        search.done = True
        site = walk.site.name
        if found is None and not search.explicit and (nodes := home_fallback(search)):
            found = (search.home, nodes)
        if found is None:
            walk.catalog_item = CatalogItem(site=site, url=None, source="config" if search.explicit else "home",
                                            evidence=search.evidence())
            yield walk.catalog_item
            yield from self._explore(walk, walk.seeds, search.home, 1)
            return
        url, nodes = found
        source = "config" if search.explicit else ("home-page" if url == search.home else "home")
        walk.catalog_item = CatalogItem(site=site, url=url, source=source, evidence=search.evidence())
        yield walk.catalog_item
        if walk.explore is not None:  # the catalog page itself (its 最新信息 too) is no column: its columns are
            walk.explore.asked.update(column_url_key(u) for u in (url, *search.visited))
        yield from self._catalog_columns(walk, nodes)
        yield from self._explore(walk, walk.seeds, search.home, 1)
        yield from self._explore(walk, walk.page_links.get(url, []), url, 1)

    def parse_catalog(self, response: Response) -> Iterator[Any]:
        walk = self.walks[response.meta["site"]]
        search, step = response.meta["search"], response.meta["step"]
        unread = _unread(response)
        if unread:
            search.note(step, unread)
            if search.explicit:
                yield from self._column_error(walk, "政府信息公开", _origin(response), None, response.status,
                                              unread, response=response)
            yield from self._catalog_next(walk, search)
            return
        page = self._read(response, walk.site)
        walk.hosts.add(netloc(response.url))
        yield self._page_item(response, page.encoding)
        if walk.explore is not None:
            walk.page_links[response.url] = nav_links(page.text, response.url, skip={e.url for e in page.entries})
        target = page.stub
        if target and target != response.url and on_site(target, search.home):
            search.note(step, "跳转页")
            onward = search.follow(step, target, "stub", step.name)
            yield from self._catalog_step(walk, search, onward) if onward else self._catalog_next(walk, search)
            return
        nodes = page.catalog
        here = (response.url, nodes)
        if search.held is not None:  # this page was linked as the catalog by a landing page
            landing, search.held = search.held, None
            chosen = choose(landing, here)
            search.note(step, f"读到{_count(nodes)}个栏目")
            yield from (self._catalog_found(walk, search, chosen) if chosen else self._catalog_next(walk, search))
            return
        listed = {n.url for n in nodes}
        deeper = next((link for link in page.catalog_links  # 目录 by name, even in the tree;
                       if link.rank == 0 and ("目录" in link.name or link.url not in listed)  # 法定主动公开内容
                       and link.url not in search.visited), None)  # only when not one of its columns
        onward = search.follow(step, deeper.url, "text", deeper.name) if deeper else None
        if onward is not None:
            search.note(step, f"读到{_count(nodes)}个栏目，另有目录链接")
            search.held = here
            yield from self._catalog_step(walk, search, onward)
            return
        search.note(step, f"读到{_count(nodes)}个栏目" if nodes else "未读到栏目")
        if qualifies(nodes):
            yield from self._catalog_found(walk, search, here)
        else:
            yield from self._catalog_next(walk, search)

    def _catalog_next(self, walk: SiteWalk, search: CatalogSearch) -> Iterator[Any]:
        """The chain tried gave no catalog: a landing page held for its 目录 link, else the next candidate."""
        held, search.held = search.held, None
        if held is not None and qualifies(held[1]):
            yield from self._catalog_found(walk, search, held)
        else:
            yield from self._catalog_step(walk, search, search.first())

    def catalog_failed(self, failure: Failure) -> Iterator[Any]:
        walk = self.walks[failed_request(failure).meta["site"]]
        search, step = failed_request(failure).meta["search"], failed_request(failure).meta["step"]
        status, reason = _failure_status(failure)
        search.note(step, reason)
        if search.explicit:
            yield from self._column_error(walk, "政府信息公开", failed_request(failure).url, None, status, reason)
        yield from self._catalog_next(walk, search)

    def _catalog_columns(self, walk: SiteWalk, nodes: list) -> Iterator[Any]:
        for node in nodes:
            if node.url is None:
                cid = column_key(walk.site.name, node.name, None)
                yield ColumnItem(site=walk.site.name, column_id=cid, name=node.name, url=None,
                                 parent=node.parent, kind="group", category=None, status=None, found="catalog")
            else:
                yield from self._start_column(walk, node.name, node.url, node.parent, None, "catalog")

    def _configured_columns(self, walk: SiteWalk) -> Iterator[Any]:
        for col in walk.site.columns:
            if col.url is None:
                cid = column_key(walk.site.name, col.name, None)
                yield ColumnItem(site=walk.site.name, column_id=cid, name=col.name, url=None,
                                 parent=col.parent, kind="group", category=col.category, status=None, found="config")
            else:
                yield from self._start_column(walk, col.name, col.url, col.parent, col.category, "config")

    def _category_for(self, site: SiteConfig, name: str) -> str | None:
        return next((c.category for c in site.columns if c.name == name and c.category), None)

    def _start_column(self, walk: SiteWalk, name: str, url: str, parent: str | None,
                      category: str | None, found: str) -> Iterator[Any]:
        if walk.is_column(url):
            return
        cid = column_key(walk.site.name, name, url)
        category = category or self._category_for(walk.site, name)
        column = ColumnWalk(site=walk.site, column_id=cid, name=name, url=url, found=found)
        walk.add_column(url, column)
        if cid in walk.walked:
            column.done = True  # completed by the interrupted run this one resumes
            return
        if not walk.owns(url):  # only its reachability is checked: its redirects may go anywhere
            column.claim_page(url, 1)
            yield self._request(url, self.parse_offsite_column, walk.site, errback=self.column_failed,
                                column=column, parent=parent, category=category, site_hosts=None,
                                status_check=True)
            return
        column.claim_page(url, 1)
        column.known = walk.known.get(cid)  # walked before: an unchanged first page keeps the column
        counted = walk.explore is not None  # discovery settles only once every first page is read
        if walk.explore is not None:
            walk.explore.pending += 1
        yield self._request(url, self.parse_column_first, walk.site, errback=self.column_failed,
                            column=column, parent=parent, category=category, conditional=column.known is not None,
                            explore_counted=counted)

    # ---- columns ------------------------------------------------------------------------------
    def _column_error(self, walk: SiteWalk, name: str, url: str | None, parent: str | None, status: int,
                      error: str, column: ColumnWalk | None = None,
                      response: Response | None = None) -> Iterator[Any]:
        cid = column.column_id if column else column_key(walk.site.name, name, url)
        extra = {"blocked": response.meta.get("blocked"), **_redirects(response)} if response is not None else {}
        yield ColumnItem(site=walk.site.name, column_id=cid, name=name, url=url, parent=parent, kind="list",
                         category=self._category_for(walk.site, name), status=status, error=error,
                         found=column.found if column else ("config" if walk.site.catalog else None), **extra)
        yield ColumnDoneItem(site=walk.site.name, column_id=cid, entry_count=0, complete=False)
        if column:
            column.done = True

    def column_failed(self, failure: Failure) -> Iterator[Any]:
        meta = failed_request(failure).meta
        yield from self._column_failed(failure)
        if meta.get("explore_counted") and "page_no" not in meta:
            yield from self._first_page_settled(self.walks[meta["site"]])

    def _column_failed(self, failure: Failure) -> Iterator[Any]:
        meta = failed_request(failure).meta
        walk, column = self.walks[meta["site"]], meta["column"]
        if isinstance(failure.value, Refused):  # not sent: a limit or the site's bounds cut the walk
            column.stop(failure.value.text)
            if "page_no" in meta:
                yield from self._page_done(column)
                return
            text = failure.value.text
            yield ColumnItem(site=walk.site.name, column_id=column.column_id, name=column.name, url=column.url,
                             parent=meta.get("parent"), kind="list", category=meta.get("category"), status=None,
                             error=text if failure.value.kind == ADDRESS else f"未检查：{text}", found=column.found)
            column.pending -= 1
            column.done = True
            yield ColumnDoneItem(site=walk.site.name, column_id=column.column_id, entry_count=0, complete=False,
                                 cut=column.cut)
            return
        status, reason = _failure_status(failure)
        if "page_no" in meta:  # a later list page: the column keeps what its other pages gave
            self.logger.warning("list page failed: %s (%s)", failed_request(failure).url, reason)
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
                         blocked=response.meta.get("blocked"), found=column.found, **_redirects(response))
        column.done = True
        yield ColumnDoneItem(site=walk.site.name, column_id=column.column_id, entry_count=0, complete=False)

    def parse_column_first(self, response: Response) -> Iterator[Any]:
        yield from self._column_first(response)
        if response.meta.get("explore_counted") and not response.meta.get("stubbed"):
            yield from self._first_page_settled(self.walks[response.meta["site"]])

    def _first_page_settled(self, walk: SiteWalk) -> Iterator[Any]:
        """A catalog column's first page is read (or failed): discovery may settle."""
        if walk.explore is not None:
            walk.explore.pending -= 1
            yield from self._settle(walk)

    def _column_first(self, response: Response) -> Iterator[Any]:
        walk, column = self.walks[response.meta["site"]], response.meta["column"]
        unread = _unread(response)
        if unread:
            yield from self._column_error(walk, column.name, column.url, response.meta.get("parent"),
                                          response.status, unread, column, response)
            return
        if response.meta.get("unchanged"):
            yield from self._column_kept(walk, column, response)
            return
        page = self._read(response, walk.site)
        stub = page.stub
        hops = response.meta.get("stub_hops", 0)
        if stub and hops < MAX_STUB_HOPS and walk.owns(stub) and stub not in column.pages:
            column.pages.add(stub)  # the stub's target stands in for the first page: same pending count
            # no validators kept: an unchanged stub says nothing about the list it leads to
            yield replace(self._page_item(response, page.encoding), etag=None, last_modified=None,
                          content_hash=None)
            response.meta["stubbed"] = True  # the target's answer settles the discovery count
            yield self._request(stub, self.parse_column_first, walk.site, errback=self.column_failed,
                                column=column, parent=response.meta.get("parent"),
                                category=response.meta.get("category"), stub_hops=hops + 1,
                                conditional=column.known is not None,
                                explore_counted=response.meta.get("explore_counted", False))
            return
        yield from self._column_page(walk, column, response, page, response.meta.get("parent"),
                                     response.meta.get("category"), response.meta.get("depth", 1))

    def _column_page(self, walk: SiteWalk, column: ColumnWalk, response: Response, page: PageReading,
                     parent: str | None, category: str | None, depth: int,
                     listed: bool | None = None) -> Iterator[Any]:
        """A column's first page read: the column, its entries, its further list pages, and the menus it
        shows (its siblings in the left menu) for discovery. ``listed``: the page has the look of the site's
        lists (a list column even with no row), or not (a single page); None: as the page reads."""
        walk.add_column(response.url, column)  # where its redirects ended is the column too
        entries, paging, page_date = page.entries, page.pagination, None
        if not entries and not page.paged and (response.meta.get("render_failed") or (
                page.builds_by_script and not response.meta.get("render"))):
            yield from self._render_column(walk, column, response, page, parent, category, depth)
            return
        if listed is None and not entries and not page.paged and page.kind == "other" and walk.explore is not None \
                and column.found == "catalog":  # a blank list, or a page that is none (联系方式, RSS订阅)?
            walk.explore.empty.append(EmptyPage(
                Candidate(column.url, column.name, "catalog", response.url, depth), column.name,
                shapes_present(page.text, empty_only=True), response, column=column, parent=parent,
                category=category, says_empty=says_empty(page.text)))
            yield from self._explore(walk, nav_links(page.text, response.url), response.url, depth + 1)
            return
        kind = "page" if (page.kind in ("article", "page") and not listed) or listed is False else "list"
        links = nav_links(page.text, response.url, skip={e.url for e in entries}) \
            if walk.explore is not None or not entries else []
        if not entries and not page.paged and any(link.how == "frame" for link in links):
            kind = "group"  # its content is framed pages (an iframe catalog): they are its columns, not blank
        if kind != "list":
            entries, paging = [], Pagination(style="none", pages=[], total_pages=None)
            page_date = page.published if page.published_status == "ok" else None
        elif entries and any(e.date for e in entries) and walk.explore is not None \
                and (shape := list_shape(page.text, page.url, as_of=self.as_of, frame=walk.frame)):
            walk.explore.list_shapes.add(shape)
        yield ColumnItem(site=walk.site.name, column_id=column.column_id, name=column.name, url=column.url,
                         parent=parent, kind=kind, category=category, status=response.status,
                         meta=page.meta, page_date=page_date, found=column.found,
                         rendered=bool(response.meta.get("render")), **_redirects(response))
        yield from self.link_checks.page_links(walk, page, "page", column.name, column.pages,
                                               into=self._page_item(response, page.encoding))
        yield from self._list_page(walk, column, entries, self._onward(column, entries, paging, response), response)
        if walk.explore is not None:
            yield from self._explore(walk, links, response.url, depth + 1)

    def _may_render(self, walk: SiteWalk) -> str | None:
        """None when one more page of the site may be rendered, else why not (Chinese)."""
        if self.config.crawl.render != "auto":
            return "未渲染（[crawl] render = \"never\"）"
        if walk.renders >= self.config.crawl.render_pages:
            return f"本站渲染页数已达上限（{self.config.crawl.render_pages}页）"
        return None

    def _render_column(self, walk: SiteWalk, column: ColumnWalk, response: Response, page: PageReading,
                       parent: str | None, category: str | None, depth: int) -> Iterator[Any]:
        """A column whose list a script builds: ask for it as the browser shows it, or say it was not read
        (never blank on its static HTML alone)."""
        why = response.meta.get("render_failed") or self._may_render(walk)
        if why is None:
            walk.renders += 1
            response.meta["stubbed"] = True  # the rendered answer settles the discovery count
            yield self._request(response.url, self.parse_column_first, walk.site, errback=self.column_failed,
                                column=column, parent=parent, category=category, depth=depth, render=True,
                                explore_counted=response.meta.get("explore_counted", False))
            return
        column.stop(f"{UNREAD_PREFIX}栏目列表由脚本生成，{why}")
        yield self._page_item(response, page.encoding)
        yield ColumnItem(site=walk.site.name, column_id=column.column_id, name=column.name, url=column.url,
                         parent=parent, kind="list", category=category, status=response.status, meta=page.meta,
                         found=column.found, **_redirects(response))
        yield from self._list_page(walk, column, [], Pagination(style="none", pages=[], total_pages=None),
                                   response)

    # ---- discovery beyond the catalog ----------------------------------------------------------
    def _explore(self, walk: SiteWalk, links: list, via: str, depth: int) -> Iterator[Any]:
        """Look at the pages these menu links lead to (within the walk's depth and budget)."""
        explore = walk.explore
        if explore is None:
            return
        for candidate in explore.candidates(links, via, depth, walk.is_column):
            if walk.owns(candidate.url) and explore.claim(candidate.url):
                yield self._request(candidate.url, self.parse_explore, walk.site, errback=self.explore_failed,
                                    candidate=candidate)

    def parse_explore(self, response: Response) -> Iterator[Any]:
        walk = self.walks[response.meta["site"]]
        explore, candidate = walk.explore, response.meta["candidate"]
        assert explore is not None
        explore.pending -= 1
        yield from self._explored(walk, explore, candidate, response)
        yield from self._settle(walk)

    def explore_failed(self, failure: Failure) -> Iterator[Any]:
        meta = failed_request(failure).meta
        walk = self.walks[meta["site"]]
        explore, candidate = walk.explore, meta["candidate"]
        assert explore is not None
        explore.pending -= 1
        _, reason = _failure_status(failure)
        explore.unread.append({"url": candidate.url, "name": candidate.name, "via": candidate.via, "reason": reason})
        yield from self._settle(walk)

    def _explored(self, walk: SiteWalk, explore: Exploration, candidate: Candidate,
                  response: Response) -> Iterator[Any]:
        """A page of the discovery walk: a column when it lists entries, a lead to further pages otherwise."""
        unread = _unread(response)
        if unread:
            explore.unread.append({"url": candidate.url, "name": candidate.name, "via": candidate.via,
                                   "reason": unread})
            return
        if walk.is_column(response.url) or walk.is_column(candidate.url):
            return
        page = self._read(response, walk.site)
        stub = page.stub
        if stub and stub != response.url:
            if walk.owns(stub) and not walk.is_column(stub) and explore.claim(stub):
                yield self._request(stub, self.parse_explore, walk.site, errback=self.explore_failed,
                                    candidate=replace(candidate, url=stub))
            return
        if page.kind == "article":
            return
        title_el = page.root.find(".//title")
        name = column_name(candidate, page.meta, title_el.text_content() if title_el is not None else None)
        entries = page.entries
        if not entries and page.builds_by_script and not response.meta.get("render") \
                and self._may_render(walk) is None:
            walk.renders += 1
            explore.pending += 1  # the same page again, as the browser builds it
            yield self._request(response.url, self.parse_explore, walk.site, errback=self.explore_failed,
                                candidate=candidate, render=True)
            return
        dated = sum(e.date is not None for e in entries)
        if page.paged or dated >= 2:
            yield from self._discovered(walk, candidate, name, response, page)
            return
        # one dated row, undated rows or none: a column if its list has the look of the site's lists (for a
        # blank column: an empty list of that look; decided when the walk has seen them), else a page that
        # leads on
        shape = list_shape(page.text, page.url, as_of=self.as_of, frame=walk.frame) if entries else None
        shapes = frozenset({shape} if shape else ()) if entries else shapes_present(page.text, empty_only=True)
        explore.empty.append(EmptyPage(candidate, name, shapes, response,
                                       says_empty=not entries and says_empty(page.text)))
        if page.kind != "page":  # a content page (机构职能, 领导简介) is no menu
            links = nav_links(page.text, response.url, skip={e.url for e in entries})
            yield from self._explore(walk, links, response.url, candidate.depth + 1)

    def _discovered(self, walk: SiteWalk, candidate: Candidate, name: str, response: Response,
                    page: PageReading, listed: bool | None = None) -> Iterator[Any]:
        """A page found by the discovery walk is a column: walk it as one."""
        cid = column_key(walk.site.name, name, candidate.url)
        column = ColumnWalk(site=walk.site, column_id=cid, name=name, url=candidate.url, found=candidate.how)
        walk.add_column(candidate.url, column)
        column.claim_page(candidate.url, 1)
        column.pages.add(response.url)
        if cid in walk.walked:
            column.done = True
            return
        column.known = walk.known.get(cid)
        yield from self._column_page(walk, column, response, page, None, None, candidate.depth, listed)

    def _settle(self, walk: SiteWalk) -> Iterator[Any]:
        """When the walk has nothing pending: its empty pages that look like the site's lists are blank
        columns."""
        assert walk.explore is not None
        explore = walk.explore
        if explore.pending == 0 and explore.over_budget and walk.catalog_item is not None and not explore.said:
            explore.said = True  # the walk's budget was spent: menus named pages it never read (say so once)
            item = walk.catalog_item
            yield replace(item, evidence={**item.evidence, "walk": {"pages": len(explore.asked),
                                                                    "budget": explore.budget, "cut": True}})
        for empty, listed in walk.explore.settle():  # each page read again: its tree was not kept while it waited
            if empty.column is not None:  # a catalog column: a blank list, else a single page
                yield from self._column_page(walk, empty.column, empty.response, self._read(empty.response, walk.site),
                                             empty.parent, empty.category, empty.candidate.depth, listed)
            elif listed and not walk.is_column(empty.candidate.url):
                yield from self._discovered(walk, empty.candidate, empty.name, empty.response,
                                            self._read(empty.response, walk.site), True)

    def parse_column_more(self, response: Response) -> Iterator[Any]:
        walk, column = self.walks[response.meta["site"]], response.meta["column"]
        if _unread(response):
            column.partial = True
            yield from self._page_done(column)
            return
        page = self._read(response, walk.site)
        # a page that shows nothing new (the same entries again, a trap of ever-new URLs) ends the walk here
        advancing = any(e.url not in column.entries for e in page.entries)
        paging = page.pagination if advancing else Pagination(style="none", pages=[], total_pages=None)
        yield from self.link_checks.page_links(walk, page, "page", column.name, column.pages,
                                               into=self._page_item(response, page.encoding))
        yield from self._list_page(walk, column, page.entries, self._onward(column, page.entries, paging, response),
                                   response, follow_hanweb=False)

    def parse_hanweb_proxy(self, response: Response) -> Iterator[Any]:
        walk, column = self.walks[response.meta["site"]], response.meta["column"]
        if not _unread(response):
            text, _ = self._decode(response)
            entries = extract_datastore_entries(text, response.url, as_of=self.as_of)
            yield from self._record_entries(walk, column, entries)
        else:
            column.partial = True
        yield from self._page_done(column)

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
            column.stop(f"栏目条目超过{self.config.crawl.max_entries_per_column}条上限，部分条目未检查")
            fresh = fresh[: max(room, 0)]
        if not fresh:
            return
        column.entries.update(e.url for e in fresh)
        self.note_reports(walk.site.name, fresh)
        self.note_interpretations(walk.site.name, column.name, fresh)
        yield EntriesItem(site=walk.site.name, column_id=column.column_id,
                          entries=[_entry_dict(e) for e in fresh])
        for entry in fresh:
            yield from self._article_request(walk, entry, column.name)

    def _page_done(self, column: ColumnWalk) -> Iterator[Any]:
        column.pending -= 1
        if column.pending <= 0 and not column.done:
            column.done = True
            yield ColumnDoneItem(site=column.site.name, column_id=column.column_id,  # stopped: count stored
                                 entry_count=None if column.stopped else len(column.entries),
                                 complete=not column.partial and not column.stopped, cut=column.cut)
            if column.stopped:
                unseen = (column.known or set()) - column.entries  # stopped only where entries were known
                yield from self._recheck(self.walks[column.site.name], unseen, column.name)

    # ---- incremental runs -------------------------------------------------------------------
    def _column_kept(self, walk: SiteWalk, column: ColumnWalk, response: Response) -> Iterator[Any]:
        """The column's first page is unchanged since the last run: keep all that was read from it."""
        if response.status == 304:  # the stored validators stay; the page counts as seen in this run
            yield self._page_item(response, None)
        column.done = True
        yield ColumnKeptItem(site=walk.site.name, column_id=column.column_id, parent=response.meta.get("parent"),
                             category=response.meta.get("category"))
        yield from self._recheck(walk, column.known or set(), column.name)

    def _recheck(self, walk: SiteWalk, urls: set[str], column: str | None = None) -> Iterator[Request]:
        """Entry pages of a column not read again from its lists: those due (broken, or last answered more
        than ``recheck_days`` ago) are fetched; the others stay as read."""
        if self.articles == "all":
            for url in sorted(urls):
                yield from self._article_request(walk, ListEntry("", url, None, None, None), column)

    def _onward(self, column: ColumnWalk, entries: list[ListEntry], paging: Pagination,
                response: Response) -> Pagination:
        """The list pages to walk after this one. A full walk: all of them. An incremental walk of a changed
        list: none once a page lists only known entries (older pages are known too), else the next one."""
        if column.known is None:
            return paging
        if entries and all(e.url in column.known for e in entries):
            column.stopped = True
            return Pagination(style=paging.style, pages=[], total_pages=paging.total_pages)
        here = netloc(response.url)
        nxt = next((u for u in paging.pages if u not in column.pages and netloc(u) == here), None)
        return replace(paging, pages=[nxt] if nxt else [])

    # ---- entry pages ------------------------------------------------------------------------
    def _article_request(self, walk: SiteWalk, entry: ListEntry, column: str | None = None) -> Iterator[Request]:
        url = entry.url
        if self.articles == "none" or url in walk.articles or url in walk.skip_articles or is_script_row(url):
            return
        if self.articles == "undated" and entry.date is not None:
            return
        walk.articles.add(url)
        if not scheme_allowed(url):  # file:, ftp:, data: …: never fetched, the entry stays unchecked
            return
        status_only = not walk.owns(url) or is_document(url)
        if self.review is not None and is_attachment(url) and walk.owns(url):  # an entry that is a document
            yield from self.review.attachment(walk.site, url, page_url=None, name=entry.title)
        meta = {"site": walk.site.name, "handle_httpstatus_all": True, "download_slot": netloc(url),
                "status_only": status_only, "site_hosts": None,  # a link works wherever it leads
                "status_check": True,  # …so its check may leave the site (crawler.middlewares.guard)
                "column_name": column}  # the column whose content page it is (its links' findings)
        yield Request(url, method="HEAD" if status_only else "GET", callback=self.parse_article,
                      errback=self.article_failed, meta=meta, dont_filter=True)

    def _article_done(self, article: ArticleItem) -> Iterator[ArticleItem]:
        """Hand an entry page to the pipeline (which writes them a batch at a time)."""
        yield article

    def parse_article(self, response: Response) -> Iterator[Any]:
        if response.meta.get("blocked"):  # not seen, so neither broken nor dated
            yield from self._article_done(ArticleItem(url=_origin(response), status=None))
            return
        if response.meta.get("status_only") or _unread(response):
            yield from self._article_done(ArticleItem(url=_origin(response), status=response.status))
            return
        walk = self.walks[response.meta["site"]]
        page = self._read(response, walk.site)
        article = page.article
        done = ArticleItem(
            url=_origin(response), status=response.status, title=article.title, published=article.published,
            published_raw=article.published_raw, published_from=article.published_from,
            written=written_date(article, page.root), metas=present_metas(page.meta))
        yield from self.link_checks.page_links(walk, page, "page", response.meta.get("column_name"), content=True,
                                               into=done)  # the entry page with its links, then their checks
        if self.review is not None:
            yield from self.review.page(walk.site, walk.owns, response.url, page.root, page.links)

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        url = (failed_request(failure).meta.get("redirect_urls") or [failed_request(failure).url])[0]
        if isinstance(failure.value, Refused):  # not checked (over the budget): neither broken nor dated
            yield from self._article_done(ArticleItem(url=url, status=None))
            return
        status, _ = _failure_status(failure)
        yield from self._article_done(ArticleItem(url=url, status=status))
