"""Keep a crawl on its sites and within its budget, in one place: downloader middlewares.

``SiteGuardMiddleware`` sees every request of the ``portal`` spider before it is sent (GET, HEAD or POST;
the first request and every redirect alike) and refuses, with :class:`Refused`, one that

- leaves the registered site's hosts (request meta ``site_hosts``, else the site's ``SiteWalk.hosts``),
  unless it is a link status check (meta ``status_check``: HEAD or GET, its answer never read as a page);
- comes after the site used up its budget: ``[crawl] max_pages_per_site`` requests sent (retries and
  redirect hops count) or ``max_site_seconds`` since the site's first request.

Refusals are counted in the crawl stats (``guard/offsite``, ``guard/budget``) and kept per site in
``spider.refusals`` (kind → count); the errback of the refused request receives the :class:`Refused`.

``RetryAfterMiddleware`` replaces Scrapy's ``RetryMiddleware``: a 429 or 503 that carries ``Retry-After``
is retried after the time asked (seconds or an HTTP date), when that is within ``RETRY_AFTER_MAX``;
a longer wait gives up at once, since asking earlier only draws the same answer.
"""

from __future__ import annotations

import time
from collections import Counter
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.walk import netloc

OFFSITE = "offsite"
BUDGET = "budget"


class Refused(IgnoreRequest):
    """A request the guard did not send: ``kind`` is ``offsite`` or ``budget``; ``str()`` says it in Chinese."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind
        self.text = text


def budget_text(pages: int, seconds: float) -> str:
    return f"已达抓取上限（每站 {pages} 页、{seconds:g} 秒），部分栏目未完整检查"


class SiteGuardMiddleware:
    """Downloader middleware: refuse off-site requests and requests over the site's budget."""

    def __init__(self, crawler: Any) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_pages = s.getint("PATROL_MAX_PAGES_PER_SITE", 0)
        self.max_seconds = s.getfloat("PATROL_MAX_SITE_SECONDS", 0.0)
        self.started: dict[str, float] = {}
        self.sent: Counter[str] = Counter()  # requests let through per site (retries and redirects included)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        site = request.meta.get("site")
        if site is None:
            return None
        spider = self.crawler.spider
        if request.meta.get("status_check"):
            if request.method not in ("GET", "HEAD"):
                self._refuse(spider, site, OFFSITE, f"链接检查只用 GET/HEAD，未发送 {request.method} {request.url}")
        else:
            hosts = request.meta.get("site_hosts")
            if hosts is None and spider is not None and site in getattr(spider, "walks", {}):
                hosts = spider.walks[site].hosts
            if hosts is not None and netloc(request.url) not in hosts:
                self._refuse(spider, site, OFFSITE, f"请求指向站外 {netloc(request.url)}，未发送")
        now = time.monotonic()
        start = self.started.setdefault(site, now)
        if (self.max_pages and self.sent[site] >= self.max_pages) or \
                (self.max_seconds and now - start > self.max_seconds):
            self._refuse(spider, site, BUDGET, budget_text(self.max_pages, self.max_seconds))
        self.sent[site] += 1
        return None

    def _refuse(self, spider: Any, site: str, kind: str, text: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"guard/{kind}")
        refusals = getattr(spider, "refusals", None)
        if refusals is not None:
            refusals.setdefault(site, Counter())[kind] += 1
        raise Refused(kind, text)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date), None if unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries, but a 429/503 with ``Retry-After`` waits the time asked (up to ``RETRY_AFTER_MAX``)."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 30.0)

    # Scrapy awaits a coroutine process_response (and no longer passes the spider): the base's is plain.
    async def process_response(  # type: ignore[override]
            self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in (429, 503) \
                or b"Retry-After" not in response.headers:
            return super().process_response(request, response)
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            return super().process_response(request, response)
        if wait > self.max_wait:
            request.meta["retry_after_refused"] = wait
            return response  # asking earlier than the server allows only draws the same answer
        retry = self._retry(request, f"{response.status} Retry-After {wait:g}s")
        if retry is None:
            return response
        if wait > 0:
            from twisted.internet import reactor  # the installed one (importing it early would install one)

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry
