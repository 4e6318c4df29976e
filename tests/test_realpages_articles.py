"""Real portal pages from ../shared/realpages: article title/date/meta and footer identifiers."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from crawler.extract.article import extract_article
from crawler.extract.encoding import decode_html
from crawler.extract.html import parse_html
from crawler.extract.identifiers import extract_identifiers

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"
_ID_KEYS = {"网站标识码": "site_id_code", "ICP": "icp", "公安备案": "police"}


def _entries(kinds: set[str]) -> list:
    index = REALPAGES / "index.json"
    if not index.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason="shared/realpages is absent"))]
    entries = json.loads(index.read_text(encoding="utf-8"))
    return [pytest.param(e, id=e["file"].split("_")[0]) for e in entries if e["kind"] in kinds]


def _load(entry: dict) -> str:
    text, _ = decode_html((REALPAGES / entry["file"]).read_bytes())
    return text


def _shown(value: str) -> str:
    """The index's value as the page shows it: whitespace collapsed, any '(note)' dropped."""
    return re.sub(r"\s+", " ", re.sub(r"\s*\(.*\)$", "", value)).strip()


def _check_footer_ids(text: str, footer_ids: dict) -> dict:
    got = extract_identifiers(parse_html(text))
    compared = 0
    for key, field in _ID_KEYS.items():
        if key in footer_ids:
            assert got[field] == _shown(footer_ids[key]), key
            compared += 1
    if "jiucuo_sitecode" in footer_ids:
        assert got["site_id_code"] == footer_ids["jiucuo_sitecode"]
    if not footer_ids:
        assert got["icp"] is None and got["police"] is None
    assert compared == len(footer_ids.keys() & _ID_KEYS.keys())
    return got


@pytest.mark.parametrize("entry", _entries({"article"}))
def test_article(entry):
    expected = entry["expected"]
    url = expected.get("url") or "http://example.gov.cn" + expected.get("url_path", "/a/index.html")
    got = extract_article(_load(entry), url, as_of=date(2026, 11, 20))
    assert got.published == date.fromisoformat(expected["pub_date"])
    assert (got.published_from, got.published_status) == ("label", "ok")
    if re.search(r"\d:\d\d", expected.get("visible_date_raw", "")):  # the reader sees a time too
        assert f"{got.published} {got.published_time}" == expected["pub_datetime"]
    assert got.title == expected["title"]
    if expected["meta_SiteIDCode"] is None:
        assert "SiteIDCode" not in got.meta
    else:
        assert got.meta["SiteIDCode"] == expected["meta_SiteIDCode"]


@pytest.mark.parametrize("entry", _entries({"article", "list", "catalog"}))
def test_footer_identifiers(entry):
    got = _check_footer_ids(_load(entry), entry["expected"].get("footer_ids", {}))
    assert set(got) == {"site_id_code", "icp", "police", "conac"}


# URL dates by file number: TRS t-dates, Hanweb art/Y/M/D; art/2020/art_<uuid> and content_N carry none.
_URL_DATES = {
    "07": date(2020, 8, 2),
    "09": date(2016, 11, 22),
    "13": date(2022, 12, 12),
    "21": date(2024, 10, 21),
    "25": date(2021, 10, 11),
}


@pytest.mark.parametrize("entry", _entries({"article"}))
def test_article_cross_checks(entry):
    """Meta and URL dates are recorded as cross-checks even when they disagree with the shown date."""
    expected = entry["expected"]
    url = expected.get("url") or "http://example.gov.cn" + expected.get("url_path", "/a/index.html")
    got = extract_article(_load(entry), url)
    raw = expected.get("meta_PubDate_raw")
    meta_date = date(*map(int, re.findall(r"\d+", raw)[:3])) if raw else None
    assert got.meta_date == meta_date
    assert got.url_date == _URL_DATES.get(entry["file"][:2])
