"""`patrol page URL...`: one design.md JSON object per URL, for list and article pages of every CMS style."""

from __future__ import annotations

import pytest
from helpers import AS_OF, run_cli

from patrol.demo.server import DemoPortals

KEYS = {"url", "status", "encoding", "kind", "title", "published", "published_from", "meta", "identifiers",
        "entries", "next"}
BIG_COLUMN = {"qinghe": "工作动态", "fgw": "部门动态", "jyj": "教育动态", "liuzhen": "工作动态", "czj": "财政动态"}


def pages(*urls: str, code: int = 0) -> list[dict]:
    result = run_cli("page", *urls, "--as-of", AS_OF.isoformat(), "--json")
    assert result.code == code, result.stderr
    out = result.json_lines()
    assert len(out) == len(urls)
    for obj in out:
        assert set(obj) >= KEYS
    return out


@pytest.mark.parametrize("key", sorted(BIG_COLUMN))
def test_list_and_article_pages_of_each_style(portals: DemoPortals, key: str) -> None:
    truth = portals.expected()[key]
    column = truth["columns"][BIG_COLUMN[key]]
    (listing,) = pages(column["url"])
    assert listing["kind"] == "list" and listing["status"] == 200
    assert listing["encoding"] == ("gb18030" if truth["encoding"] == "gbk" else "utf-8")
    assert 1 <= len(listing["entries"]) <= column["entries"]
    assert column["latest"] in {e["date"] for e in listing["entries"]}
    assert listing["next"], "a column of several pages shows its following pages"
    assert listing["identifiers"]["icp"] == truth["identifiers"]["icp"]
    dated = next(e for e in listing["entries"] if e["date"] and e["url"] not in column["broken_links"]
                 and e["url"] not in column["mismatched"])
    (article,) = pages(dated["url"])
    assert article["kind"] == "article"
    assert article["published"] == dated["date"]
    assert article["published_from"] in {"label", "weak-label", "element", "byline"}
    winner = [c for c in article["date_candidates"] if c["note"].startswith("采用")]
    assert [c["date"] for c in winner] == [dated["date"]]
    assert article["title"] == dated["title"] or article["title"].startswith(dated["title"].rstrip(".…"))


def test_several_urls_one_line_each_and_a_404(portals: DemoPortals) -> None:
    base = portals.expected()["qinghe"]["url"]
    out = pages(base, base + "_status/404", code=1)  # a page not read is no reading
    assert out[0]["kind"] != "article" and out[0]["identifiers"]["site_id_code"] == "3299000001"
    assert out[1]["status"] == 404


def test_human_output_is_chinese(portals: DemoPortals) -> None:
    result = run_cli("page", portals.expected()["czj"]["url"], "--as-of", AS_OF.isoformat())
    assert result.code == 0 and "网站标识码：3299000034" in result.stdout and "类型：" in result.stdout


def test_patrol_page_reads_every_entry_page_as_the_crawl_did(crawled) -> None:
    """One reader: for entry pages of every style (labelled, byline-only, meta-only, undated), `patrol page`
    gives exactly the date, its source and the title the crawl stored."""
    import sqlite3

    db, _ = crawled
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        stored = con.execute(
            "SELECT url, published, published_from FROM entries WHERE status = 200 AND url LIKE 'http%' "
            "AND (published_from IS NOT 'label' OR url LIKE '%5.html' OR url LIKE '%5.htm') ORDER BY url"
        ).fetchall()
    finally:
        con.close()
    assert len({r["published_from"] for r in stored}) >= 4  # label kinds, byline, meta, none
    read = {obj["url"]: obj for obj in pages(*[r["url"] for r in stored])}
    for row in stored:
        got = read[row["url"]]
        assert (got["published"], got["published_from"]) == (row["published"], row["published_from"]), row["url"]


def test_a_home_or_list_page_is_named_by_its_title_not_its_first_box() -> None:
    from crawler.extract.reader import read_page

    html = ("<html><head><title>清河市人民政府</title></head><body><div class='box'><h3>工作动态</h3><ul>"
            + "".join(f"<li><a href='./t2026111{i}_{i}.html'>第{i}条动态</a><span>2026-11-1{i}</span></li>"
                      for i in range(5)) + "</ul></div></body></html>")
    reading = read_page(html.encode("utf-8"), "http://127.0.0.1:8000/", as_of=AS_OF)
    assert reading.kind == "list" and reading.title == "清河市人民政府"
