"""Keep a crawl on its sites and within its budget, in one place: downloader middlewares.

``SiteGuardMiddleware`` sees every request of the ``portal`` spider before it is sent (GET, HEAD or POST;
the first request and every redirect alike) and refuses, with :class:`Refused`, one that

- leaves the registered site's hosts (request meta ``site_hosts``, else the site's ``SiteWalk.hosts``),
  unless it is a link status check (meta ``status_check``: HEAD or GET, its answer never read as a page);
- goes to a host of ``[crawl] link_skip_hosts`` (or a subdomain of one): never contacted, not even resolved;
- comes after the site used up its budget: ``[crawl] max_pages_per_site`` requests sent (retries and
  redirect hops count) or ``max_site_seconds`` since the site's first request;
- breaks the URL policy (``crawler.urlpolicy``): a scheme other than http/https, or a host the config does
  not name that resolves to a loopback, private, link-local, multicast or reserved address. Redirect hops
  come back through this middleware, so every hop is judged on its own resolved address.

Refusals are counted in the crawl stats (``guard/offsite``, ``guard/skipped``, ``guard/budget``,
``guard/address``) and kept per
site in ``spider.refusals`` (kind → count); the errback of the refused request receives the :class:`Refused`.
Requests let through are counted per host (``guard/host/<host:port>``: which hosts a crawl contacted), link
checks among them as ``guard/link_checks``.

``RetryAfterMiddleware`` replaces Scrapy's ``RetryMiddleware``: a 429 or 503 that carries ``Retry-After``
is retried after the time asked (seconds or an HTTP date), when that is within ``RETRY_AFTER_MAX``;
a longer wait gives up at once, since asking earlier only draws the same answer.
"""

from __future__ import annotations

import time
from collections import Counter
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.urlpolicy import NOT_ALLOWED_TEXT, literal_address, refusal, scheme_allowed
from crawler.walk import host_skipped, netloc, site_hosts

OFFSITE = "offsite"
BUDGET = "budget"
SKIPPED = "skipped"
ADDRESS = "address"  # the URL policy: not http(s), or an internal address of a host the config does not name


class Refused(IgnoreRequest):
    """A request the guard did not send: ``kind`` is ``offsite``, ``skipped``, ``budget`` or ``address``;
    ``str()`` says it in Chinese."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind
        self.text = text


def budget_text(pages: int, seconds: float) -> str:
    return f"已达抓取上限（每站 {pages} 页、{seconds:g} 秒），部分栏目未完整检查"


class SiteGuardMiddleware:
    """Downloader middleware: refuse off-site requests, requests over the site's budget and addresses the URL
    policy forbids."""

    def __init__(self, crawler: Any) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_pages = s.getint("PATROL_MAX_PAGES_PER_SITE", 0)
        self.max_seconds = s.getfloat("PATROL_MAX_SITE_SECONDS", 0.0)
        self.skip_hosts = tuple(s.getlist("PATROL_LINK_SKIP_HOSTS", []))
        self.started: dict[str, float] = {}
        self.sent: Counter[str] = Counter()  # requests let through per site (retries and redirects included)
        self.trusted: set[str] | None = None  # hosts the config names: allowed on any address

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteGuardMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        site = request.meta.get("site")
        spider = self.crawler.spider
        if not scheme_allowed(request.url):
            self._refuse(spider, site, ADDRESS, NOT_ALLOWED_TEXT, refusal(request.url, ()))
        if site is not None:
            self._within_site(spider, site, request)
        await self._public_or_trusted(spider, site, request)
        if site is None:
            return None
        now = time.monotonic()
        start = self.started.setdefault(site, now)
        if (self.max_pages and self.sent[site] >= self.max_pages) or \
                (self.max_seconds and now - start > self.max_seconds):
            self._refuse(spider, site, BUDGET, budget_text(self.max_pages, self.max_seconds))
        self.sent[site] += 1
        if self.stats is not None:
            self.stats.inc_value(f"guard/host/{netloc(request.url)}")
            if request.meta.get("link_check"):
                self.stats.inc_value("guard/link_checks")
        return None

    def _within_site(self, spider: Any, site: str, request: Request) -> None:
        """Refuse a page read off the site's hosts and any request to a skipped host."""
        if request.meta.get("status_check"):
            if request.method not in ("GET", "HEAD"):
                self._refuse(spider, site, OFFSITE, f"链接检查只用 GET/HEAD，未发送 {request.method} {request.url}")
        else:
            hosts = request.meta.get("site_hosts")
            if hosts is None and spider is not None and site in getattr(spider, "walks", {}):
                hosts = spider.walks[site].hosts
            if hosts is not None and netloc(request.url) not in hosts:
                self._refuse(spider, site, OFFSITE, f"请求指向站外 {netloc(request.url)}，未发送")
        if host_skipped(request.url, self.skip_hosts):
            self._refuse(spider, site, SKIPPED, f"{netloc(request.url)} 在 [crawl] link_skip_hosts 中，未发送")

    def _trusted_hosts(self, spider: Any) -> set[str]:
        """The hosts every site of the config names (URL, catalog, columns, ``www.`` variants)."""
        if self.trusted is None:
            config = getattr(spider, "config", None)
            sites = config.sites if config is not None else ()
            self.trusted = site_hosts(u for s in sites for u in (s.url, s.catalog, *(c.url for c in s.columns)))
        return self.trusted

    async def _public_or_trusted(self, spider: Any, site: str | None, request: Request) -> None:
        """Refuse a host the config does not name unless the address it resolves to is public. A name that
        does not resolve fails here as it would in the download (a DNS failure), without a second lookup."""
        trusted = self._trusted_hosts(spider)
        if netloc(request.url) in trusted:
            return
        host = urlsplit(request.url).hostname or ""
        addresses = None
        if literal_address(host) is None and host.rstrip(".").lower() != "localhost":
            from twisted.internet import reactor  # the installed one (importing it early would install one)

            # Scrapy's caching resolver: the download connects to the address judged here
            addresses = [await maybe_deferred_to_future(reactor.resolve(host))]
        reason = refusal(request.url, trusted, addresses)
        if reason:
            self._refuse(spider, site, ADDRESS, NOT_ALLOWED_TEXT, reason)

    def _refuse(self, spider: Any, site: str | None, kind: str, text: str, detail: str | None = None) -> None:
        """Count and raise a refusal; ``detail`` (which address, why) goes to the log only: the user text
        never says what an internal name resolves to."""
        if detail and spider is not None:
            spider.logger.info("refused %s: %s", detail, site or "")
        if self.stats is not None:
            self.stats.inc_value(f"guard/{kind}")
        refusals = getattr(spider, "refusals", None)
        if refusals is not None and site is not None:
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
