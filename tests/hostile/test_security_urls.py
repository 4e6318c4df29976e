"""The URL policy (issue 19): a hostile portal on 127.0.0.1 cannot make the inspector read local files or
contact the office's internal network, and what it links there is told as not checked, never as broken.

The portal is a real server on one port; a second real server on another port of 127.0.0.1 stands for the
internal network (another host:port the config does not name) and records every request. One `patrol run`
through the real CLI into real SQLite; `patrol page` and the availability probe on the same servers.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from helpers import AS_OF, rows, run_cli
from security_servers import Server, page, redirect

from crawler import settings
from crawler.probe import Target, probe
from crawler.urlpolicy import NOT_ALLOWED_TEXT, public_address, refusal
from patrol.fetch import fetch

SITE = "清河市审计局"


def _entries(victim: int, fifo: Path) -> list[str]:
    """Entry hrefs of the list page: local files, other schemes, internal addresses, a redirect inward."""
    return ["file:///etc/passwd", "file:///dev/zero", f"file://{fifo}", "file:///nonexistent/missing.html",
            "data:text/html,<h1>x</h1>", f"ftp://127.0.0.1:{victim}/x.html",
            f"http://127.0.0.1:{victim}/entry.html", f"http://localhost:{victim}/entry.html",
            "http://169.254.169.254/latest/meta-data/", f"http://[::1]:{victim}/v6.html",
            f"http://2130706433:{victim}/decimal.html", f"http://0.0.0.0:{victim}/zero.html", "/inward.html"]


def _home_links(victim: int) -> list[str]:
    return [f"http://127.0.0.1:{victim}/link.html", f"http://localhost:{victim}/link.html",
            "http://169.254.169.254/latest/meta-data/iam/", "/away.html", "/chain1.html"]


def _portal(victim: int, fifo: Path) -> Server:
    rows_html = "".join(f"<li><a href='{u}' title='关于第{i}项审计工作的通知'>关于第{i}项审计工作的通知</a>"
                        f"<span class='date'>2026-11-{i + 1:02d}</span></li>"
                        for i, u in enumerate(_entries(victim, fifo)))
    home = "".join(f"<li><a href='{u}'>链接{i}</a></li>" for i, u in enumerate(_home_links(victim)))
    inner = f"http://127.0.0.1:{victim}"
    return Server({
        "/": (200, {}, page(SITE, f"<div class='nav'><a href='/list/'>通知公告</a></div><ul>{home}</ul>"
                                  "<div class='footer'>网站标识码3209000019</div>")),
        "/list/": (200, {}, page(f"通知公告_{SITE}", f"<div class='list'><ul>{rows_html}</ul></div>")),
        "/inward.html": redirect(f"{inner}/inward-target.html"),
        "/away.html": redirect(f"http://localhost:{victim}/after-redirect.html"),
        "/chain1.html": redirect("/chain2.html"),
        "/chain2.html": redirect(f"{inner}/after-two-hops.html"),
    })


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("urls")
    victim = Server({"/entry.html": (200, {}, page("内部系统", "内部"))})
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    portal = _portal(victim.port, fifo)
    config = tmp / "sites.toml"
    config.write_text(f"""database = "{tmp / 'patrol.db'}"
[crawl]
timeout = 3
retries = 0
link_recheck_seconds = 0
incremental = false

[[units]]
name = "{SITE}"

[[sites]]
name = "{SITE}"
url = "{portal.url}/"
unit = "{SITE}"
kind = "department"

