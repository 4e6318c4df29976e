"""HTTP plumbing of the demo portals: the request handler, test routes and conditional requests."""

from __future__ import annotations

import hashlib
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from patrol.demo.render_common import Page

MAX_DELAY = 30.0
SERVER_NAMES = {"trs": "TRS WCM", "hanweb": "Apache-Coyote/1.1", "table": "Microsoft-IIS/6.0",
                "plain": "nginx"}


def parse_query(text: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


def test_route(path: str, query: dict[str, str]) -> Page | None:
    """Routes every site answers: /_status/<code>, /_delay/<seconds>, /_redirect?to=<path>, robots.txt."""
    if path == "/robots.txt":
        return Page(b"User-agent: *\nAllow: /\n", 200, "text/plain; charset=utf-8")
    if path.startswith("/_status/"):
        code = path.rsplit("/", 1)[-1]
        status = int(code) if code.isdigit() and 100 <= int(code) <= 599 else 400
        return Page(f"<html><body>status {status}</body></html>".encode(), status)
    if path.startswith("/_delay/"):
        try:
            seconds = min(max(float(path.rsplit("/", 1)[-1]), 0.0), MAX_DELAY)
        except ValueError:
            return Page(b"bad delay", 400, "text/plain; charset=utf-8")
        time.sleep(seconds)
        return Page(f"<html><body>delayed {seconds:g}s</body></html>".encode(), 200)
    if path == "/_redirect":
        target = query.get("to") or "/"
        return Page(b"", 302, "text/html; charset=utf-8", {"Location": target})
    return None


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def http_date(ts: float) -> str:
    return formatdate(ts, usegmt=True)


def not_modified(headers: Any, etag: str, last_modified: float) -> bool:
    """True when If-None-Match matches the ETag, or (without it) If-Modified-Since is not older."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip() for t in inm.split(",")]
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            return int(last_modified) <= parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
    return False


class DemoHandler(BaseHTTPRequestHandler):
    """Hands every request to ``server.portals.respond`` (see server.DemoPortals)."""

    protocol_version = "HTTP/1.0"
    timeout = 30

    def version_string(self) -> str:
        return SERVER_NAMES.get(getattr(self.server, "style", ""), "nginx")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet by design
        return

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        page, headers = self.server.portals.respond(self.server.site_key, method, self.path, self.headers, body)
        try:
            self.send_response(page.status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")  # as real HTTP/1.0 servers say; clients must not pool
            self.end_headers()
            if method != "HEAD" and page.status not in (204, 304):
                self.wfile.write(page.body)
        except (BrokenPipeError, ConnectionResetError):
            return


def split(raw_path: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(raw_path)
    return parts.path or "/", parse_query(parts.query)
