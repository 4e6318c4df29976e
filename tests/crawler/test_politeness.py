"""Per-IP politeness: two host names on one IP ("127.0.0.1" and "localhost", two ports) share one IP cap.

A real Scrapy crawl (the project's settings and middlewares, hosts as download slots like the portal
spider) runs in a child process against two real HTTP servers that record how many requests are in
flight at once, per server and together.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import ROOT

from core.config import CrawlSettings
from crawler.settings import crawl_settings

PAGES = 24

CRAWL = """
import json, sys
from types import SimpleNamespace
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from crawler import settings as base
from crawler.walk import netloc

urls, overrides = json.loads(sys.argv[1]), json.loads(sys.argv[2])
seen = []

class Fan(Spider):
    name = "fan"
    # both hosts are named as sites, as a config names them: loopback hosts are allowed only so (crawler.urlpolicy)
    config = SimpleNamespace(sites=[SimpleNamespace(url=u, catalog=None, columns=[]) for u in urls])

    async def start(self):
        for url in urls:
            yield Request(url, meta={"download_slot": netloc(url)}, dont_filter=True)

    def parse(self, response):
        seen.append(response.status)

settings = Settings()
settings.setmodule(base, priority="project")
settings.setdict(overrides, priority="cmdline")
settings.set("ITEM_PIPELINES", {}, priority="cmdline")
process = CrawlerProcess(settings)
crawler = process.create_crawler(Fan)
process.crawl(crawler)
process.start()
print(json.dumps({"ok": seen.count(200), "peak": crawler.stats.get_value("politeness/peak_per_ip")}))
"""


class Meter:
    """In-flight counts shared by both servers: per port and in total, with their peaks."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: dict[int, int] = {}
        self.peak: dict[int, int] = {}
        self.total = 0
        self.peak_total = 0

    def enter(self, port: int) -> None:
        with self.lock:
            self.now[port] = self.now.get(port, 0) + 1
            self.peak[port] = max(self.peak.get(port, 0), self.now[port])
            self.total += 1
            self.peak_total = max(self.peak_total, self.total)

    def leave(self, port: int) -> None:
        with self.lock:
            self.now[port] -= 1
            self.total -= 1


def _serve(meter: Meter) -> ThreadingHTTPServer:
    class Slow(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            port = self.server.server_address[1]
            meter.enter(port)
            try:
                time.sleep(0.15)
                body = "<html><body><p>政务公开</p></body></html>".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                meter.leave(port)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _localhost_is_loopback_v4() -> bool:
    try:
        return socket.gethostbyname("localhost") == "127.0.0.1"
    except OSError:
        return False


def _crawl(per_host: int, per_ip: int) -> tuple[dict, Meter]:
    meter = Meter()
    a, b = _serve(meter), _serve(meter)
    try:
        urls = [f"http://127.0.0.1:{a.server_address[1]}/p/{i}.html" for i in range(PAGES)] + \
               [f"http://localhost:{b.server_address[1]}/p/{i}.html" for i in range(PAGES)]
        overrides = crawl_settings(CrawlSettings(concurrency_per_host=per_host, concurrency_per_ip=per_ip))
        done = subprocess.run([sys.executable, "-c", CRAWL, json.dumps(urls), json.dumps(overrides)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1]), meter
    finally:
        for server in (a, b):
            server.shutdown()
            server.server_close()


pytestmark = pytest.mark.skipif(not _localhost_is_loopback_v4(), reason="localhost does not resolve to 127.0.0.1")


def test_two_hosts_on_one_ip_share_the_ip_cap() -> None:
    result, meter = _crawl(per_host=4, per_ip=3)
    assert result["ok"] == 2 * PAGES
    assert meter.peak_total <= 3, meter.peak_total  # both hosts together, never more than the IP's cap
    assert meter.peak_total == 3  # and the cap is used, not serialised to one at a time
    assert result["peak"] == 3
    assert all(p <= 3 for p in meter.peak.values()), meter.peak


def test_the_host_cap_holds_under_a_wider_ip_cap() -> None:
    result, meter = _crawl(per_host=2, per_ip=8)
    assert result["ok"] == 2 * PAGES
    assert max(meter.peak.values()) == 2, meter.peak  # each host at most its own cap
    assert meter.peak_total == 4, meter.peak_total  # two hosts on one IP run side by side under a wide IP cap