[[sites.columns]]
name = "通知公告"
url = "{portal.url}/list/"
category = "notice"
""", encoding="utf-8")
    started = time.monotonic()
    try:
        first = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", timeout=120)
        second = run_cli("run", "--config", str(config), "--as-of", AS_OF.replace(day=21).isoformat(), "--quiet",
                         timeout=120)
        yield {"runs": (first, second), "wall": time.monotonic() - started, "victim": victim, "portal": portal,
               "db": tmp / "patrol.db", "fifo": fifo}
    finally:
        portal.stop()
        victim.stop()


def test_the_run_completes_in_bounded_time(crawl) -> None:
    for run in crawl["runs"]:
        assert run.code in (0, 1), run.stderr[-2000:]
    assert crawl["wall"] < 90, crawl["wall"]  # a fifo or /dev/zero opened would hang or fill memory


def test_the_internal_server_saw_no_request(crawl) -> None:
    assert crawl["victim"].seen() == []
    portal = dict.fromkeys(p for _, p in crawl["portal"].seen())
    assert "/list/" in portal and "/away.html" in portal and "/chain2.html" in portal  # the attacks were tried


def test_local_file_and_internal_entries_are_not_checked(crawl) -> None:
    stored = {r["url"]: r["status"] for r in rows(crawl["db"], "SELECT url, status FROM entries")}
    tried = [u for u in stored if u.startswith(("file:", "ftp:", "data:")) or "127.0.0.1" not in u
             or u.endswith("inward.html") or ":" + str(crawl["victim"].port) in u]
    assert "file:///etc/passwd" in stored and "file:///nonexistent/missing.html" in stored
    assert len(tried) >= 10, sorted(stored)
    assert {u: s for u, s in stored.items() if u in tried and s is not None} == {}  # no status: not checked


def test_nothing_about_local_files_or_internal_hosts_becomes_a_finding(crawl) -> None:
    found = rows(crawl["db"], "SELECT rule, url, message FROM findings")
    leaked = [dict(f) for f in found if any(s in f"{f['url']} {f['message']}" for s in (
        "file:", "/etc/passwd", "missing.html", "169.254", "localhost", str(crawl["victim"].port), "inward"))]
    assert leaked == []


def test_refused_links_are_recorded_as_not_checked(crawl) -> None:
    victim = crawl["victim"].port
    checks = {r["url"]: dict(r) for r in rows(crawl["db"], "SELECT url, status, error, outcome, fails "
                                                            "FROM link_checks")}
    base = crawl["portal"].url
    for url in (f"http://127.0.0.1:{victim}/link.html", f"http://localhost:{victim}/link.html",
                "http://169.254.169.254/latest/meta-data/iam/", f"{base}/away.html", f"{base}/chain1.html"):
        assert checks[url] == {"url": url, "status": None, "error": NOT_ALLOWED_TEXT, "outcome": "restricted",
                               "fails": 0}, url
    assert all(NOT_ALLOWED_TEXT not in (c["error"] or "") or c["status"] is None for c in checks.values())


def test_scrapy_handlers_for_other_schemes_are_off() -> None:
    assert getattr(settings, "DOWNLOAD_HANDLERS", None) == {"file": None, "s3": None, "ftp": None, "data": None}


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8080/", "http://LOCALHOST./", "http://169.254.169.254/",
    "http://10.0.0.8/", "http://172.16.3.4/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/",
    "http://224.0.0.1/", "http://240.0.0.1/", "http://[::1]/", "http://[fe80::1]/", "http://[fc00::1]/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "file:///etc/passwd", "ftp://8.8.8.8/",
    "data:text/plain,x", "gopher://8.8.8.8/", "javascript:alert(1)",
])
def test_the_policy_refuses_internal_addresses_and_other_schemes(url: str) -> None:
    assert refusal(url, set()) is not None


def test_the_policy_judges_resolved_addresses_and_trusts_configured_hosts() -> None:
    assert refusal("http://intranet.example/", set(), ["10.1.2.3"]) is not None  # a name resolving inward
    assert refusal("http://mixed.example/", set(), ["8.8.8.8", "127.0.0.1"]) is not None  # any address inward
    assert refusal("http://www.gov.cn/", set(), ["8.8.8.8"]) is None
    assert refusal("http://127.0.0.1:8001/", {"127.0.0.1:8001"}) is None  # the site itself, as configured
    assert refusal("http://127.0.0.1:8002/", {"127.0.0.1:8001"}) is not None  # another port is another host
    assert public_address("8.8.8.8") and not public_address("not an address")


def test_patrol_page_does_not_follow_a_redirect_inward(crawl) -> None:
    victim = crawl["victim"]
    got = fetch(f"{crawl['portal'].url}/away.html")
    assert got.status == 0 and got.error is not None and NOT_ALLOWED_TEXT in got.error
    got = fetch(f"{crawl['portal'].url}/chain1.html")
    assert got.error is not None and NOT_ALLOWED_TEXT in got.error and len(got.redirects) == 2
    assert victim.seen() == []
    assert fetch(f"{crawl['portal'].url}/").status == 200  # the address asked for itself is read
    result = run_cli("page", "file:///etc/passwd")
    assert result.code == 2 and "root:" not in result.stdout


def test_a_probe_does_not_follow_a_redirect_inward(crawl) -> None:
    result = probe(Target(SITE, f"{crawl['portal'].url}/away.html"), timeout=5)
    assert result.outcome == "fail" and result.cause == "redirect" and "不允许访问" in (result.error or "")
    assert probe(Target(SITE, f"{crawl['portal'].url}/"), timeout=5).outcome == "ok"
    assert crawl["victim"].seen() == []


def test_the_database_holds_no_local_file_content(crawl) -> None:
    con = sqlite3.connect(crawl["db"])
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    assert "root:x:0:0" not in dump
