"""A hostile portal on 127.0.0.1 for the test suite: traps, loops, bombs, stalls, storms.

``HostileSite`` serves one fictional unit's 信息公开 columns, each a different hostile case (see ``CASES``),
and logs every request it receives (method, path, time). A second ``HostileSite`` on another port stands
for another host: the first one's off-site redirect and Hanweb ``proxyUrl`` point there. Every handler is
bounded in time (a hang or a drip ends after ``MAX_STALL`` seconds, or at once when the server stops),
and the server threads stop with ``stop()``.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_STALL = 6.0  # seconds a hanging or dripping handler holds its connection at most
HUGE_BYTES = 20 * 1024 * 1024
BOMB_BYTES = 200 * 1024 * 1024  # decompressed size of the gzip bomb (about 200 KB on the wire)

# column name → path: the cases a crawl of the hostile site walks
CASES = {
    "分页陷阱": "/trap/index.html",
    "会话参数陷阱": "/sess/list.jsp",
    "随机参数陷阱": "/rand/list.jsp",
    "重定向循环": "/loop/a.html",
    "站外重定向": "/away/index.html",
    "站外数据接口": "/hanweb/col.html",
    "超大页面": "/huge/index.html",
    "压缩炸弹": "/bomb/index.html",
    "无响应": "/hang/index.html",
    "缓慢滴漏": "/drip/index.html",
    "持续503": "/storm/index.html",
    "限流429": "/limited/index.html",
    "脚本残留": "/jsp/index.html",
    "记录洪水": "/records/index.html",
    "二进制内容": "/binary/index.html",
    "残缺网页": "/broken/index.html",
}


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    at: float


def _page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1>{body}</body></html>").encode()


def _rows(prefix: str, n: int, start: int = 0, day: int = 10) -> str:
    return "".join(f"<li><a href='/art/{prefix}_{i}.html'>关于{prefix}第{i}项工作的通知</a>"
                   f"<span>2026-11-{day:02d}</span></li>" for i in range(start, start + n))


_BOMB: bytes | None = None


def gzip_bomb() -> bytes:
    """``BOMB_BYTES`` of spaces, gzip-compressed once per process."""
    global _BOMB
    if _BOMB is None:
        _BOMB = gzip.compress(b" " * BOMB_BYTES, compresslevel=9)
    return _BOMB


class HostileSite:
    """One hostile host; ``other`` (set by the test) is the base URL of the second host."""

    def __init__(self, endless: bool = False) -> None:
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.other = ""
        self.endless = endless  # the budget case: every column pages on forever with fresh entries
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # clients hanging up are expected here
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> HostileSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def requests(self, prefix: str = "/", method: str | None = None) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path.startswith(prefix) and (method is None or h.method == method)]

    # ---- handlers ------------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _log(self) -> None:
                with site.lock:
                    site.hits.append(Hit(self.command, self.path, time.monotonic()))

            def do_HEAD(self) -> None:
                self._log()
                self._send(200, b"", body=False)

            def do_POST(self) -> None:
                self._log()
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(min(length, 1 << 20))
                self._send(200, b"<datastore><record><![CDATA[<li><a href='/art/p_1.html'>x</a>"
                                b"<span>2026-11-10</span></li>]]></record></datastore>")

            def do_GET(self) -> None:
                self._log()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    site.route(self)

            def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None,
                      body: bool = True, content_type: str = "text/html; charset=utf-8") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if body:
                    self.wfile.write(payload)

        return Handler

    def route(self, h: BaseHTTPRequestHandler) -> None:
        send = h._send  # type: ignore[attr-defined]
        parts = urlsplit(h.path)
        path, query = parts.path, parse_qs(parts.query)
        if self.endless:
            return self._endless(h, path, query)
        if path == "/":
            links = "".join(f"<li><a href='{p}'>{n}</a></li>" for n, p in CASES.items())
            return send(200, _page("恶意测试单位", f"<ul class='nav'>{links}</ul>"))
        if path.startswith("/art/"):
            return send(200, _page("通知", "<div class='info'>发布时间：2026-11-10</div><div class='content'>"
                                           "<p>正文。</p></div>"))
        if path.startswith("/trap/"):  # every page lists the same entries and links a next page, forever
            n = int((query.get("p") or ["1"])[0])
            return send(200, _page("分页陷阱", f"<ul class='list'>{_rows('trap', 10)}</ul>"
                                           f"<a href='/trap/index.html?p={n + 1}'>下一页</a>"))
        if path.startswith("/sess/"):  # fresh entries under a fresh session id on every request, one page
            token = uuid.uuid4().hex
            stamp = int(time.time() * 1000)
            return send(200, _page("会话参数陷阱", f"<ul class='list'>{_rows(token[:8], 5)}</ul>"
                                            f"<a href='/sess/list.jsp;jsessionid={token.upper()}?page=1&_={stamp}'>"
                                            f"下一页</a>"))
        if path.startswith("/rand/"):  # the same page again under a fresh random parameter, new entries each time
            token = "k" + uuid.uuid4().hex[:8] + "7"
            return send(200, _page("随机参数陷阱", f"<ul class='list'>{_rows(token[:8], 5)}</ul>"
                                             f"<a href='/rand/list.jsp?page=1&ck={token}'>下一页</a>"))
        if path == "/loop/a.html":
            return send(302, b"", {"Location": "/loop/b.html"})
        if path == "/loop/b.html":
            return send(302, b"", {"Location": "/loop/a.html"})
        if path.startswith("/away/"):
            return send(302, b"", {"Location": f"{self.other}/landing/index.html"})
        if path.startswith("/hanweb/"):  # a Hanweb list whose dataproxy lives on another host
            records = "".join(f"<record><![CDATA[<li><a href='/art/hw_{i}.html'>汉威第{i}条</a>"
                              f"<span>2026-11-10</span></li>]]></record>" for i in range(15))
            script = (f"<script>var proxyUrl = '{self.other}/module/web/jpage/dataproxy.jsp';"
                      "var ajaxParam = {col: 1, webid: 1, columnid: 3};</script>")
            return send(200, _page("站外数据接口", f"<div id='list'><script type='text/xml'><datastore>"
                                             f"<totalrecord>300</totalrecord>{records}</datastore></script>"
                                             f"</div>{script}"))
        if path.startswith("/huge/"):
            return self._stream(h, HUGE_BYTES)
        if path.startswith("/bomb/"):
            return send(200, gzip_bomb(), {"Content-Encoding": "gzip"})
        if path.startswith("/hang/"):
            self.stopping.wait(MAX_STALL)
            return None
        if path.startswith("/drip/"):
            return self._drip(h)
        if path.startswith("/storm/"):
            return send(503, _page("服务不可用", "<p>稍后再试</p>"))
        if path.startswith("/limited/"):  # the first ask is told to wait a second
            if len(self.requests("/limited/")) == 1:
                return send(429, _page("请求过多", ""), {"Retry-After": "1"})
            return send(200, _page("限流429", f"<ul class='list'>{_rows('limited', 3)}</ul>"))
        if path.startswith("/jsp/"):
            return send(200, _page("脚本残留", f"<ul class='list'>{_rows('jsp', 3)}</ul>" + "<%" * 1_000_000))
        if path.startswith("/records/"):
            return send(200, _page("记录洪水", f"<ul class='list'>{_rows('rec', 3)}</ul><datastore>"
                                           + "<record><![CDATA[" * 120_000))
        if path.startswith("/binary/"):
            return send(200, os.urandom(300_000))
        if path.startswith("/broken/"):
            body = (f"<ul class='list'>{_rows('broken', 4)}"
                    f"<li><a href='{self.other}/outside/t20261110_1.html'>外部链接通知</a><span>2026-11-10</span>"
                    "<li><a href='/art/x.html'>未闭合<b>标签<i>的通知<span>2026-11-09" + "</div>" * 50)
            return send(200, f"<html><head><title>残缺网页</title><body><div><table><tr>{body}".encode())
        return send(404, _page("404", "<p>页面不存在</p>"))

    def _stream(self, h: BaseHTTPRequestHandler, size: int) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(size))
        h.end_headers()
        chunk = b"<p>" + "大".encode() * 20_000 + b"</p>"
        sent = 0
        while sent < size and not self.stopping.is_set():
            piece = chunk[: size - sent]
            h.wfile.write(piece)
            sent += len(piece)

    def _drip(self, h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.flush()
        ends = time.monotonic() + MAX_STALL
        while time.monotonic() < ends and not self.stopping.is_set():
            h.wfile.write(b"<")
            h.wfile.flush()
            self.stopping.wait(0.5)

    def _endless(self, h: BaseHTTPRequestHandler, path: str, query: dict) -> None:
        """The budget case: 40 columns, each paging on forever with fresh entries."""
        send = h._send  # type: ignore[attr-defined]
        if path.startswith("/art/"):
            return send(200, _page("通知", "<div class='info'>发布时间：2026-11-10</div>"))
        col = path.strip("/").split("/")[0] or "c0"
        n = int((query.get("p") or ["1"])[0])
        return send(200, _page(f"栏目{col}", f"<ul class='list'>{_rows(f'{col}p{n}', 5)}</ul>"
                                            f"<a href='/{col}/index.html?p={n + 1}'>下一页</a>"))
