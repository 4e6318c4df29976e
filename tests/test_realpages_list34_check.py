"""Every list page of ../shared/realpages read as index.json says: entries, newest date and pagination.

Driven by index.json alone (kind "list"), so a list page added there is checked without new code.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import pytest

from crawler.extract.listing import extract_entries
from crawler.extract.pagination import extract_pagination

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"
AS_OF = date(2026, 11, 20)
FALLBACK_URL = "http://www.example.gov.cn/xxgk/column/"  # hrefs in index.json are relative to the page


def _lists() -> list[dict]:
    index = REALPAGES / "index.json"
    if not index.exists():
        return []
    return [r for r in json.loads(index.read_text("utf-8")) if r["kind"] == "list"]


def _load(record: dict) -> tuple[dict, str, str]:
    path = REALPAGES / record["file"]
    if not path.exists():
        pytest.skip(f"{record['file']} is not available")
    expected = record["expected"]
    return expected, path.read_text(expected.get("charset") or "utf-8"), expected.get("page_url") or FALLBACK_URL


RECORDS = _lists()
IDS = [r["file"].split("_")[0] for r in RECORDS]


def _shown(entry) -> tuple[str, str, str | None]:
    return entry.title, entry.url, entry.date.isoformat() if entry.date else None


def _wanted(item: dict, url: str) -> tuple[str, str, str]:
    return item["title"], urljoin(url, item["href"]), item["date"]


@pytest.mark.skipif(not RECORDS, reason="shared/realpages is not available")
@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_list_entries_as_index_says(record):
    expected, html, url = _load(record)
    entries = extract_entries(html, url, as_of=AS_OF)
    assert len(entries) == expected["entry_count"]
    assert [_shown(e) for e in entries[:3]] == [_wanted(item, url) for item in expected["first3"]]
    last = expected.get("last_entry") or expected.get("last")
    assert _shown(entries[-1]) == _wanted(last, url)
    if "latest_date_on_page" in expected:  # the newest row, not the first one
        assert max(e.date for e in entries if e.date).isoformat() == expected["latest_date_on_page"]


@pytest.mark.skipif(not RECORDS, reason="shared/realpages is not available")
@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_list_pagination_as_index_says(record):
    expected, html, url = _load(record)
    wanted = expected["pagination"]
    pagination = extract_pagination(html, url)
    if wanted.get("next") is None:
        assert pagination.pages == []
        return
    assert pagination.pages[0] == urljoin(url, wanted["next"])
    assert pagination.pages[-1] == urljoin(url, wanted["last"])
    assert pagination.total_pages == wanted["total_pages"] == len(pagination.pages) + 1
