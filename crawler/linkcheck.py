"""Link checks (链接可用性) for the ``portal`` spider: each distinct target once per run.

:class:`SpiderLinks` is all the spider knows of them: it is handed the pages the spider reads, answers
the checks' callbacks and the signals that cut a check's download short and send the checks (and their
rechecks) when the crawl is idle; :class:`LinkChecker` keeps who wants which target and what it answered.

A document (pdf, doc, xls, zip … by its address) is asked with HEAD; a HEAD refused (405/501, or the
connection closed on it) is asked again with GET, whose body is not downloaded (the download stops at the
headers). Any other target is asked with one GET whose HTML body is read up to ``LINK_BODY_BYTES``: a page
that answers 200 but says it does not exist (a soft 404, ``crawler.extract.notfound``) is broken, and so is
a redirect that ends on an error page or in a 404. A HEAD that answers 200 with an HTML page (a file link
that now leads to a page) is asked again with such a GET. One capped GET costs about what a HEAD costs
and saves the second request a HEAD-then-GET would need for every page.

Requests are link status checks for ``crawler.middlewares.guard`` (they may leave the site, but never to a host of
``[crawl] link_skip_hosts``, whose links are not checked at all), go through the target host's own download
slot (the crawl's per-host politeness) and come after the pages of the crawl (lower priority), without
retries: a failure is confirmed by a second check instead, ``[crawl] link_recheck_seconds`` later in the
same run, or by the next run when that is 0. Stored counts of failed checks in a row (``storage.links``)
say when a link is broken.

401, 403, 407, 429, 451 and WAF / anti-bot answers are ``restricted``: the server answered and keeps the
target from a robot, which says nothing about whether a visitor can open it; they are kept for a look but
never counted as broken.

A target the URL policy refuses (``crawler.urlpolicy``: not http/https, or a host the config does not name on
an internal address, also when a redirect leads there) is recorded as not checked: ``restricted``, no
status, the error :data:`crawler.urlpolicy.NOT_ALLOWED_TEXT`; never broken.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scrapy.exceptions import DontCloseSpider, StopDownload
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from core.config import CrawlSettings
from crawler.extract.notfound import not_found_sign
from crawler.extract.reader import PageReading, charset_of
from crawler.failures import failed_request, failure_cause, from_status, request_of
from crawler.items import ArticleItem, LinkCheckItem, PageItem, PageLinks
from crawler.middlewares.guard import ADDRESS, Refused
from crawler.middlewares.redirects import problem_text
from crawler.urlpolicy import NOT_ALLOWED_TEXT, scheme_allowed
from crawler.walk import SiteWalk, host_skipped, netloc

RESTRICTED = frozenset({401, 403, 407, 429, 451})
HEAD_REFUSED = frozenset({405, 501})
PRIORITY = -10  # after the crawl's own pages
# Link checks are sent when the crawl is idle, this many at a time (the next batch at the next idle): a run's
# distinct targets (tens of thousands in a province) would otherwise all be queued requests at once.
LINK_CHECKS_AT_ONCE = 2000
LINK_BODY_BYTES = 64 * 1024  # of a checked page's body read for soft-404 signs (title, headings, short text)
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar", ".ppt", ".pptx",
                     ".jpg", ".png", ".mp4")


def is_document(url: str) -> bool:
    """A file to download (by its address), not a page to read."""
    return url.split("?")[0].split("#")[0].lower().endswith(DOCUMENT_SUFFIXES)


def is_html(response: Response) -> bool:
    """Whether an answer is (or, without a Content-Type, may be) an HTML page."""
    kind = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return not kind or "html" in kind


def soft_404(response: Response) -> str | None:
    """Why a 2xx answer of a link check is a page that does not exist (``crawler.extract.notfound``), or None."""
    body = response.body if response.meta.get("link_body") and is_html(response) else b""
    return not_found_sign(body, response.url, redirected=bool(response.meta.get("redirect_urls")),
                          charset=charset_of(response.headers))


def link_outcome(status: int, blocked: bool = False) -> str:
    """``ok``, ``fail`` or ``restricted`` for a check's answer (status 0 = no answer)."""
    if blocked or status in RESTRICTED:
        return "restricted"
    if 200 <= status < 300 or status == 304:
        return "ok"
    return "fail"


@dataclass
class LinkChecker:
    """The run's link checks: who wants which target, what it answered, which failures to check again."""

    recheck_seconds: float
    skip_hosts: tuple[str, ...] = ()  # [crawl] link_skip_hosts: never checked
    wanted: dict[str, set[str]] = field(default_factory=dict)  # target → sites whose pages link to it
    results: dict[str, LinkCheckItem] = field(default_factory=dict)  # target → its last answer in this run
    failed_at: dict[str, float] = field(default_factory=dict)  # target → when its first check failed
    rechecked: set[str] = field(default_factory=set)
    fails: dict[tuple[str, str], int] = field(default_factory=dict)  # (site, target) → failed checks in a row
    pending: list[str] = field(default_factory=list)  # targets asked for, sent when the crawl is idle

    def check(self, site: str, url: str, callback: Callable, errback: Callable) -> Iterator[Any]:
        """Queue a check of ``url`` the first time any site asks (sent by :meth:`flush`); the known answer when
        it was already checked; nothing for a target on a skipped host."""
        if host_skipped(url, self.skip_hosts):
            return
        if not scheme_allowed(url):  # never sent: not checked
            yield LinkCheckItem(site=site, url=url, status=None, error=NOT_ALLOWED_TEXT, outcome="restricted")
            return
        sites = self.wanted.setdefault(url, set())
        first, new = not sites, site not in sites
        sites.add(site)
        if url in self.results:  # one answer per site and check: every item is counted as a check in the store
            if new:
                known = self.results[url]
                yield LinkCheckItem(site=site, url=url, status=known.status, error=known.error,
                                    outcome=known.outcome)
        elif first:
            self.pending.append(url)

    def flush(self, crawled: set[str], callback: Callable, errback: Callable, limit: int) -> list[Request]:
        """The checks queued since the last flush, at most ``limit`` of them (the rest stay queued for the next
        flush), but for pages the crawl itself read in this run (columns, list pages, entries: their own rules
        judge them), which need no second request."""
        out: list[Request] = []
        taken = 0
        for url in self.pending:
            if len(out) >= limit:
                break
            taken += 1
            if url not in crawled:
                out.append(self._request(url, "HEAD" if is_document(url) else "GET", min(self.wanted[url]),
                                         callback, errback))
        del self.pending[:taken]
        return out

    def _request(self, url: str, method: str, site: str, callback: Callable, errback: Callable,
                 recheck: bool = False, body: bool | None = None) -> Request:
        """A check of ``url``; a GET reads the body (HTML only, capped) unless ``url`` is a document."""
        read = method == "GET" and (not is_document(url) if body is None else body)
        meta = {"site": site, "status_check": True, "link_check": url, "link_recheck": recheck,
                "link_body": read, "site_hosts": None, "handle_httpstatus_all": True, "dont_retry": True,
                "download_slot": netloc(url)}
        return Request(url, method=method, callback=callback, errback=errback, meta=meta, dont_filter=True,
                       priority=PRIORITY)

    def answered(self, response: Response, callback: Callable, errback: Callable) -> Iterator[Any]:
        """Items for the answer of a check (or the GET that stands in for a refused HEAD)."""
        request = request_of(response)
        url = request.meta["link_check"]
        if request.method == "HEAD" and response.status in HEAD_REFUSED:
            yield self._request(url, "GET", request.meta["site"], callback, errback, request.meta["link_recheck"])
            return
        outcome = link_outcome(response.status, bool(response.meta.get("blocked")))
        error = None
        if outcome == "ok" and response.status != 304:
            sign = soft_404(response)
            if sign is None and request.method == "HEAD" and is_html(response):  # a file link now a page
                yield self._request(url, "GET", request.meta["site"], callback, errback,
                                    request.meta["link_recheck"], body=True)
                return
            if sign is not None:
                outcome, error = "fail", f"软404：返回 HTTP {response.status}，{sign}"
        elif outcome == "fail":
            problem = response.meta.get("redirect_problem")
            error = "地址" + problem_text(problem) if problem else from_status(response.status).text()
            if not problem and response.meta.get("redirect_urls"):
                error = f"跳转到 {response.url} 后返回 {error}"
        elif outcome == "restricted":
            error = response.meta.get("blocked") or f"HTTP {response.status}"
        yield from self._result(url, response.status, error, outcome, request.method, request.meta["link_recheck"])

    def failed(self, failure: Failure, callback: Callable, errback: Callable) -> Iterator[Any]:
        request = failed_request(failure)
        url = request.meta["link_check"]
        if isinstance(failure.value, Refused):  # not sent: not checked, neither broken nor fine
            if failure.value.kind == ADDRESS:  # recorded as such, with no status
                yield from self._result(url, None, NOT_ALLOWED_TEXT, "restricted", request.method,
                                        request.meta["link_recheck"])
            return
        cause = failure_cause(failure)
        if request.method == "HEAD" and cause.kind == "lost":  # a server that hangs up on HEAD
            yield self._request(url, "GET", request.meta["site"], callback, errback, request.meta["link_recheck"])
            return
        yield from self._result(url, 0, cause.text(), "fail", request.method, request.meta["link_recheck"])

    def _result(self, url: str, status: int | None, error: str | None, outcome: str, method: str,
                recheck: bool) -> Iterator[LinkCheckItem]:
        self.results[url] = LinkCheckItem(site="", url=url, status=status, error=error, outcome=outcome)
        if outcome == "fail" and not recheck:
            self.failed_at[url] = time.monotonic()
        for site in sorted(self.wanted.get(url, ())):
            yield LinkCheckItem(site=site, url=url, status=status, error=error, outcome=outcome)

    def due_rechecks(self, callback: Callable, errback: Callable) -> list[tuple[float, Request]]:
        """(seconds to wait, request) for each target that failed once in this run and is not yet known to have
        failed twice for every site linking to it; each target is rechecked at most once."""
        if self.recheck_seconds <= 0:
            return []
        now = time.monotonic()
        out = []
        for url, at in sorted(self.failed_at.items()):
            sites = sorted(self.wanted.get(url, ()))
            if url in self.rechecked or not sites or all(self.fails.get((s, url), 0) >= 2 for s in sites):
                continue
            self.rechecked.add(url)
            out.append((max(0.0, at + self.recheck_seconds - now),
                        self._request(url, "GET", sites[0], callback, errback, recheck=True)))
        self.failed_at.clear()
        return out


