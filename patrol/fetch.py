"""A single HTTP GET for `patrol page`, held to the crawl's downloader limits (the crawler itself uses Scrapy).

As the crawl: one total timeout per page (connecting, headers, body and every redirect hop together: a
server that drips a byte a second cannot hold it longer), the page size limit, gzip/deflate bodies
decompressed up to the same limit (a gzip bomb stops there), and redirects followed at most
``max_redirects`` hops, never round a loop. The URL asked for may be on any address (the user named it);
a redirect to another host is followed only where the URL policy allows (``crawler.urlpolicy``: http(s),
public addresses, judged on the resolved address of every hop). The hops are kept. Where the crawl would
give up (too slow, too large), what arrived is still shown, with ``cut`` saying why the crawl would not
read it.
"""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass, field
from typing import Any

from core.config import CrawlSettings
from crawler.failures import from_exception
from crawler.httpget import get
from crawler.middlewares.redirects import REDIRECT_STATUSES, problem_text, redirect_problem, redirect_target
from crawler.settings import REDIRECT_MAX_TIMES
from crawler.urlpolicy import AddressNotAllowed
from crawler.walk import site_hosts

CRAWL = CrawlSettings()  # the crawl's defaults: timeout, page size limit, user agent


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    status: int  # 0 = no answer
    body: bytes
    charset: str | None
    error: str | None = None
    redirects: tuple[dict[str, Any], ...] = ()  # hops: url, status, to (a refused one last)
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    cut: str | None = None  # why the body is incomplete (timeout, size limit): the crawl would not read it


def _get(url: str, deadline: float, max_bytes: int, trusted: set[str]) -> Fetched:
    try:
        got = get(url, deadline, trusted=trusted, max_bytes=max_bytes, verify_tls=False, decompress=True,
                  headers={"User-Agent": CRAWL.user_agent, "Accept-Encoding": "gzip, deflate"})
    except AddressNotAllowed as exc:
        return Fetched(url, 0, b"", None, str(exc))
    except TimeoutError:
        return Fetched(url, 0, b"", None, "无法访问：超时：总时限内未读完页面（未收到页面），巡查将按超时处理")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return Fetched(url, 0, b"", None, f"无法访问：{from_exception(exc).text()}")
    headers = tuple(got.headers)
    if got.failed is not None:
        return Fetched(url, got.status, got.body, got.charset, f"无法访问：{from_exception(got.failed).text()}",
                       headers=headers)
    if got.timed_out:
        arrived = f"已读取 {len(got.body)} 字节" if got.body else "未收到页面"
        text = f"超时：总时限内未读完页面（{arrived}），巡查将按超时处理"
        return Fetched(url, got.status, got.body, got.charset, text, headers=headers, cut=text)
    error = f"HTTP {got.status}" if got.status >= 400 else None
    return Fetched(url, got.status, got.body, got.charset, error, headers=headers, cut=got.cut)


def fetch(url: str, timeout: float = CRAWL.timeout, max_bytes: int = CRAWL.max_page_bytes,
          max_redirects: int = REDIRECT_MAX_TIMES) -> Fetched:
    """GET ``url``, following redirects, all within ``timeout`` seconds in total; HTTP errors keep their
    status and body, network errors give 0.

    A redirect that is not followed (a loop, more than ``max_redirects`` hops, a target that is no web
    address) leaves the 3xx answer as the result, with the reason in ``error``.
    """
    deadline = time.monotonic() + timeout
    trusted = site_hosts([url])  # the address asked for, whatever it is; other hosts must be public
    chain: list[str] = []
    hops: list[dict[str, Any]] = []
    while True:
        got = _get(url, deadline, max_bytes, trusted)
        location = dict((k.lower(), v) for k, v in got.headers).get("location")
        if got.status not in REDIRECT_STATUSES or not location:
            return Fetched(got.url, got.status, got.body, got.charset, got.error, tuple(hops), got.headers, got.cut)
        target = redirect_target(url, location)
        chain.append(url)
        hops.append({"url": url, "status": got.status, "to": target})
        problem = redirect_problem(chain, target, None, max_redirects)
        if problem:
            reason = "地址" + problem_text({"kind": problem, "to": target, "max": max_redirects})
            return Fetched(url, got.status, got.body, got.charset, reason, tuple(hops), got.headers)
        url = target
