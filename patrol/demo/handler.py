"""HTTP plumbing of the demo portals: the request handler, test routes and conditional requests."""

from __future__ import annotations

import hashlib
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
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


class Responder(Protocol):
    """What answers a demo site's requests (server.DemoPortals)."""

    def respond(self, key: str, method: str, raw_path: str, headers: Any, body: bytes) -> tuple[Page, dict]: ...


class DemoServer(ThreadingHTTPServer):
    """One demo site's HTTP server: who answers its requests, and for which site."""

    portals: Responder
    site_key: str


class DemoHandler(BaseHTTPRequestHandler):
    """Hands every request to ``server.portals.respond`` (see server.DemoPortals)."""

    server: DemoServer

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


def challenge_page(path: str) -> Page:
    """A 412 JavaScript cookie challenge as dynamic anti-bot layers answer (瑞数 style): an obfuscated
    script that computes a cookie and reloads the page, an external script, nothing to read."""
    seed = hashlib.sha1(path.encode("utf-8")).hexdigest()
    token = "".join(ch.upper() if i % 3 == 0 else ch for i, ch in enumerate(seed * 4))
    body = (
        '<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '<meta http-equiv="Pragma" content="no-cache"><meta http-equiv="Expires" content="0">'
        f'<meta id="9DhefwqGPrzGxEp9hPaoag" content="{token}" r=\'m\'>'
        "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=" + str(int(seed[:6], 16))
        + f";$_ts.cd=\"{token[:96]}\";$_ts.lcd=function(){{var _$a=document.cookie;"
        "if(_$a.indexOf('ts80T=')<0){document.cookie='ts80T='+$_ts.cd.substr(7,32)+';path=/';"
        "window.location.reload();}};$_ts.lcd();</script>"
        "<script type=\"text/javascript\" charset=\"utf-8\" src=\"/4QbVtADbnLVIc/c.FxJzG50F.b7a1c3.js\" r='m'>"
        "</script></head><body></body></html>\n")
    return Page(body.encode("utf-8"), 412, "text/html; charset=utf-8",
                {"Set-Cookie": f"FSSBBIl1UgzbN7N80S={token[:64]}; Path=/; HttpOnly"})


class ChallengeHandler(BaseHTTPRequestHandler):
    """A site behind an anti-bot layer: every GET, HEAD and POST gets :func:`challenge_page`."""

    protocol_version = "HTTP/1.0"
    timeout = 30

    def version_string(self) -> str:
        return "nginx"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet by design
        return

    def do_GET(self) -> None:
        self._serve(True)

    def do_HEAD(self) -> None:
        self._serve(False)

    def do_POST(self) -> None:
        self._serve(True)

    def _serve(self, with_body: bool) -> None:
        page = challenge_page(split(self.path)[0])
        try:
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            if with_body:
                self.wfile.write(page.body)
        except (BrokenPipeError, ConnectionResetError):
            return
