"""Redirects and blocks end to end: a real `patrol run` against a small test-local HTTP server on 127.0.0.1
(real SQLite), and `patrol page` on the demo portals; plus the pure pieces (hosts, targets, problems)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import AS_OF, rows, run_cli

from crawler.middlewares.redirects import redirect_problem, redirect_target
from crawler.walk import netloc, site_hosts
from patrol.demo.handler import challenge_page
from patrol.demo.server import DemoPortals

Route = tuple[int, dict[str, str], bytes]


def page(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>{body}'
            '<div class="foot">主办单位：清河市审计局 网站标识码：3299000088 苏ICP备05010088号 '
            "苏公网安备 32990202000188号</div></body></html>").encode()


def moved(location: str, status: int = 302) -> Route:
    return status, {"Location": location}, b""


def catalog(links: dict[str, str]) -> bytes:
    items = "".join(f'<li><div class="su-l2"><a href="{href}" target="_blank">{name}</a></div></li>\n'
                    for name, href in links.items())
    return page("政府信息公开", f'<div class="sx-c1-left"><ul class="sx-uls">\n{items}</ul></div>')


def news_list() -> bytes:
    rows = "".join(f'<tr><td><a href="./202611/t202611{d:02d}_{i}.html" target="_blank">审计局第{i}次工作动态</a></td>'
                   f"<td>2026-11-{d:02d}</td></tr>\n" for i, d in enumerate((18, 12, 5), 1))
    return page("工作动态", f'<div class="right"><table class="list">{rows}</table></div>')


def article(day: int, i: int) -> bytes:
    return page(f"审计局第{i}次工作动态", f"<h1>审计局第{i}次工作动态</h1><div class='info'>发布时间：2026-11-{day:02d}"
                "</div><div class='content'><p>正文。</p></div>")


SAFEDOG = ("<html><head><title>网站防火墙</title></head><body><h3>您的请求带有不合法参数，已被网站管理员设置拦截！"
           "</h3><p>可能原因：您提交的内容包含危险的攻击请求</p></body></html>").encode()


def routes(port: int) -> dict[str, Route]:
    alias = f"http://localhost:{port}"  # another host of the same site, named in its config (catalog)
    home = page("清河市审计局", '<ul class="news">' + "".join(
        f'<li><a href="/xxgk/gzdt/202611/t202611{d:02d}_{i}.html">审计动态{i}</a><span>2026-11-{d:02d}</span></li>'
        for i, d in enumerate((18, 12, 5), 1)) + '</ul><a href="/xxgk/">政府信息公开</a>')
    table = {
        "/": moved(f"{alias}/index.html", 301),  # absolute, to the config-named host
        "/index.html": (200, {}, home),
        "/xxgk/": (200, {}, catalog({"政府信息公开指南": "/xxgk/zn/", "工作动态": "/xxgk/gzdt",
                                     "通知公告": "/xxgk/tzgg/", "政策文件": "/xxgk/zcwj/", "规划计划": "/r/0",
                                     "人事信息": "/xxgk/rsxx/", "机构职能": "/xxgk/jgzn/"})),
        "/xxgk/zn/": (200, {}, page("政府信息公开指南", "<h1>政府信息公开指南</h1><p>发布时间：2026-10-01</p>"
                                    "<p>为便于公民、法人和其他组织获取政府信息，编制本指南。</p>")),
        "/xxgk/gzdt": moved("gzdt/", 301),  # relative, adds the slash as servers do
        "/xxgk/gzdt/": (200, {}, news_list()),
        "/xxgk/tzgg/": moved("http://www.elsewhere.example/tzgg/"),  # off the site: never fetched
        "/xxgk/zcwj/": moved("/xxgk/zcwj/index.html"),
        "/xxgk/zcwj/index.html": moved("/xxgk/zcwj/"),  # a loop
        "/xxgk/rsxx/": (403, {"Server": "Safedog"}, SAFEDOG),  # one column behind a WAF
        "/xxgk/jgzn/": (200, {}, b'<html><head><meta http-equiv="refresh" content="0;url=http://jg.other.example/">'
                                 b"</head><body></body></html>"),  # a refresh stub leading off the site
        # a second site: home fine, its catalog (so every column) behind a 412 challenge
        "/b/index.html": (200, {}, page("清河市统计局", "<p>统计动态 2026-11-18</p>")),
        # a third: the home page moved to another host
        "/c/": moved("http://www.moved.example/"),
    }
    for n in range(9):  # /r/0 → /r/1 → … : more hops than the cap
        table[f"/r/{n}"] = moved(f"/r/{n + 1}")
    for i, d in enumerate((18, 12, 5), 1):
        table[f"/xxgk/gzdt/202611/t202611{d:02d}_{i}.html"] = (200, {}, article(d, i))
    return table


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._serve(True)

    def do_HEAD(self) -> None:
        self._serve(False)

    def _serve(self, body: bool) -> None:
        path = self.path.split("?")[0]
        if path.startswith("/b/xxgk/"):
            challenge = challenge_page(path)
            status, headers, data = challenge.status, challenge.headers, challenge.body
        else:
            status, headers, data = self.server.table.get(path, (404, {}, b"<html><body>404</body></html>"))
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    httpd.table = routes(port)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield port
    httpd.shutdown()
    httpd.server_close()


CONFIG = """
database = "{db}"
[crawl]
retries = 0
timeout = 5.0

