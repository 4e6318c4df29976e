"""Pages whose lists a script builds (XHR/fetch of JSON or HTML), rendered in headless Chromium.

The Debian ``chromium`` binary is run once per page (``--dump-dom`` after a bounded virtual time), never a
downloaded browser. What the page may load is the site's own host only: every other address, loopback and
the internal network included, is sent to a proxy that does not exist, so an inspected page cannot make the
inspector's browser reach anything else. A site renders at most ``[crawl] render_pages`` pages, each within
``render_seconds``; the spider asks for a rendering with ``meta["render"]``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse, Request
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler.addresses import netloc

DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens, every proxied request fails at once
VIRTUAL_TIME_MS = 5000  # the page's timers and requests may run this long (virtual time) before the DOM is read


def chromium() -> str | None:
    """The installed Chromium binary, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class RenderFailed(Exception):
    """The page could not be rendered (no browser, a timeout, a crash); the text says why, in Chinese."""


def render_dom(url: str, allowed_hosts: set[str], seconds: float) -> str:
    """The page's DOM after its scripts ran, loading nothing but ``allowed_hosts`` (host[:port])."""
    binary = chromium()
    if binary is None:
        raise RenderFailed("未安装 chromium，无法渲染脚本生成的列表")
    if urlsplit(url).scheme not in ("http", "https") or netloc(url) not in allowed_hosts:
        raise RenderFailed("地址不在本站，未渲染")
    bypass = ";".join(["<-loopback>", *sorted(allowed_hosts)])  # <-loopback>: loopback goes to the dead proxy too
    with tempfile.TemporaryDirectory(prefix="patrol-render-") as profile:
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-first-run", "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--disable-extensions", "--disable-features=MediaRouter",
                   f"--user-data-dir={profile}", f"--proxy-server={DEAD_PROXY}", f"--proxy-bypass-list={bypass}",
                   f"--virtual-time-budget={VIRTUAL_TIME_MS}", "--dump-dom", url]
        try:
            done = subprocess.run(command, capture_output=True, timeout=seconds, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RenderFailed(f"渲染超过{seconds:g}秒") from exc
    if done.returncode != 0 or not done.stdout.strip():
        raise RenderFailed(f"浏览器渲染失败（退出码 {done.returncode}）")
    return done.stdout.decode("utf-8", "replace")


class RenderMiddleware:
    """Answers a request marked ``meta["render"]`` with the page as the browser built it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    @classmethod
    def from_crawler(cls, crawler: Any) -> RenderMiddleware:
        return cls(crawler.settings.getfloat("PATROL_RENDER_SECONDS", 20.0))

    async def process_request(self, request: Request, spider: Any = None) -> HtmlResponse | None:
        if not request.meta.get("render"):
            return None
        hosts = set(request.meta.get("site_hosts") or ()) or {netloc(request.url)}
        try:
            dom = await maybe_deferred_to_future(deferToThread(render_dom, request.url, hosts, self.seconds))
        except RenderFailed as exc:
            request.meta["render_failed"] = str(exc)
            dom = ""
        return HtmlResponse(request.url, status=200, body=dom.encode("utf-8"), encoding="utf-8", request=request)
