"""`patrol run` over the demo portals walks every list form to its last page and dates its rows right.

The forms: TRS's stock `var countPage = N//共多少页` pager with createPageHTML in an external script, EmpireCMS
paging (index.html, index_2.html … and no index_1.html), a column root that is a redirect stub (跳转页),
pinned (置顶) rows with older dates, a year-less list whose year is in each entry's URL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import AS_OF, CliResult, rows

from patrol.demo.server import DemoPortals


def fetched(db: Path, prefix: str) -> dict[str, int]:
    """List pages fetched under ``prefix`` (``pages`` also records when entry pages were fetched)."""
    return {r["url"]: r["status"] for r in rows(db, "select url, status from pages where url like ? "
                                                    "and url not in (select url from entries)", prefix + "%")}


def column_row(db: Path, site: str, name: str) -> sqlite3.Row:
    (row,) = rows(db, 'select * from "columns" where site = ? and name = ?', site, name)
    return row


def test_trs_count_page_column_is_walked_to_its_last_page(portals: DemoPortals,
                                                           crawled: tuple[Path, CliResult]) -> None:
    db, _ = crawled
    truth = portals.expected()["czj"]
    col = truth["columns"]["财政动态"]
    style = portals.style("czj")
    page = style.render_list(next(c for c in style.site.columns if c.name == "财政动态"), 0).body.decode("utf-8")
    assert "var countPage = 3//共多少页" in page and "function createPageHTML" not in page
    assert col["pages"] == 3
    base = col["final_url"]  # the catalog links the column without its slash; the server adds it (301)
    assert fetched(db, base) == {base: 200, base + "index_1.html": 200, base + "index_2.html": 200}
    got = column_row(db, truth["name"], "财政动态")
    assert (got["entry_count"], got["latest"]) == (col["entries"], col["latest"]) == (25, col["latest"])


def test_empire_cms_column_is_walked_without_asking_for_index_1(portals: DemoPortals,
                                                                 crawled: tuple[Path, CliResult]) -> None:
    db, _ = crawled
    truth = portals.expected()["liuzhen"]
    col = truth["columns"]["工作动态"]
    assert col["pages"] == 3
    assert fetched(db, col["url"]) == {col["url"]: 200, col["url"] + "index_2.html": 200,
                                       col["url"] + "index_3.html": 200}
    got = column_row(db, truth["name"], "工作动态")
    assert got["entry_count"] == col["entries"] == 26


def test_redirect_stub_column_root_leads_to_its_list(portals: DemoPortals, crawled: tuple[Path, CliResult]) -> None:
    db, _ = crawled
    truth = portals.expected()["liuzhen"]
    col = truth["columns"]["镇村动态"]
    assert col["stub"] and col["pages"] == 2
    assert fetched(db, col["url"]) == {col["url"]: 200, col["url"] + "list.html": 200,
                                       col["url"] + "list_2.html": 200}
    got = column_row(db, truth["name"], "镇村动态")
    assert (got["url"], got["kind"], got["entry_count"], got["latest"]) == (col["url"], "list", 12, col["latest"])


def test_pinned_rows_count_but_are_not_the_newest(portals: DemoPortals, crawled: tuple[Path, CliResult]) -> None:
    db, _ = crawled
    truth = portals.expected()["czj"]
    site = portals.style("czj").site
    column = next(c for c in site.columns if c.name == "通知公告")
    pinned = [e for e in column.entries if e.spec.pinned]
    assert [e.index for e in pinned] == [0, 1] and all(e.date < column.entries[2].date for e in pinned)
    got = column_row(db, truth["name"], "通知公告")
    assert got["entry_count"] == 12 and got["latest"] == column.entries[2].date.isoformat()


def test_year_less_list_dates_take_the_year_of_their_url(portals: DemoPortals,
                                                         crawled: tuple[Path, CliResult]) -> None:
    db, _ = crawled
    site = portals.style("czj").site
    column = next(c for c in site.columns if c.name == "政策文件")
    assert all(len(e.list_text) == 5 for e in column.entries)  # "03-25"
    older = [e for e in column.entries if (AS_OF - e.list_date).days > 365]
    assert older, "the demo must list rows older than a year, where the as-of guess is wrong"
    stored = {r["url"]: (r["list_date"], r["list_date_status"])
              for r in rows(db, "select url, list_date, list_date_status from entries where site = ?", site.spec.name)}
    for entry in column.entries:
        assert stored[portals.url("czj", entry.path)] == (entry.list_date.isoformat(), "ok"), entry.list_text
