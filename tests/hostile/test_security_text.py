"""Bidi overrides and C1 controls in scraped text (issue 19): a hostile portal's titles carry U+202E, the
isolates, C1 (an 8-bit CSI terminal escape) and C0 controls; none of them reaches the database, `patrol page`
or the notices. A real crawl of a real loopback server into real SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import AS_OF, run_cli
from security_servers import Server, page

from core.text import CONTROLS, scrub, strip_controls
from notices.text import clean

SITE = "清河市民政局"
HIDDEN = "\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\x9b\x85\x80\x1b\x07"
TITLES = [f"关于{HIDDEN[i]}第{i}项工作的通知{HIDDEN[-1 - i]}" for i in range(len(HIDDEN))]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("text")
    rows = "".join(f"<li><a href='/a/{i}.html'>{t}</a><span class='date'>2025-0{1 + i % 9}-01</span></li>"
                   for i, t in enumerate(TITLES))
    portal = Server({"/": (200, {}, page(SITE, "<a href='/list/'>列表</a><div>网站标识码3209000023</div>")),
                     "/list/": (200, {}, page("通知\u202e公告", f"<div class='list'><ul>{rows}</ul></div>"))})
    config = tmp / "sites.toml"
    config.write_text(f"""database = "{tmp / 'patrol.db'}"
[crawl]
timeout = 3
retries = 0
fetch_articles = false
check_links = false

[[units]]
name = "{SITE}"

[[sites]]
name = "{SITE}"
url = "{portal.url}/"
unit = "{SITE}"

[[sites.columns]]
name = "通知公告"
url = "{portal.url}/list/"
category = "dynamic"
""", encoding="utf-8")
    try:
        result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet")
        assert result.code in (0, 1), result.stderr
        page_out = run_cli("page", f"{portal.url}/list/", "--json")
        yield {"db": tmp / "patrol.db", "config": config, "page": page_out, "tmp": tmp}
    finally:
        portal.stop()


def test_the_served_titles_carry_the_attack() -> None:
    assert all(CONTROLS.search(t) for t in TITLES)


def test_no_hidden_character_is_stored(crawled) -> None:
    con = sqlite3.connect(crawled["db"])
    try:
        titles = [r[0] for r in con.execute("SELECT title FROM entries")]
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    assert len(titles) == len(TITLES)
    assert [t for t in titles if CONTROLS.search(t)] == [] and not CONTROLS.search(dump.replace("\t", ""))
    assert "关于第0项工作的通知" in titles  # the visible text is kept


def test_patrol_page_prints_none(crawled) -> None:
    out = crawled["page"]
    assert out.code == 0 and "关于第1项工作的通知" in out.stdout
    assert not CONTROLS.search(out.stdout.replace("\n", ""))


def test_notices_carry_none(crawled, tmp_path: Path) -> None:
    result = run_cli("notify", "--config", str(crawled["config"]), "--as-of", AS_OF.isoformat(), "--dry-run",
                     "--out", str(tmp_path))
    assert result.code in (0, 1), result.stderr
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.rglob("*.html")]
    assert texts and not any(CONTROLS.search(t) for t in texts) and not CONTROLS.search(result.stdout)
    assert clean("旧数据\u202e中的\x9b标题") == "旧数据中的标题"  # text stored before the store stripped it


def test_scrub_reaches_nested_values() -> None:
    assert strip_controls("a\u202eb\x9bc\td\ne") == "abc\td\ne"
    assert scrub({"k\u2066": ["x\x85", ("y\u202d",)]}) == {"k": ["x", ("y",)]}