[[units]]
name = "清河市审计局"
[[units]]
name = "清河市统计局"
[[units]]
name = "清河市档案馆"

[[sites]]
name = "清河市审计局"
url = "http://127.0.0.1:{port}/"
unit = "清河市审计局"
kind = "department"
catalog = "http://localhost:{port}/xxgk/"

[[sites]]
name = "清河市统计局"
url = "http://127.0.0.1:{port}/b/index.html"
unit = "清河市统计局"
kind = "department"
catalog = "http://127.0.0.1:{port}/b/xxgk/"

[[sites]]
name = "清河市档案馆"
url = "http://127.0.0.1:{port}/c/"
unit = "清河市档案馆"
kind = "department"
"""


@pytest.fixture(scope="module")
def crawled(server: int, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("redirects")
    db = work / "r.db"
    (work / "sites.toml").write_text(CONFIG.format(db=db, port=server), encoding="utf-8")
    result = run_cli("run", "--config", str(work / "sites.toml"), "--as-of", AS_OF.isoformat(), "--quiet")
    assert result.code == 1, result.stdout + result.stderr  # the 档案馆 fails, the 统计局 is unchecked
    return db


def findings(db: Path, site: str) -> dict[tuple[str, str | None], sqlite3.Row]:
    return {(r["rule"], r["column"]): r for r in rows(db, "select * from findings where site = ?", site)}


def test_home_redirect_to_a_config_host_is_followed_and_kept(server: int, crawled: Path) -> None:
    (site,) = rows(crawled, "select * from sites where name = '清河市审计局'")
    assert site["status"] == 200 and site["final_url"] == f"http://localhost:{server}/index.html"
    assert json.loads(site["redirects"]) == [
        {"url": f"http://127.0.0.1:{server}/", "status": 301, "to": f"http://localhost:{server}/index.html"}]
    assert json.loads(site["identifiers"])["site_id_code"] == "3299000088"
    rules = {rule for rule, _ in findings(crawled, "清河市审计局")}
    assert "home-stale" not in rules and "site-unreachable" not in rules


def test_slashless_column_is_followed_and_its_relative_links_resolve_against_the_final_url(
        server: int, crawled: Path) -> None:
    (col,) = rows(crawled, "select * from columns where name = '工作动态'")
    base = f"http://localhost:{server}/xxgk/gzdt"
    assert col["url"] == base and col["final_url"] == base + "/"
    assert json.loads(col["redirects"]) == [{"url": base, "status": 301, "to": base + "/"}]
    assert col["entry_count"] == 3 and col["latest"] == "2026-11-18"
    urls = {r["url"]: r for r in rows(crawled, "select * from entries where column_id = ?", col["id"])}
    assert set(urls) == {f"{base}/202611/t202611{d:02d}_{i}.html" for i, d in enumerate((18, 12, 5), 1)}
    assert {r["status"] for r in urls.values()} == {200} and {r["published_from"] for r in urls.values()} == {"label"}


@pytest.mark.parametrize(("column", "words"), [
    ("通知公告", "重定向到站外 http://www.elsewhere.example/tzgg/，未跟随"),
    ("政策文件", "重定向形成循环"),
    ("规划计划", "重定向次数超过5次"),
    ("机构职能", "重定向到站外 http://jg.other.example/，未跟随"),
])
def test_unfollowed_column_redirects_are_column_unreachable_findings(crawled: Path, column: str,
                                                                     words: str) -> None:
    found = findings(crawled, "清河市审计局")
    assert ("column-blank", column) not in found
    f = found[("column-unreachable", column)]
    assert words in f["message"] and f["message"].startswith(f"{column}栏目地址"), f["message"]
    hops = json.loads(f["evidence"])["redirects"]
    assert hops and hops[-1]["status"] in (301, 302, "meta refresh") and hops[-1]["to"] != hops[-1]["url"]
    if column == "规划计划":
        assert len(hops) == 6  # five followed, the sixth refused


def test_a_blocked_column_is_reported_as_such_not_blank_nor_unreachable(crawled: Path) -> None:
    found = findings(crawled, "清河市审计局")
    assert not any(col == "人事信息" for rule, col in found if rule != "site-blocked")
    f = found[("site-blocked", None)]
    assert f["severity"] == "warn" and "人事信息" in f["message"] and "安全狗拦截页（HTTP 403）" in f["message"]
    assert "白名单" in f["message"] and json.loads(f["evidence"])["columns"] == ["人事信息"]
    (col,) = rows(crawled, "select * from columns where name = '人事信息'")
    assert col["blocked"] == "安全狗拦截页（HTTP 403）"
    (ev,) = rows(crawled, "select * from evaluations where site = '清河市审计局'")
    named = rows(crawled, "select count(*) AS n from columns where site = '清河市审计局' and url is not null "
                          "and found = 'catalog'")[0]["n"]
    # the rest was judged (a score); one blocked column of fewer than ten withholds the verdict: 未能完整检查
    assert ev["score"] is not None and ev["verdict"] == ("incomplete" if named < 10 else ev["verdict"])
    assert "人事信息（信息公开目录：被拦截" in found[("columns-unread", None)]["message"]


def test_a_site_whose_every_column_is_blocked_is_unchecked(crawled: Path) -> None:
    found = findings(crawled, "清河市统计局")
    assert list(found) == [("site-blocked", None)]
    assert "瑞数动态防护 JavaScript 验证页（HTTP 412）" in found[("site-blocked", None)]["message"]
    (ev,) = rows(crawled, "select * from evaluations where site = '清河市统计局'")
    assert ev["verdict"] == "unchecked" and ev["score"] is None


def test_home_redirect_off_the_site_is_the_site_level_finding(crawled: Path) -> None:
    found = findings(crawled, "清河市档案馆")
    assert list(found) == [("site-unreachable", None)]
    f = found[("site-unreachable", None)]
    assert "首页地址重定向到站外 http://www.moved.example/，未跟随" in f["message"]
    assert json.loads(f["evidence"])["redirects"][0]["to"] == "http://www.moved.example/"


def test_check_of_the_blocked_demo_site_is_unchecked_not_unreachable(portals: DemoPortals) -> None:
    result = run_cli("check", portals.blocked.url, "--as-of", AS_OF.isoformat(), "--json")
    (out,) = result.json_lines()
    assert result.code == 1 and out["verdict"] == "unchecked" and out["score"] is None
    assert [f["rule"] for f in out["findings"]] == ["site-blocked"]
    assert out["findings"][0]["severity"] == "warn" and out["columns"] == []
    human = run_cli("check", portals.blocked.url, "--as-of", AS_OF.isoformat())
    assert "结论：未能检查" in human.stdout and "巡查程序" in human.stdout


def test_page_shows_the_redirect_chain(portals: DemoPortals) -> None:
    truth = portals.expected()["czj"]
    result = run_cli("page", truth["url"], truth["columns"]["财政动态"]["url"], "--as-of", AS_OF.isoformat(),
                     "--json")
    home, column = result.json_lines()
    assert home["final_url"] == truth["final_url"] and home["status"] == 200
    assert home["redirects"] == [{"url": truth["url"], "status": 302, "to": truth["final_url"]}]
    assert column["final_url"] == truth["columns"]["财政动态"]["final_url"]
    assert column["entries"] and all(e["url"].startswith(column["final_url"]) for e in column["entries"])
    human = run_cli("page", truth["url"], "--as-of", AS_OF.isoformat())
    assert f"重定向：{truth['url']} →(302) {truth['final_url']}" in human.stdout


def test_page_reports_a_loop_and_too_many_hops(server: int) -> None:
    base = f"http://127.0.0.1:{server}"
    result = run_cli("page", f"{base}/xxgk/zcwj/", f"{base}/r/0", "--json")
    loop, chain = result.json_lines()
    assert loop["status"] == 302 and "重定向形成循环" in loop["error"] and len(loop["redirects"]) == 2
    assert chain["status"] == 302 and "重定向次数超过5次" in chain["error"] and len(chain["redirects"]) == 6
    blocked = run_cli("page", f"{base}/b/xxgk/", "--json").json_lines()[0]
    assert blocked["status"] == 412 and blocked["blocked"].startswith("瑞数动态防护")


def test_site_hosts_scheme_and_www_variants() -> None:
    hosts = site_hosts(["http://xxx.gov.cn/", "https://www.yyy.gov.cn:8443/xxgk/", None])
    assert hosts == {"xxx.gov.cn", "www.xxx.gov.cn", "www.yyy.gov.cn:8443", "yyy.gov.cn:8443"}
    assert netloc("https://XXX.gov.cn:443/a") == netloc("http://xxx.gov.cn:80/") == "xxx.gov.cn"
    assert site_hosts(["http://127.0.0.1:8080/"]) == {"127.0.0.1:8080"}  # no www. for an address


def test_redirect_targets_and_problems() -> None:
    assert redirect_target("http://a.gov.cn/xxgk/gzdt", b"gzdt/") == "http://a.gov.cn/xxgk/gzdt/"
    assert redirect_target("https://a.gov.cn/", b"//www.a.gov.cn/index.html") == "https://www.a.gov.cn/index.html"
    assert redirect_target("http://a.gov.cn/", "https://a.gov.cn/") == "https://a.gov.cn/"
    hosts = site_hosts(["http://a.gov.cn/"])
    assert redirect_problem(["http://a.gov.cn/"], "https://www.a.gov.cn/", hosts, 5) is None
    assert redirect_problem(["http://a.gov.cn/"], "http://b.gov.cn/", hosts, 5) == "offsite"
    assert redirect_problem(["http://a.gov.cn/", "https://a.gov.cn/"], "http://a.gov.cn:80/", hosts, 5) == "loop"
    assert redirect_problem([f"http://a.gov.cn/{i}" for i in range(6)], "http://a.gov.cn/x", hosts, 5) == "too-many"
    assert redirect_problem(["http://a.gov.cn/"], "javascript:void(0)", hosts, 5) == "bad-target"
    assert redirect_problem(["http://a.gov.cn/"], "http://b.gov.cn/", None, 5) is None  # no site: anywhere
