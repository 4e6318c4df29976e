"""Columns from every menu a reader uses, on fixture portals of the shapes real portals take
(``shaped_portals``): script stubs and script-written menus, a site-group platform, rows opened by script,
footers with dated links; and no verdict on a partial read."""

from __future__ import annotations

from datetime import timedelta

import shaped_portals as sp
from helpers import AS_OF, run_cli


def check(url: str, *extra: str) -> tuple[int, dict, str]:
    result = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json", *extra)
    (out,) = result.json_lines()
    return result.code, out, result.stderr


def by_url(out: dict) -> dict[str, dict]:
    return {c["url"]: c for c in out["columns"] if c["url"]}


def day(age: int) -> str:
    return (AS_OF - timedelta(days=age)).isoformat()


def test_a_department_site_behind_a_script_stub_and_a_script_written_menu() -> None:
    with sp.serve(sp.dept_pages(AS_OF)) as base:
        code, home, _ = check(base)
        code_catalog, catalog, _ = check(base, "--catalog", base + "zwgk/gsgg/")
    columns = by_url(home)
    for slug, name, kind, ages in sp.DEPT_COLUMNS:
        got = columns[f"{base}zwgk/{slug}/"]
        assert got["name"] == name and got["found"] == "catalog", got
        if kind == "list":
            assert (got["kind"], got["entries"], got["latest"]) == ("list", len(ages), day(min(ages))), got
        elif kind == "blank":
            assert (got["kind"], got["entries"]) == ("list", 0)
        else:
            assert got["kind"] == "page" and got["entries"] == 0  # never dated by the footer's 更新于 today
    blank = {f["column"] for f in home["findings"] if f["rule"] == "column-blank"}
    assert blank == {"人事信息"}, "联系方式 and RSS订阅 are single pages, not blank columns"
    assert columns[f"{base}zwgk/lxfs/"]["kind"] == "page"
    for slug, _, ages in sp.DEPT_NEWS:  # the home page's boxes and their 更多 links
        got = columns[f"{base}xwzx/{slug}/"]
        assert got["found"] == "more" and (got["entries"], got["latest"]) == (len(ages), day(min(ages)))
    # the catalog URL as the start gives the same columns and the same verdict
    assert set(columns) == set(by_url(catalog))
    assert (code, home["verdict"], home["score"]) == (code_catalog, catalog["verdict"], catalog["score"])
    assert home["verdict"] == "pass" and code == 0


def test_a_site_group_platform_with_script_opened_rows_and_news_blocks() -> None:
    with sp.serve(sp.group_pages(AS_OF)) as base:
        code, out, _ = check(base)
    columns = by_url(out)
    site = base + sp.SITE.lstrip("/") + "/"
    for file, _, heading, ages, _ in sp.GROUP_COLUMNS:
        got = columns[f"{site}{file}.shtml"]
        assert got["found"] == "catalog" and got["parent"] == heading, got
        # rows link to javascript:; with the title and date shown: entries, across the 1-based pager's pages
        assert (got["entries"], got["latest"]) == (len(ages), day(min(ages)) if ages else None), got
    for file, _, ages in sp.GROUP_NEWS:  # 更多 of the home page's news blocks
        got = columns[f"{site}{file}.shtml"]
        assert (got["entries"], got["latest"]) == (len(ages), day(min(ages))), got
    assert {f["column"] for f in out["findings"] if f["rule"] == "column-blank"} == {"财政资金"}
    # the footer's four article-shaped links beside a date are no column's entries
    assert not any("art_9_" in str(f["evidence"]) for f in out["findings"])


def test_over_a_tenth_of_the_catalog_unread_withholds_the_verdict() -> None:
    pages = sp.dept_pages(AS_OF)
    for slug in ("gkzd", "fdzdgknr"):
        pages[f"/zwgk/{slug}/"] = None  # 404
    with sp.serve(pages) as base:
        result = run_cli("check", base, "--as-of", AS_OF.isoformat())
        code, out, _ = check(base)
    assert out["verdict"] == "incomplete" and out["score"] is not None and code == 1
    (unread,) = [f for f in out["findings"] if f["rule"] == "columns-unread"]
    assert "政府信息公开制度（信息公开目录：HTTP 404）" in unread["message"]
    assert unread["evidence"]["disclosure_unread"] == 2
    assert "结论：未能完整检查" in result.stdout and "本站未能完整检查" in result.stdout


def test_patrol_page_shows_the_content_area_and_why_other_links_are_not_entries() -> None:
    with sp.serve(sp.group_pages(AS_OF)) as base:
        url = base + sp.SITE.lstrip("/") + "/zcwj_list.shtml"
        result = run_cli("page", url, "--as-of", AS_OF.isoformat(), "--json")
        text = run_cli("page", url, "--as-of", AS_OF.isoformat()).stdout
    (out,) = result.json_lines()
    assert out["kind"] == "list" and out["list_area"] == ["div.main > div.con > ul.news-list"]
    assert len(out["entries"]) == 10 and all("#row-" in e["url"] for e in out["entries"])
    why = {g["where"]: g["why"] for g in out["not_entries"]}
    assert any("footer" in where and "页面框架" in reason for where, reason in why.items())
    assert any("side" in where and "菜单" in reason for where, reason in why.items())
    assert "列表所在内容区：div.main > div.con > ul.news-list" in text and "未作为条目的链接组" in text


def test_a_discovery_walk_cut_by_its_budget_says_so(tmp_path) -> None:
    with sp.serve(sp.dept_pages(AS_OF)) as base:
        (tmp_path / "sites.toml").write_text(
            f'[crawl]\ndiscovery_pages = 2\ncheck_links = false\n\n[[units]]\nname = "{sp.DEPT_NAME}"\n\n'
            f'[[sites]]\nname = "{sp.DEPT_NAME}"\nunit = "{sp.DEPT_NAME}"\nurl = "{base}"\n', encoding="utf-8")
        ran = run_cli("run", "--config", "sites.toml", "--as-of", AS_OF.isoformat(), "--quiet", cwd=tmp_path)
        assert ran.code in (0, 1), ran.stderr
        report = run_cli("report", "--config", "sites.toml", "--as-of", AS_OF.isoformat(), "--json", cwd=tmp_path)
    (site,) = report.json_lines()[0]["sites"]
    (unread,) = [f for f in site["findings"] if f["rule"] == "columns-unread"]
    assert "已读满2个页面的上限" in unread["message"] and unread["evidence"]["walk"]["cut"] is True
