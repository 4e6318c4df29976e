"""Link checks (链接可用性, issue 11): every link of the home page, a column page and the content pages of a
list column, checked over real HTTP.

A loopback site links to pages that are fine, 404, 500, refuse HEAD, answer slowly, fail once then recover,
answer 403, say 页面不存在 with status 200 (a soft 404), redirect to a 404 or to an error page, plus an
off-site target on localhost (not checked: an internal address the config does not name). Two runs through
the real CLI and real SQLite.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import AS_OF, rows, run_cli

HOME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>清河市水利局</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/col/">通知公告</a><a href="/list/">政策文件</a>
<a href="javascript:void(0)">打印</a><a href="mailto:sl@qinghe.example">联系我们</a><a href="#top">返回顶部</a></div>
<ul><li><a href="/good.html">水利工作会议召开</a></li><li><a href="/missing.html">防汛工作部署</a></li>
<li><a href="/nohead.pdf">实施方案.pdf</a></li><li><a href="/slow.html">水质公报</a></li>
<li><a href="/flaky.html">河长制工作动态</a></li><li><a href="/forbidden.html">内部文件</a></li>
<li><a href="/soft.html">水库巡查通报</a></li><li><a href="/old.html">灌区改造进展</a></li>
<li><a href="/renamed.pdf">水资源公报.pdf</a></li><li><a href="/big.html">年度水利统计</a></li>
<li><a href="http://localhost:{port}/gone.html">上级网站</a></li></ul>
<div class="footer">网站标识码3209000009</div></body></html>"""
COLUMN = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/col/">通知公告</a></div>
<div class="content"><h1>通知公告</h1><p>关于做好防汛工作的通知，附件：<a href="/files/fangan.doc">防汛方案.doc</a>、
<a href="/error.html">值班表</a>、<a href="/good.html">水利工作会议召开</a>。</p></div></body></html>"""
LIST = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政策文件_清河市水利局</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/list/">政策文件</a></div>
<div class="list"><ul>
<li><a href="/list/t20261118_1.html" title="清河市水利局关于印发河道采砂管理办法的通知">
清河市水利局关于印发河道采砂管理办法的通知</a><span class="date">2026-11-18</span></li>
<li><a href="/list/t20261102_2.html" title="清河市水利局关于开展冬季水利工程安全检查的通知">
清河市水利局关于开展冬季水利工程安全检查的通知</a><span class="date">2026-11-02</span></li>
</ul></div></body></html>"""
ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_清河市水利局</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date} 09:30"></head><body>
<div class="nav"><a href="/">首页</a><a href="/list/">政策文件</a></div>
<div class="article"><h1>{title}</h1><div class="info">发布日期：{date}　来源：清河市水利局</div>
<div class="content"><p>各县（区）水利局：现将有关事项通知如下，请认真贯彻执行。</p>
<p>附件：<a href="{attachment}">{attachment_text}</a></p>
<p>相关链接：<a href="/good.html">水利工作会议召开</a></p></div>
</div></body></html>"""
ARTICLES = {"/list/t20261118_1.html": ("清河市水利局关于印发河道采砂管理办法的通知", "2026-11-18",
                                       "/files/caisha.pdf", "河道采砂管理办法.pdf"),
            "/list/t20261102_2.html": ("清河市水利局关于开展冬季水利工程安全检查的通知", "2026-11-02",
                                       "/files/jiancha.xls", "检查表.xls")}
SOFT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>清河市水利局</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/col/">通知公告</a></div>
<div class="error-page"><img src="/images/err.png"><p>抱歉，您访问的页面不存在或已被删除！</p>
<p><a href="/">返回首页</a></p></div><div class="footer">主办：清河市水利局</div></body></html>"""
ERROR_PAGE = """<html><head><meta charset="utf-8"><title>提示</title></head><body><p>系统提示</p></body></html>"""
PAGES = {"/good.html": 200, "/missing.html": 404, "/error.html": 500, "/files/fangan.doc": 404,
         "/nohead.pdf": 200, "/slow.html": 200, "/flaky.html": 200, "/forbidden.html": 403, "/gone.html": 404,
         "/gone404.html": 404, "/files/caisha.pdf": 404, "/files/jiancha.xls": 200}
