"""Every page of ../shared/realpages, read by the one page reader and checked against its index.json entry.

The expectations come from index.json alone, so a page added there is tested without new code. The
corpus is not part of the project: the tests skip when it is absent.
"""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urljoin

import pytest
from helpers import SHARED

from crawler.extract.published import SHOWN_SOURCES
from crawler.extract.reader import read_page

REALPAGES = SHARED / "realpages"
AS_OF = date(2026, 11, 20)
NEUTRAL_BASE = "http://example.gov.cn/col/"  # for pages index.json gives no address: only relative hrefs count
_ID_KEYS = {"网站标识码": "site_id_code", "ICP": "icp", "公安备案": "police"}
_TIME_RE = re.compile(r"(\d{1,2})\s*[:时∶]\s*(\d{2})")


def _corpus(kinds: set[str]) -> list:
    index = REALPAGES / "index.json"
    if not index.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason="shared/realpages is absent"))]
    entries = json.loads(index.read_text(encoding="utf-8"))
    return [pytest.param(e, id=e["file"].split("_")[0]) for e in entries if e["kind"] in kinds]


def _url(entry: dict) -> str:
    expected = entry["expected"]
    url = expected.get("url") or expected.get("page_url")
    if url:
        return url
    if expected.get("url_path"):
        return urljoin("http://example.gov.cn/", expected["url_path"])
    return NEUTRAL_BASE


def _read(entry: dict):
    return read_page((REALPAGES / entry["file"]).read_bytes(), _url(entry), as_of=AS_OF)


def _shown(value: str | None) -> str | None:
    """The index's value as the page shows it: whitespace collapsed, a trailing '(note)' dropped."""
    if value is None:
        return None
    return re.sub(r"\s+", " ", re.sub(r"\s*\(.*\)$", "", value)).strip()


def _day(raw: str | None) -> date | None:
    numbers = re.findall(r"\d+", raw or "")
    return date(*map(int, numbers[:3])) if len(numbers) >= 3 and len(numbers[0]) == 4 else None


# ---------------------------------------------------------------- articles

@pytest.mark.parametrize("entry", _corpus({"article"}))
def test_article_date_and_title(entry):
    expected = entry["expected"]
    page = _read(entry)
    assert page.kind == "article"
    assert page.published == date.fromisoformat(expected["pub_date"])
    assert page.published_status == "ok"
    assert _shown(page.title) == _shown(expected["title"])
    shown_raw = expected.get("visible_date_raw") or expected.get("pub_datetime_raw") or ""
    time = _TIME_RE.search(re.sub(r"<[^>]+>", "", shown_raw))
    if time:  # the reader sees a time too
        assert page.published_time == f"{int(time.group(1)):02d}:{time.group(2)}"


@pytest.mark.parametrize("entry", _corpus({"article"}))
def test_article_date_is_shown_unless_only_machines_carry_it(entry):
    """entry-date-missing rests on this: a date in a meta or the URL alone is not shown to a reader."""
    expected = entry["expected"]
    page = _read(entry)
    visible = bool(expected.get("visible_date_raw") or expected.get("date_label")
                   or "byline" in (expected.get("pub_date_source") or ""))
    assert (page.published_from in SHOWN_SOURCES) == visible, page.published_from


@pytest.mark.parametrize("entry", _corpus({"article"}))
def test_article_candidates_explain_the_choice(entry):
    expected = entry["expected"]
    page = _read(entry)
    winners = [c for c in page.date_candidates if c.note.startswith("采用")]
    assert len(winners) == 1 and winners[0].value == page.published
    decoys = {_day(d) for d in [expected.get("signature_date"), expected.get("doc_date")] if d}
    decoys |= {_day(d) for d in expected.get("decoy_dates", [])}
    assert winners[0].value not in decoys - {date.fromisoformat(expected["pub_date"])}  # signature, 成文, decoys
    meta_raw = expected.get("meta_PubDate_raw")
    if meta_raw and _day(meta_raw) != page.published:  # a wrong PubDate is weighed and loses
        assert any(c.where == "meta[name=PubDate]" and c.value == _day(meta_raw) for c in page.date_candidates)


