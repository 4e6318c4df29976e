"""Link checks go out in batches (``crawler.linkcheck.LINK_CHECKS_AT_ONCE``) when the crawl is idle: a run
whose pages link to more distinct targets than one batch still checks every target, once.

A loopback site's home page links to more targets than a batch holds; a real ``patrol run`` and real
SQLite.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import AS_OF, rows, run_cli

from crawler.linkcheck import LINK_CHECKS_AT_ONCE

TARGETS = LINK_CHECKS_AT_ONCE + 1500  # the crawl reads some itself (the home page lists them): over one batch left
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_清河市档案馆</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="content"><h1>{title}</h1><ul>{items}</ul></div>
<div class="footer">网站标识码3209000011</div></body></html>"""


def _items(start: int, stop: int) -> str:
    return "".join(f'<li><a href="/p/{n}.html">馆藏档案目录第{n}卷</a></li>' for n in range(start, stop))


class Site:
    """The home page links every target; every target answers 200."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()
        pages = {"/": PAGE.format(title="首页", items=_items(0, TARGETS))}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                with site.lock:
                    site.requests[self.path] += 1
                body = pages.get(self.path, PAGE.format(title=self.path, items="")).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.server.shutdown()
    s.server.server_close()


def test_more_link_targets_than_a_batch_are_each_checked_once(site: Site, tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(f"""database = "{tmp_path / 'patrol.db'}"
[crawl]
timeout = 5
retries = 0
concurrency_per_host = 16
concurrency_per_ip = 16

[[units]]
name = "清河市档案馆"

[[sites]]
name = "清河市档案馆"
url = "http://127.0.0.1:{site.port}/"
unit = "清河市档案馆"
kind = "department"
""", encoding="utf-8")
    result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", timeout=300)
    assert result.code in (0, 1), result.stderr
    db = tmp_path / "patrol.db"
    checked = {r[0]: r[1] for r in rows(db, "SELECT url, outcome FROM link_checks")}
    read = {r[0] for r in rows(db, "SELECT url FROM pages")}  # pages the crawl read itself: never link-checked
    targets = {f"http://127.0.0.1:{site.port}/p/{n}.html" for n in range(TARGETS)}
    assert len(targets & set(checked)) > LINK_CHECKS_AT_ONCE  # the second batch went out too
    assert targets <= set(checked) | read
    assert {checked[url] for url in targets & set(checked)} == {"ok"}
    asked = {path: n for path, n in site.requests.items() if path.startswith("/p/")}
    assert len(asked) == TARGETS and set(asked.values()) == {1}  # each target once, never twice
