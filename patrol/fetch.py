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

import contextlib
import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from core.config import CrawlSettings
from crawler.failures import from_exception
from crawler.middlewares.redirects import REDIRECT_STATUSES, problem_text, redirect_problem, redirect_target
from crawler.settings import REDIRECT_MAX_TIMES
from crawler.urlpolicy import AddressNotAllowed, pinned_connection
from crawler.walk import site_hosts

CHUNK = 64 * 1024
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


class _Deadline:
    """Closes the connection's socket when the total time is up, unblocking any read."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float) -> None:
        self.conn = conn
        self.fired = False
        self.timer = threading.Timer(max(seconds, 0.0), self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.timer.cancel()


def _decoder(encoding: str) -> Any:
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


def _get(url: str, deadline: float, max_bytes: int, trusted: set[str]) -> Fetched:
    parts = urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return Fetched(url, 0, b"", None, "无法访问：超时")
    try:
        conn = pinned_connection(url, trusted, remaining,
                                 ssl._create_unverified_context() if parts.scheme == "https" else None)
    except AddressNotAllowed as exc:
        return Fetched(url, 0, b"", None, str(exc))
    except OSError as exc:
        return Fetched(url, 0, b"", None, f"无法访问：{from_exception(exc).text()}")
    guard = _Deadline(conn, remaining)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    status, headers, charset, body, cut = 0, [], None, bytearray(), None
    try:
        conn.request("GET", path, headers={"User-Agent": CRAWL.user_agent, "Accept-Encoding": "gzip, deflate"})
        response = conn.getresponse()
        status, headers = response.status, [(k, v) for k, v in response.getheaders()]
        charset = response.msg.get_content_charset()
        decoder = _decoder(response.getheader("Content-Encoding") or "")
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            cut = f"页面大小 {_mb(int(declared))} 超过抓取上限 {_mb(max_bytes)}，巡查不读取此页"
        received = 0
        while len(body) < max_bytes:
            chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > max_bytes and cut is None:
                cut = f"页面超过抓取上限 {_mb(max_bytes)}，巡查不读取此页；以下为前 {_mb(max_bytes)} 的内容"
            if decoder is not None:
                try:
                    chunk = decoder.decompress(chunk, max_bytes - len(body) + 1)
                except zlib.error:
                    cut = cut or "压缩内容损坏，无法解压"
                    break
                if len(body) + len(chunk) > max_bytes or decoder.unconsumed_tail:
                    cut = cut or (f"页面解压后超过抓取上限 {_mb(max_bytes)}，巡查不读取此页；"
                                  f"以下为前 {_mb(max_bytes)} 的内容")
            body += chunk
            if received > max_bytes or cut:
                break
        if len(body) > max_bytes:
            del body[max_bytes:]
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if isinstance(exc, TimeoutError):  # the socket's own timeout (the remaining time) beat the guard
            guard.fired = True
        elif not guard.fired:
            return Fetched(url, status, bytes(body), charset, f"无法访问：{from_exception(exc).text()}",
                           headers=tuple(headers))
    finally:
        guard.cancel()
        conn.close()
    if guard.fired:
        got = f"已读取 {len(body)} 字节" if body else "未收到页面"
        text = f"超时：总时限内未读完页面（{got}），巡查将按超时处理"
        if not status:
            return Fetched(url, 0, b"", None, f"无法访问：{text}", headers=tuple(headers))
        return Fetched(url, status, bytes(body), charset, text, headers=tuple(headers), cut=text)
    error = f"HTTP {status}" if status >= 400 else None
    return Fetched(url, status, bytes(body), charset, error, headers=tuple(headers), cut=cut)


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
