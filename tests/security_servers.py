"""Real HTTP servers on 127.0.0.1 for the security tests: a hostile portal serving fixed pages, and a victim
that stands for the office's internal network and records every request it receives."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = tuple[int, dict[str, str], bytes]


class Server:
    """A threaded HTTP server on 127.0.0.1: ``routes`` maps a path to (status, headers, body) or to a
    function of the port giving one; every request is recorded as (method, path)."""

    def __init__(self, routes: dict[str, Route | Callable[[int], Route]] | None = None) -> None:
        self.routes = routes or {}
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                with server.lock:
                    server.requests.append((self.command, self.path))
                route = server.routes.get(self.path.split("?")[0], (404, {}, b"<html><body>404</body></html>"))
                status, headers, body = route(server.port) if callable(route) else route
                self.send_response(status)
                headers = {"Content-Type": "text/html; charset=utf-8", **headers,
                           "Content-Length": str(len(body))}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(body)

            do_GET = do_HEAD = do_POST = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def seen(self) -> list[tuple[str, str]]:
        with self.lock:
            return list(self.requests)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body>{body}</body></html>").encode()


def redirect(location: str) -> Route:
    return 302, {"Location": location}, b""