class SpiderLinks:
    """The ``portal`` spider's link checks over a run. The spider holds one: it hands it the pages it reads
    (:meth:`page_links`) and connects three bound methods to Scrapy's signals — :meth:`stop_link_body`
    (headers_received), :meth:`cap_link_body` (bytes_received), :meth:`recheck_links` (spider_idle); the
    checks' answers come back to :meth:`parse_link` and :meth:`link_failed`."""

    def __init__(self, crawl: CrawlSettings, walks: dict[str, SiteWalk], site_started: dict[str, float],
                 send: Callable[[Request], Any]) -> None:
        self.crawl = crawl
        self.walks = walks  # the spider's: site → its walk
        self.site_started = site_started  # the spider's: site → monotonic time of its first answer
        self.send = send  # hands a request to the crawl's engine
        self.checker = LinkChecker(crawl.link_recheck_seconds, crawl.link_skip_hosts)
        self.rechecks_waiting = 0  # link rechecks scheduled for later in this run, not yet sent
        self.settled: dict[str, set[str]] = {}  # site → targets checked fine within recheck_days

    def page_links(self, walk: SiteWalk, page: PageReading, place: str, column: str | None,
                   crawled: set[str] | None = None, content: bool = False, *,
                   into: PageItem | ArticleItem) -> Iterator[Any]:
        """Yield ``into`` (the page's own item) carrying the page's links, then a check of each target not
        checked yet in this run. Pages the crawl itself
        reads are left out: a column page's entries (``entry-link-broken``), its list pages and the columns
        (``column-unreachable``); a content page's (``content``) entry-like lists (相关文章) are its links. Links
        the home page has too (the site's frame: 导航, 页脚) are stored and checked with the home page only."""
        if not self.crawl.check_links:
            yield into
            return
        skip: set[str | None] = {e.url for e in page.entries} if place == "page" and not content else set()
        skip |= {page.url, *(() if content else page.next_pages), *(crawled or ()),  # a content page has no paging
                 walk.site.catalog, *(c.url for c in walk.site.columns)}  # configured ones: known before
        links = [(k.url, k.text) for k in page.links if k.url not in skip and k.url not in walk.columns_by_url
                 and not (place == "page" and k.url in walk.home_links)]  # the frame's: the home page has them
        if place == "home":
            walk.home_links = {url for url, _ in links}
        into.links = PageLinks(site=walk.site.name, page=page.url, place=place, column=column, links=links)
        yield into
        settled = self.settled.get(walk.site.name, set())
        for url, _ in links:
            if url not in settled and url not in walk.articles:
                yield from self.checker.check(walk.site.name, url, self.parse_link, self.link_failed)

    def parse_link(self, response: Response) -> Iterator[Any]:
        yield from self.checker.answered(response, self.parse_link, self.link_failed)

    def link_failed(self, failure: Failure) -> Iterator[Any]:
        yield from self.checker.failed(failure, self.parse_link, self.link_failed)

    def stop_link_body(self, headers: Any, body_length: int, request: Request, spider: Any = None) -> None:
        """A link check's GET needs the status only, and the start of an HTML page (soft 404s)."""
        if request.meta.get("link_check") and request.method == "GET" and not (
                request.meta.get("link_body") and is_html(Response(request.url, headers=headers))):
            raise StopDownload(fail=False)

    def cap_link_body(self, data: bytes, request: Request, spider: Any = None) -> None:
        """A link check reads at most ``LINK_BODY_BYTES`` of a page."""
        if request.meta.get("link_body"):
            request.meta["link_bytes"] = request.meta.get("link_bytes", 0) + len(data)
            if request.meta["link_bytes"] >= LINK_BODY_BYTES:
                raise StopDownload(fail=False)

    def recheck_links(self, spider: Any = None) -> None:
        """When the crawl is idle: send the link checks asked for (not the pages the crawl read itself), and
        check once more the targets that failed once, the recheck delay after."""
        fresh = self.checker.flush(self._crawled(), self.parse_link, self.link_failed, limit=LINK_CHECKS_AT_ONCE)
        for request in fresh:
            self.send(request)
        due = self.checker.due_rechecks(self.parse_link, self.link_failed)
        if due:
            from twisted.internet import reactor  # the installed one

            for wait, request in due:
                started = self.site_started.get(request.meta["site"], time.monotonic())
                if time.monotonic() + wait - started > self.crawl.max_site_seconds:
                    continue  # past the site's time budget the guard refuses it: the next run confirms instead
                self.rechecks_waiting += 1
                reactor.callLater(wait, self._send_recheck, request)
        if fresh or self.checker.pending or due or self.rechecks_waiting:  # the idle beat may come before a
            # recheck's delay is over; checks still queued go at the next idle
            raise DontCloseSpider

    def _crawled(self) -> set[str]:
        """Every page the crawl reads itself: columns, their list pages, entries (asked for in this run, or known
        from earlier runs and not due again: ``entry-link-broken`` judges them)."""
        urls: set[str] = set()
        for walk in self.walks.values():
            urls |= walk.articles | walk.skip_articles | walk.columns_by_url.keys()
            for known in walk.known.values():
                urls |= known
            for column in walk.columns_by_url.values():
                urls |= column.pages
        return urls

    def _send_recheck(self, request: Request) -> None:
        self.rechecks_waiting -= 1
        self.send(request)
