"""One plain HTTP GET outside Scrapy, for `patrol page` (``patrol.fetch``) and the availability probes
(``crawler.probe``): the address pinned by the URL policy, one hard deadline for connecting, headers and
body together, and a byte limit on what is read (after decompression, when asked).

The deadline is kept twice: every socket operation is given the time that remains, and a timer shuts the
socket down when the time is up, so a server that drips a byte a second cannot hold a read past it. Redirects
are the caller's (each follows them by its own rules); this module makes one request.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from crawler.urlpolicy import pinned_connection

CHUNK = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})  # the answers that send the reader elsewhere


@dataclass(frozen=True)
class Answer:
    """What one GET got before its deadline or its byte limit."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    charset: str | None
    timed_out: bool = False  # the deadline ran out while the body was read: ``body`` is what arrived
    cut: str | None = None  # why the body is incomplete beyond a timeout (size limit, bad compression)
    failed: Exception | None = None  # the connection failed after the status came: ``body`` is what arrived

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)


class _Guard:
    """Shuts the connection's socket down when the deadline passes, unblocking any read."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float) -> None:
        self.conn = conn
        self.sock: socket.socket | None = None  # set once connected (the connection may drop its reference)
        self.fired = False
        self.timer = threading.Timer(max(seconds, 0.0), self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.sock or self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.timer.cancel()


def remaining(deadline: float) -> float:
    """Seconds left before ``deadline`` (``time.monotonic``); a ``TimeoutError`` when none are."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("超过时限")
    return left


def _decoder(encoding: str) -> Any:
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


def get(url: str, deadline: float, *, trusted: set[str], max_bytes: int, headers: dict[str, str],
        verify_tls: bool = True, decompress: bool = False) -> Answer:
    """GET ``url`` once. Raises ``TimeoutError`` when no answer came in time, ``AddressNotAllowed`` for a
    refused address, ``OSError`` / ``http.client.HTTPException`` for a failed connection; a deadline that
    passes while the body is read gives the part that arrived (``timed_out``)."""
    parts = urlsplit(url)
    context = None
    if parts.scheme.lower() == "https":  # the CA store is loaded only when needed (it costs CPU)
        context = ssl.create_default_context() if verify_tls else ssl._create_unverified_context()
    conn = pinned_connection(url, trusted, remaining(deadline), context)
    guard = _Guard(conn, remaining(deadline))
    status, got_headers, charset, body, cut = 0, [], None, bytearray(), None
    try:
        conn.connect()
        sock = guard.sock = conn.sock  # kept: the connection lets go of it once a "Connection: close" answer came
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sock.settimeout(remaining(deadline))
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        status, got_headers = response.status, list(response.getheaders())
        charset = response.msg.get_content_charset()
        decoder = _decoder(response.getheader("Content-Encoding") or "") if decompress else None
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            cut = f"页面大小 {_mb(int(declared))} 超过抓取上限 {_mb(max_bytes)}，巡查不读取此页"
        received = 0
        while len(body) < max_bytes:
            sock.settimeout(remaining(deadline))
            chunk = response.read1(CHUNK)
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
        del body[max_bytes:]
    except (OSError, http.client.HTTPException, ValueError) as exc:
        timed_out = guard.fired or isinstance(exc, TimeoutError)
        if not status:
            if timed_out:
                raise TimeoutError("超过时限") from exc
            raise
        return Answer(status, got_headers, bytes(body), charset, timed_out=timed_out, cut=cut,
                      failed=None if timed_out else exc)
    finally:
        guard.cancel()
        conn.close()
    # a shut-down socket reads as the end of the body: the guard says whether the deadline ended it
    return Answer(status, got_headers, bytes(body), charset, timed_out=guard.fired, cut=cut)
