"""`patrol run` over the demo portals (TRS, Hanweb, GBK table CMS, plain list): exact columns and dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import AS_OF, CliResult, rows

from patrol.demo.server import DemoPortals

SITES = ["qinghe", "fgw", "jyj", "liuzhen", "czj"]


@pytest.mark.parametrize("key", SITES)
def test_every_column_has_its_kind_count_and_latest_date(portals: DemoPortals, crawled: tuple[Path, CliResult],
                                                        key: str) -> None:
    db, _ = crawled
    truth = portals.expected()[key]
    found = {r["name"]: r for r in rows(db, "select * from columns where site = ?", truth["name"])}
    for name, col in truth["columns"].items():
        assert name in found, f"{truth['name']}: column {name} not discovered; found {sorted(found)}"
        got = found[name]
        assert got["kind"] == col["kind"], (name, got["kind"])
        assert got["url"] == col["url"], name
        assert (got["final_url"] or got["url"]) == col["final_url"], name  # czj links columns without the slash
        if col["kind"] == "list":
            assert got["entry_count"] == col["entries"], (name, got["entry_count"], col["entries"])
            assert got["latest"] == col["latest"], (name, got["latest"], col["latest"])
        elif col["kind"] == "page":
            assert got["page_date"] == col["latest"], (name, got["page_date"])
        if col["parent"] == "法定主动公开内容":
            assert got["parent"] == "法定主动公开内容", name


@pytest.mark.parametrize("key", SITES)
def test_home_page_identifiers(portals: DemoPortals, crawled: tuple[Path, CliResult], key: str) -> None:
    import json

    db, _ = crawled
    truth = portals.expected()[key]
    (site,) = rows(db, "select * from sites where name = ?", truth["name"])
    assert site["status"] == 200 and (site["final_url"] or site["url"]) == truth["final_url"]
    ids = json.loads(site["identifiers"])
    for field, value in truth["identifiers"].items():
        assert ids.get(field) == value, (field, ids.get(field), value)


def test_entry_pages_statuses_and_dates(portals: DemoPortals, crawled: tuple[Path, CliResult]) -> None:
    db, _ = crawled
    checked = 0
    for truth in portals.expected().values():
        for col in truth["columns"].values():
            for url in col["broken_links"]:
                assert {r["status"] for r in rows(db, "select status from entries where url = ?", url)} == {404}
                checked += 1
            for url in col["invalid_dates"]:
                (r,) = rows(db, "select * from entries where url = ?", url)
                assert r["list_date"] is None and r["list_date_status"] == "invalid" and r["list_date_raw"]
                checked += 1
            for url in col["future_dates"]:
                (r,) = rows(db, "select * from entries where url = ?", url)
                assert r["list_date_status"] == "future" and r["list_date"] > AS_OF.isoformat()
                checked += 1
            for url in col["undated"]:
                (r,) = rows(db, "select * from entries where url = ?", url)
                assert r["list_date"] is None and r["published"] is None and r["status"] == 200
                checked += 1
            for url in col["unshown"]:
                (r,) = rows(db, "select * from entries where url = ?", url)
                assert r["list_date"] is None and r["published"] and r["published_from"] == "meta"
                (f,) = rows(db, "select * from findings where rule = 'entry-date-missing' and url = ?", url)
                assert "仅见于网页元数据" in f["message"]
                checked += 1
            for url in col["mismatched"]:
                (r,) = rows(db, "select * from entries where url = ?", url)
                assert r["list_date"] and r["published"] and r["list_date"] != r["published"]
                checked += 1
    assert checked >= 5


def test_gbk_titles_survive(crawled: tuple[Path, CliResult]) -> None:
    db, _ = crawled
    titles = [r["title"] for r in rows(db, "select title from entries where site = '清河市教育局'")]
    assert any("喆" in t for t in titles) and any("堃" in t for t in titles)


def test_article_publish_dates_come_from_the_visible_label(portals: DemoPortals,
                                                           crawled: tuple[Path, CliResult]) -> None:
    db, _ = crawled
    sources = {r["published_from"]: r["n"] for r in rows(
        db, "select published_from, count(*) n from entries where status = 200 group by published_from")}
    shown = sum(n for source, n in sources.items() if source in {"label", "weak-label", "element", "byline"})
    assert shown > 300 and sources.get("byline", 0) >= 2
    unshown = sum(len(c["unshown"]) for t in portals.expected().values() for c in t["columns"].values())
    assert sources.get("meta", 0) == unshown >= 1  # a generation-time PubDate never wins
    assert not sources.keys() & {"url", "script", "decoy"}
    # only the deliberately undated entries answer 200 without a publish date
    undated = sum(len(c["undated"]) for t in portals.expected().values() for c in t["columns"].values())
    assert sources.get(None, 0) == undated


def test_run_row_is_complete_and_summary_is_chinese(crawled: tuple[Path, CliResult]) -> None:
    db, result = crawled
    (run,) = rows(db, "select * from runs")
    assert run["status"] == "complete" and run["as_of"] == AS_OF.isoformat()
    assert "清河市发展和改革委员会" in result.stdout and "抓取页数" in result.stdout
    assert "清河市地方志办公室" in result.stdout  # the unreachable unit is reported, not a crash
    (dead,) = rows(db, "select * from sites where name = '清河市地方志办公室'")
    assert dead["status"] == 0 and dead["error"]
    (blocked,) = rows(db, "select * from sites where name = '清河市公安局'")  # behind a 412 challenge
    assert blocked["status"] == 412 and blocked["blocked"].startswith("瑞数动态防护")
    assert [r["rule"] for r in rows(db, "select rule from findings where site = '清河市公安局'")] == ["site-blocked"]
    assert "未能检查" in result.stdout
