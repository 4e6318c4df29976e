"""Loopback home pages for the probe tests: one that fails a set share of requests, one that answers too
slowly, one that drops the connection, one behind a WAF page, and a port where nothing listens."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOME = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>清河市水利局</title></head><body>"
        "<div class=\"nav\"><a href=\"/\">首页</a><a href=\"/xxgk/\">信息公开</a><a href=\"/zwdt/\">政务动态</a>"
        "<a href=\"/hdjl/\">互动交流</a><a href=\"/bsfw/\">办事服务</a><a href=\"/jgzn/\">机构职能</a></div>"
        "<ul class=\"list\"><li><a href=\"/zwdt/202611/t20261118_1.html\">全市水利工作会议召开</a>"
        "<span>2026-11-18</span></li></ul><div class=\"footer\">网站标识码3209000009</div></body></html>")
SAFEDOG = ("<html><head><title>网站防火墙</title></head><body><h3>您的请求带有不合法参数，已被网站管理员设置拦截！</h3>"
           "<p>可能原因：您提交的内容包含危险的攻击请求</p><p>网站防火墙 safedog</p></body></html>")


class Behaviour:
    """What a server does with its n-th request (1-based): "ok", "503", "slow", "drop" or "waf"."""

    def __init__(self, fail_every: int = 0, mode: str = "ok", slow_s: float = 1.0) -> None:
        self.fail_every, self.mode, self.slow_s = fail_every, mode, slow_s
        self.count = 0
        self.lock = threading.Lock()

    def next(self) -> str:
        with self.lock:
            self.count += 1
            n = self.count
        if self.fail_every:
            return "503" if n % self.fail_every == 0 else "ok"
        return self.mode


def _handler(behaviour: Behaviour) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            what = behaviour.next()
            if what == "drop":
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if what == "slow":
                time.sleep(behaviour.slow_s)
            status, body = {"503": (503, "<html><body>Service Unavailable</body></html>"),
                            "waf": (403, SAFEDOG)}.get(what, (200, HOME))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up (a probe past its time limit)
                self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(behaviour: Behaviour) -> Iterator[str]:
    """Serve ``behaviour`` on 127.0.0.1; yields the home page URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(behaviour))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def refused_url() -> str:
    """A loopback URL whose port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
