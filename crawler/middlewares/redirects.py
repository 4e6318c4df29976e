"""Follow HTTP redirects (301/302/303/307/308) within a site's own hosts, keeping the chain as evidence.

Every request of the ``portal`` spider sets ``handle_httpstatus_all`` (so 4xx/5xx reach the callbacks),
which makes Scrapy's own ``RedirectMiddleware`` pass every 3xx through unread. This middleware replaces
it (``crawler/settings.py``) and follows a redirect when its target is allowed:

- request meta ``site_hosts`` (a set of :func:`crawler.walk.netloc` values, shared with the site's
  ``SiteWalk``) limits the targets to the site's own hosts; ``None`` or absent allows any host;
- at most ``REDIRECT_MAX_TIMES`` hops, and never back to a URL already in the chain (a loop).

The followed request carries Scrapy's usual meta keys ``redirect_urls`` (every URL that redirected, in
order), ``redirect_reasons`` (their statuses) and ``redirect_times``, so ``response.url`` is the final URL
and :func:`redirect_chain` rebuilds the chain. A redirect that is not followed reaches the callback as the
3xx response itself, with ``redirect_problem`` in its meta: ``{"kind": "offsite" | "loop" | "too-many" |
"bad-target", "to": target}``; :func:`problem_text` says it in Chinese. ``dont_redirect`` in meta passes
the 3xx through untouched.

``SiteMetaRefreshMiddleware`` applies the same limits to Scrapy's ``<meta http-equiv="refresh">``
following; a page that refreshes to itself is simply read.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from w3lib.url import safe_url_string

from crawler.httpget import REDIRECT_STATUSES
from crawler.walk import netloc


def _same(a: str, b: str) -> bool:
    """Equal URLs, ignoring fragments and a default port."""
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme.lower(), netloc(a), pa.path or "/", pa.query) == \
        (pb.scheme.lower(), netloc(b), pb.path or "/", pb.query)


def redirect_target(url: str, location: bytes | str) -> str:
    """The absolute URL a ``Location`` header points to from ``url`` (relative, ``//host`` or absolute)."""
    raw = location.decode("latin-1") if isinstance(location, bytes) else location
    loc = safe_url_string(raw.strip())
    if loc.startswith("//"):
        loc = urlsplit(url).scheme + ":" + loc
    return urljoin(url, loc)


def redirect_problem(chain: list[str], target: str, hosts: set[str] | None, max_times: int) -> str | None:
    """Why a redirect from ``chain[-1]`` to ``target`` must not be followed, or None.

    ``chain`` holds every URL requested so far, the redirecting one last.
    """
    if urlsplit(target).scheme.lower() not in ("http", "https") or not urlsplit(target).netloc:
        return "bad-target"
    if any(_same(target, u) for u in chain):
        return "loop"
    if len(chain) > max_times:
        return "too-many"
    if hosts is not None and netloc(target) not in hosts:
        return "offsite"
    return None


def problem_text(problem: dict[str, Any] | None, max_times: int = 5) -> str:
    """The Chinese reason a redirect was not followed, e.g. ``重定向到站外 http://…，未跟随``."""
    if not problem:
        return ""
    to = problem.get("to") or ""
    kind = problem.get("kind")
    if kind == "offsite":
        return f"重定向到站外 {to}，未跟随"
    if kind == "loop":
        return f"重定向形成循环（再次指向 {to}），未跟随"
    if kind == "too-many":
        return f"重定向次数超过{problem.get('max', max_times)}次（下一跳 {to}），未跟随"
    return f"重定向目标无效（{to or '空'}），未跟随"


def redirect_chain(response: Response) -> list[dict[str, Any]]:
    """The hops that led to ``response``: ``{"url", "status", "to"}`` each (status is "meta refresh" for a
    refresh); a redirect that was not followed is the last hop, its ``to`` the target left alone."""
    meta = response.meta if response.request is not None else {}
    urls: list[str] = list(meta.get("redirect_urls") or [])
    reasons: list[Any] = list(meta.get("redirect_reasons") or [])
    nexts = urls[1:] + [response.url]
    hops = [{"url": u, "status": r, "to": n} for u, r, n in zip(urls, reasons, nexts, strict=False)]
    problem = meta.get("redirect_problem")
    if problem:
        hops.append({"url": response.url, "status": problem.get("status", response.status), "to": problem["to"]})
    return hops


class SiteRedirectMiddleware:
    """Downloader middleware: follow 3xx within the request's ``site_hosts``; see the module docstring."""

    def __init__(self, max_times: int = 5, priority_adjust: int = 2) -> None:
        self.max_times = max_times
        self.priority_adjust = priority_adjust

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteRedirectMiddleware:
        s = crawler.settings
        return cls(s.getint("REDIRECT_MAX_TIMES", 5), s.getint("REDIRECT_PRIORITY_ADJUST", 2))

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        location = response.headers.get(b"Location")
        if request.meta.get("dont_redirect") or response.status not in REDIRECT_STATUSES or location is None:
            return response
        target = redirect_target(request.url, location)
        chain = [*request.meta.get("redirect_urls", []), request.url]
        problem = redirect_problem(chain, target, request.meta.get("site_hosts"), self.max_times)
        if problem:
            request.meta["redirect_problem"] = {"kind": problem, "to": target, "max": self.max_times,
                                                "status": response.status}
            return response
        return follow(request, target, response.status, self.priority_adjust)


def follow(request: Request, target: str, reason: int | str, priority_adjust: int = 2) -> Request:
    """The request for ``target`` that continues ``request``'s chain (GET after a 303, or a 301/302 POST)."""
    redirected = request.replace(url=target, priority=request.priority + priority_adjust)
    if (reason in (301, 302) and request.method == "POST") or (reason == 303 and request.method != "HEAD"):
        redirected = redirected.replace(method="GET", body=b"")
        for header in (b"Content-Type", b"Content-Length"):
            redirected.headers.pop(header, None)
    if netloc(target) != netloc(request.url):
        redirected.headers.pop(b"Cookie", None)
        redirected.headers.pop(b"Authorization", None)
        if "download_slot" in redirected.meta:
            redirected.meta["download_slot"] = netloc(target)
    redirected.meta["redirect_urls"] = [*request.meta.get("redirect_urls", []), request.url]
    redirected.meta["redirect_reasons"] = [*request.meta.get("redirect_reasons", []), reason]
    redirected.meta["redirect_times"] = request.meta.get("redirect_times", 0) + 1
    redirected.meta.pop("redirect_problem", None)
    return redirected


# Scrapy looks for a meta refresh in a page's first 4,096 characters (at most 16 KB in any charset of up to
# four bytes a character), and w3lib takes a <meta> whose attributes hold the word "refresh".
_REFRESH_SNIFF = 16_384
_REFRESH_RE = re.compile(rb"refresh", re.I)


def may_refresh(body: bytes) -> bool:
    """Whether Scrapy's meta-refresh reader can find a refresh in a page: the word is in its first 16 KB
    (UTF-16 and UTF-32 pages, whose letters are not single bytes, always can). Scrapy decodes the whole body
    to look, and Patrol's reader decodes it again; a page without the word is answered unread."""
    head = body[:_REFRESH_SNIFF]
    return b"\x00" in head or _REFRESH_RE.search(head) is not None


class SiteMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh following, held to the same hosts, cap and loop rules."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        if isinstance(response, HtmlResponse) and not may_refresh(response.body):
            return response
        try:
            result = super().process_response(request, response)
        except IgnoreRequest:  # Scrapy's cap on redirects
            request.meta["redirect_problem"] = {"kind": "too-many", "to": "", "max": self.max_redirect_times,
                                                "status": "meta refresh"}
            return response
        if not isinstance(result, Request):
            return result
        if _same(result.url, request.url):
            return response  # a page that reloads itself (自动刷新) is read as it is
        chain = [*request.meta.get("redirect_urls", []), request.url]
        problem = redirect_problem(chain, result.url, request.meta.get("site_hosts"), self.max_redirect_times)
        if problem:
            request.meta["redirect_problem"] = {"kind": problem, "to": result.url, "max": self.max_redirect_times,
                                                "status": "meta refresh"}
            return response
        return result
