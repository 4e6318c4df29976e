"""Link checks (链接可用性, issue 11): every link of the home page and a column page, checked over real HTTP.

A loopback site links to pages that are fine, 404, 500, refuse HEAD, answer slowly, fail once then recover,
answer 403, plus an off-site target (another host). Two runs through the real CLI and real SQLite.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import AS_OF, run_cli

HOME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>清河市水利局</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/col/">通知公告</a><a href="javascript:void(0)">打印</a>
<a href="mailto:sl@qinghe.example">联系我们</a><a href="#top">返回顶部</a></div>
<ul><li><a href="/good.html">水利工作会议召开</a></li><li><a href="/missing.html">防汛工作部署</a></li>
<li><a href="/nohead.pdf">实施方案.pdf</a></li><li><a href="/slow.html">水质公报</a></li>
<li><a href="/flaky.html">河长制工作动态</a></li><li><a href="/forbidden.html">内部文件</a></li>
<li><a href="http://localhost:{port}/gone.html">上级网站</a></li></ul>
<div class="footer">网站标识码3209000009</div></body></html>"""
COLUMN = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/col/">通知公告</a></div>
<div class="content"><h1>通知公告</h1><p>关于做好防汛工作的通知，附件：<a href="/files/fangan.doc">防汛方案.doc</a>、
<a href="/error.html">值班表</a>、<a href="/good.html">水利工作会议召开</a>。</p></div></body></html>"""
PAGES = {"/good.html": 200, "/missing.html": 404, "/error.html": 500, "/files/fangan.doc": 404,
         "/nohead.pdf": 200, "/slow.html": 200, "/flaky.html": 200, "/forbidden.html": 403, "/gone.html": 404}


class Site:
    """The loopback site: counts requests by (method, path); /flaky.html fails its first answer only."""

    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str]] = Counter()
        self.flaky = 0  # answers of /flaky.html ever (not cleared between runs)
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                with site.lock:
                    site.requests[(self.command, self.path)] += 1
                    site.flaky += self.path == "/flaky.html"
                    n = site.flaky
                if self.command == "HEAD" and self.path == "/nohead.pdf":
                    status, body = 405, b""
                elif self.path == "/":
                    status, body = 200, HOME.format(port=site.port).encode()
                elif self.path == "/col/":
                    status, body = 200, COLUMN.encode()
                else:
                    status = PAGES.get(self.path, 404)
                    status = 500 if self.path == "/flaky.html" and n == 1 else status
                    body = b"<html><body>x</body></html>" + b" " * 4096
                if self.path == "/slow.html":
                    time.sleep(0.3)
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command == "GET":
                    self.wfile.write(body)

            do_GET = do_HEAD = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def site() -> Site:
    s = Site()
    yield s
    s.server.shutdown()
    s.server.server_close()


def _config(work: Path, port: int, recheck: float) -> Path:
    path = work / "sites.toml"
    path.write_text(f"""database = "{work / 'patrol.db'}"
[crawl]
timeout = 3
retries = 0
check_links = true
link_recheck_seconds = {recheck}
incremental = false

[[units]]
name = "清河市水利局"

[[sites]]
name = "清河市水利局"
url = "http://127.0.0.1:{port}/"
unit = "清河市水利局"
kind = "department"

[[sites.columns]]
name = "通知公告"
url = "http://127.0.0.1:{port}/col/"
""", encoding="utf-8")
    return path


def _run(config: Path, day: int = 0) -> None:
    result = run_cli("run", "--config", str(config), "--as-of", (AS_OF + timedelta(days=day)).isoformat(), "--quiet")
    assert result.code in (0, 1), result.stderr


def _findings(db: Path, rule: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return sorted(con.execute("SELECT url, message FROM findings WHERE rule = ? AND state != 'fixed'",
                                  (rule,)).fetchall())
    finally:
        con.close()


def test_links_fail_twice_across_runs(site: Site, tmp_path: Path) -> None:
    config = _config(tmp_path, site.port, recheck=0)
    db = tmp_path / "patrol.db"
    _run(config)
    base = f"http://127.0.0.1:{site.port}"
    # each distinct target once: HEAD, and a GET only where HEAD was refused
    for path in ("/good.html", "/missing.html", "/error.html", "/files/fangan.doc", "/slow.html",
                 "/flaky.html", "/forbidden.html"):
        assert site.requests[("HEAD", path)] == 1, path
        assert site.requests[("GET", path)] == 0, path
    assert site.requests[("HEAD", "/nohead.pdf")] == 1 and site.requests[("GET", "/nohead.pdf")] == 1
    assert site.requests[("HEAD", "/gone.html")] == 1  # the off-site link: a status check, nothing more
    assert _findings(db, "home-link-broken") == [] and _findings(db, "page-link-broken") == []  # failed once

    site.requests.clear()
    _run(config, day=1)
    home = _findings(db, "home-link-broken")
    assert sorted(u for u, _ in home) == sorted([f"{base}/missing.html", f"http://localhost:{site.port}/gone.html"])
    message = dict(home)[f"{base}/missing.html"]
    assert "首页的链接“防汛工作部署”无法打开（HTTP 404" in message and f"自{AS_OF.isoformat()}起" in message
    page = dict(_findings(db, "page-link-broken"))
    assert sorted(page) == [f"{base}/error.html", f"{base}/files/fangan.doc"]  # /good.html fine, on home too
    doc = page[f"{base}/files/fangan.doc"]
    assert "通知公告栏目页面" in doc and "“防汛方案.doc”" in doc
    # flaky recovered, 403 is not broken, slow but in time is fine
    reported = {u for u, _ in home} | set(page)
    assert not reported & {f"{base}/flaky.html", f"{base}/forbidden.html", f"{base}/slow.html"}


def test_recheck_in_the_same_run(site: Site, tmp_path: Path) -> None:
    config = _config(tmp_path, site.port, recheck=0.5)
    db = tmp_path / "patrol.db"
    _run(config)
    assert site.requests[("GET", "/flaky.html")] == 1  # rechecked once, recovered
    assert site.requests[("GET", "/missing.html")] == 1  # rechecked once, failed again
    assert site.requests[("GET", "/good.html")] == 0
    urls = {u for u, _ in _findings(db, "home-link-broken")}
    assert f"http://127.0.0.1:{site.port}/missing.html" in urls
    assert f"http://127.0.0.1:{site.port}/flaky.html" not in urls