FILE_TYPES = {"pdf": "application/pdf", "doc": "application/msword", "xls": "application/vnd.ms-excel"}
REDIRECTS = {"/old.html": "/gone404.html", "/renamed.pdf": "/404.html"}
BIG = 2 * 1024 * 1024  # /big.html: a fine page far longer than a link check reads


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
                suffix = self.path.rsplit(".", 1)[-1]
                headers = {"Content-Type": FILE_TYPES.get(suffix, "text/html; charset=utf-8")}
                if self.command == "HEAD" and self.path == "/nohead.pdf":
                    status, body = 405, b""
                elif self.path in REDIRECTS:
                    status, body = 302, b""
                    headers["Location"] = f"http://127.0.0.1:{site.port}{REDIRECTS[self.path]}"
                elif self.path == "/":
                    status, body = 200, HOME.format(port=site.port).encode()
                elif self.path in ("/col/", "/list/", "/soft.html", "/404.html"):
                    page = {"/col/": COLUMN, "/list/": LIST, "/soft.html": SOFT, "/404.html": ERROR_PAGE}[self.path]
                    status, body = 200, page.encode()
                elif self.path in ARTICLES:
                    title, day, attachment, text = ARTICLES[self.path]
                    status, body = 200, ARTICLE.format(title=title, date=day, attachment=attachment,
                                                       attachment_text=text).encode()
                elif self.path == "/big.html":
                    status, body = 200, b"<html><head><title>x</title></head><body>" + b"<p>data</p>" * (BIG // 11)
                else:
                    status = PAGES.get(self.path, 404)
                    status = 500 if self.path == "/flaky.html" and n == 1 else status
                    body = b"<html><body>x</body></html>" + b" " * 4096
                if self.path == "/slow.html":
                    time.sleep(0.3)
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command == "GET":
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(body)  # a link check stops reading a long page

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

[[sites.columns]]
name = "政策文件"
url = "http://127.0.0.1:{port}/list/"
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
    config = _config(tmp_path, site.port, recheck=0)  # checks are on by default
    db = tmp_path / "patrol.db"
    _run(config)
    base = f"http://127.0.0.1:{site.port}"
    # each distinct target once: a page with one GET (its start read for soft-404 signs), a document with HEAD
    # and a GET only where HEAD was refused
    for path in ("/good.html", "/missing.html", "/error.html", "/slow.html", "/flaky.html", "/forbidden.html",
                 "/soft.html", "/old.html", "/big.html"):
        assert site.requests[("GET", path)] == 1 and site.requests[("HEAD", path)] == 0, path
    for path in ("/files/fangan.doc", "/renamed.pdf", "/files/caisha.pdf", "/files/jiancha.xls"):
        assert site.requests[("HEAD", path)] == 1 and site.requests[("GET", path)] == 0, path
    assert site.requests[("HEAD", "/nohead.pdf")] == 1 and site.requests[("GET", "/nohead.pdf")] == 1
    # the off-site link names localhost: a loopback host the config does not name is never contacted
    assert site.requests[("GET", "/gone.html")] == 0 and site.requests[("HEAD", "/gone.html")] == 0
    assert _findings(db, "home-link-broken") == [] and _findings(db, "page-link-broken") == []  # failed once
    checks = {r["url"]: r for r in rows(db, "SELECT url, status, outcome, error, fails FROM link_checks")}
    assert checks[f"{base}/missing.html"]["fails"] == 1  # one check, though the home page and others link it
    assert checks[f"{base}/forbidden.html"]["outcome"] == "restricted"  # kept for a look, never broken
    assert checks[f"{base}/big.html"]["outcome"] == "ok"  # a long page: read up to the cap, fine
    gone = checks[f"http://localhost:{site.port}/gone.html"]  # not checked, neither broken nor with a status
    assert (gone["outcome"], gone["status"], gone["error"], gone["fails"]) == \
        ("restricted", None, "未检查（地址不允许访问）", 0)

    site.requests.clear()
    _run(config, day=1)
    home = dict(_findings(db, "home-link-broken"))
    assert sorted(home) == sorted([f"{base}/missing.html", f"{base}/soft.html", f"{base}/old.html",
                                   f"{base}/renamed.pdf"])
    message = home[f"{base}/missing.html"]
    assert "首页的链接“防汛工作部署”无法打开（HTTP 404" in message and f"自{AS_OF.isoformat()}起" in message
    assert "连续2次检查失败" in message
    # a soft 404: status 200, the page says it does not exist
    assert "HTTP 200" in home[f"{base}/soft.html"] and "您访问的页面不存在" in home[f"{base}/soft.html"]
    assert "软404" in home[f"{base}/soft.html"]
    assert f"跳转到 {base}/gone404.html 后返回 HTTP 404" in home[f"{base}/old.html"]  # a redirect to a 404
    assert "/404.html" in home[f"{base}/renamed.pdf"]  # a redirect to an error page answering 200
    page = dict(_findings(db, "page-link-broken"))
    assert sorted(page) == [f"{base}/error.html", f"{base}/files/caisha.pdf", f"{base}/files/fangan.doc"]
    doc = page[f"{base}/files/fangan.doc"]
    assert "通知公告栏目页面" in doc and "“防汛方案.doc”" in doc
    # a content page's broken attachment, with the page it is on and its text
    attachment = page[f"{base}/files/caisha.pdf"]
    assert f"政策文件栏目页面 {base}/list/t20261118_1.html 上" in attachment
    assert "“河道采砂管理办法.pdf”" in attachment
    # flaky recovered, 403 is not broken, slow but in time is fine, the other content page's file is fine
    reported = set(home) | set(page)
    assert not reported & {f"{base}/flaky.html", f"{base}/forbidden.html", f"{base}/slow.html",
                           f"{base}/big.html", f"{base}/files/jiancha.xls", f"{base}/good.html"}


def test_recheck_in_the_same_run(site: Site, tmp_path: Path) -> None:
    config = _config(tmp_path, site.port, recheck=0.5)
    db = tmp_path / "patrol.db"
    _run(config)
    assert site.requests[("GET", "/flaky.html")] == 2  # checked, rechecked once, recovered
    assert site.requests[("GET", "/missing.html")] == 2  # checked, rechecked once, failed again
    assert site.requests[("GET", "/soft.html")] == 2
    assert site.requests[("GET", "/good.html")] == 1
    urls = {u for u, _ in _findings(db, "home-link-broken")}
    assert {f"http://127.0.0.1:{site.port}/missing.html", f"http://127.0.0.1:{site.port}/soft.html"} <= urls
    assert f"http://127.0.0.1:{site.port}/flaky.html" not in urls
    [attachment] = [u for u, _ in _findings(db, "page-link-broken") if u.endswith("caisha.pdf")]
    assert site.requests[("HEAD", "/files/caisha.pdf")] == 1 and site.requests[("GET", "/files/caisha.pdf")] == 1
