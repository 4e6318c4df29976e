"""A single plain HTTP GET for `patrol page` (the crawler itself uses Scrapy).

Redirects are followed as the crawl follows them (``crawler.redirects``): at most ``max_redirects`` hops,
never round a loop; with no site to stay within, any host is allowed. The hops are kept.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from crawler.redirects import REDIRECT_STATUSES, problem_text, redirect_problem, redirect_target
from crawler.settings import REDIRECT_MAX_TIMES, USER_AGENT


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    status: int  # 0 = no answer
    body: bytes
    charset: str | None
    error: str | None = None
    redirects: tuple[dict[str, Any], ...] = ()  # hops: url, status, to (a refused one last)
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)


class _Manual(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back to the caller, which follows it itself."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_Manual)


def _get(url: str, timeout: float, max_bytes: int) -> Fetched:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Fetched(response.geturl(), response.status, response.read(max_bytes),
                           response.headers.get_content_charset(), headers=tuple(response.headers.items()))
    except urllib.error.HTTPError as exc:
        return Fetched(url, exc.code, exc.read(max_bytes), exc.headers.get_content_charset(),
                       f"HTTP {exc.code}", headers=tuple(exc.headers.items()))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Fetched(url, 0, b"", None, f"无法访问：{reason}")


def fetch(url: str, timeout: float = 15.0, max_bytes: int = 8 * 1024 * 1024,
          max_redirects: int = REDIRECT_MAX_TIMES) -> Fetched:
    """GET ``url``, following redirects; HTTP errors keep their status and body, network errors give 0.

    A redirect that is not followed (a loop, more than ``max_redirects`` hops, a target that is no web
    address) leaves the 3xx answer as the result, with the reason in ``error``.
    """
    chain: list[str] = []
    hops: list[dict[str, Any]] = []
    while True:
        got = _get(url, timeout, max_bytes)
        location = dict((k.lower(), v) for k, v in got.headers).get("location")
        if got.status not in REDIRECT_STATUSES or not location:
            return Fetched(got.url, got.status, got.body, got.charset, got.error, tuple(hops), got.headers)
        target = redirect_target(url, location)
        chain.append(url)
        hops.append({"url": url, "status": got.status, "to": target})
        problem = redirect_problem(chain, target, None, max_redirects)
        if problem:
            reason = "地址" + problem_text({"kind": problem, "to": target, "max": max_redirects})
            return Fetched(url, got.status, got.body, got.charset, reason, tuple(hops), got.headers)
        url = target