@pytest.mark.parametrize("entry", _corpus({"article"}))
def test_article_cross_checks(entry):
    """Meta and URL dates are recorded as cross-checks even when they disagree with the shown date."""
    expected = entry["expected"]
    page = _read(entry)
    meta_raw = (expected.get("meta_pubdate") or {}).get("value") or expected.get("meta_PubDate_raw")
    assert page.meta_date == _day(meta_raw)
    if "url_date" in expected and expected.get("url"):
        url_date = expected["url_date"]
        full = url_date if url_date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", url_date) else None
        assert page.url_date == (date.fromisoformat(full) if full else None)


@pytest.mark.parametrize("entry", _corpus({"article", "list", "catalog"}))
def test_meta_site_id_code(entry):
    expected = _shown(entry["expected"].get("meta_SiteIDCode"))
    assert (_read(entry).meta.get("SiteIDCode") or None) == (expected or None)


@pytest.mark.parametrize("entry", _corpus({"article", "list", "catalog"}))
def test_footer_identifiers(entry):
    footer = entry["expected"].get("footer_ids") or {}
    got = _read(entry).identifiers
    assert set(got) == {"site_id_code", "icp", "police", "conac"}
    for key, field in _ID_KEYS.items():
        if key in footer:
            assert got[field] == _shown(footer[key]), key
    if "jiucuo_sitecode" in footer and "网站标识码" not in footer:
        assert got["site_id_code"] == footer["jiucuo_sitecode"]
    if not footer:
        assert got["icp"] is None and got["police"] is None


# ---------------------------------------------------------------- lists and catalogs

def _entry_tuple(entry) -> tuple:
    return entry.title, entry.url, entry.date.isoformat() if entry.date else None


def _wanted(item: dict, base: str) -> tuple:
    return _shown(item["title"]), urljoin(base, item["href"]), item["date"]


@pytest.mark.parametrize("entry", _corpus({"list"}))
def test_list_entries(entry):
    expected, base = entry["expected"], _url(entry)
    page = _read(entry)
    assert page.kind == "list"
    assert page.published is None
    assert len(page.entries) == expected["entry_count"]
    got = [(_shown(t), u, d) for t, u, d in map(_entry_tuple, page.entries)]
    assert got[:3] == [_wanted(item, base) for item in expected["first3"]]
    last = expected.get("last_entry") or expected.get("last")
    assert got[-1] == _wanted(last, base)
    assert all(e.date_status == "ok" for e in page.entries)
    if expected.get("latest_date_on_page"):
        assert max(e.date for e in page.entries).isoformat() == expected["latest_date_on_page"]


@pytest.mark.parametrize("entry", _corpus({"list"}))
def test_list_pagination(entry):
    paging, base = entry["expected"]["pagination"], _url(entry)
    page = _read(entry)
    if paging.get("next") is None:
        assert page.next_pages == []
        return
    assert page.next_pages[0] == urljoin(base, paging["next"])
    assert page.next_pages[-1] == urljoin(base, paging["last"])
    assert len(page.next_pages) == len(set(page.next_pages)) == paging["total_pages"] - paging.get("current_page", 1)


@pytest.mark.parametrize("entry", _corpus({"catalog"}))
def test_catalog_links_and_recent_list(entry):
    expected, base = entry["expected"], _url(entry)
    page = _read(entry)
    first_level = [(n.name, n.url) for n in page.catalog if n.parent is None]
    assert first_level == [tuple(pair) for pair in expected["catalog_links"]]
    assert len(first_level) == expected["catalog_link_count_visible"]
    recent = expected.get("recent_list")
    if recent:
        got = [(_shown(t), u, d) for t, u, d in map(_entry_tuple, page.entries)]
        assert len(got) == recent["entry_count"]
        assert got[:3] == [_wanted(item, base) for item in recent["first3"]]
