"""List, pagination and catalog extraction against the real portal pages in ../shared/realpages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import pytest

from crawler.extract.catalog import extract_catalog
from crawler.extract.listing import extract_entries
from crawler.extract.page import inspect_page
from crawler.extract.pagination import extract_pagination

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"
AS_OF = date(2026, 11, 20)
PAGE_URLS = {"01": "http://www.ordos.gov.cn/egb/xxgk/xxgknb/"}


def _case(prefix: str) -> tuple[dict, str, str]:
    index = REALPAGES / "index.json"
    if not index.exists():
        pytest.skip("shared/realpages is not available")
    record = next((r for r in json.loads(index.read_text("utf-8")) if r["file"].startswith(prefix + "_")), None)
    if record is None or not (REALPAGES / record["file"]).exists():
        pytest.skip(f"realpage {prefix} is not available")
    expected = record["expected"]
    url = PAGE_URLS.get(prefix) or expected["page_url"]
    return expected, (REALPAGES / record["file"]).read_text("utf-8"), url


def _shown(entry) -> tuple[str, str, str | None]:
    return entry.title, entry.url, entry.date.isoformat() if entry.date else None


def _wanted(item: dict, url: str) -> tuple[str, str, str]:
    return item["title"], urljoin(url, item["href"]), item["date"]


@pytest.mark.parametrize("prefix", ["01", "03", "05"])
def test_list_entries(prefix):
    expected, html, url = _case(prefix)
    entries = extract_entries(html, url, as_of=AS_OF)
    assert len(entries) == expected["entry_count"]
    assert [_shown(e) for e in entries[:3]] == [_wanted(item, url) for item in expected["first3"]]
    assert _shown(entries[-1]) == _wanted(expected["last_entry"], url)
    assert all(e.date_status == "ok" for e in entries)


def test_01_rendered_trs_pager_gives_index_1_once():
    expected, html, url = _case("01")
    pagination = extract_pagination(html, url)
    assert pagination.pages == [urljoin(url, expected["pagination"]["next"])]
    assert pagination.total_pages == expected["pagination"]["total_pages"] == 2


def test_03_create_page_html_gives_all_119_following_pages():
    expected, html, url = _case("03")
    pagination = extract_pagination(html, url)
    assert pagination.style == "trs"
    assert pagination.total_pages == expected["pagination"]["total_pages"] == 120
    assert pagination.pages[0] == urljoin(url, expected["pagination"]["next"])
    assert pagination.pages[-1] == urljoin(url, expected["pagination"]["last"])
    assert len(pagination.pages) == 119


def test_03_sidebar_subcolumns_are_not_entries():
    _, html, url = _case("03")
    titles = {e.title for e in extract_entries(html, url, as_of=AS_OF)}
    assert not titles & {"政务要闻", "综合信息", "袁州视频", "大标题新闻", "公告公示", "热点专题"}


def test_05_api_paged_list_has_no_static_next():
    expected, html, url = _case("05")
    assert expected["pagination"]["next"] is None
    assert extract_pagination(html, url).pages == []


def test_06_catalog_links():
    expected, html, url = _case("06")
    nodes = extract_catalog(html, url)
    first_level = [(n.name, n.url) for n in nodes if n.parent is None]
    assert first_level == [tuple(pair) for pair in expected["catalog_links"]]
    assert len(first_level) == expected["catalog_link_count_visible"] == 8
    assert all(n.name != "领导分工" for n in nodes)


def test_06_recent_list_is_the_main_list():
    expected, html, url = _case("06")
    recent = expected["recent_list"]
    entries = extract_entries(html, url, as_of=AS_OF)
    assert len(entries) == recent["entry_count"]
    assert [_shown(e) for e in entries[:3]] == [_wanted(item, url) for item in recent["first3"]]


@pytest.mark.parametrize("prefix", ["01", "03", "05"])
def test_inspect_page_reports_a_list(prefix):
    expected, html, url = _case(prefix)
    result = inspect_page(html.encode("utf-8"), url, as_of=AS_OF)
    assert result["kind"] == "list"
    assert result["encoding"] == "utf-8"
    assert len(result["entries"]) == expected["entry_count"]
    assert result["entries"][0]["date"] == expected["first3"][0]["date"]
    assert result["published"] is None
    next_url = expected["pagination"]["next"]
    assert result["next"][:1] == ([urljoin(url, next_url)] if next_url else [])
