"""Whole real portals walked from their home page and from their catalog URL, against what their descriptions
(``../shared/realsites/cwl.md``, ``cyqn.md``) state a careful reader sees: the columns, each column's newest
date, the blank ones, the verdict. Skipped when the saved sites are not there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import run_cli
from realsites import AS_OF, available, list_columns, normal_path, serve

SITES = {"cwl": "xxgk/index.html", "cyqn": "dw/Default.html"}


def check(url: str, as_of: str, *extra: str) -> tuple[int, dict]:
    result = run_cli("check", url, "--as-of", as_of, "--json", *extra)
    (out,) = result.json_lines()
    return result.code, out


@pytest.fixture(scope="module", params=sorted(SITES))
def walked(request: pytest.FixtureRequest) -> Iterator[tuple[str, tuple[int, dict], tuple[int, dict]]]:
    name = request.param
    if not available(name):
        pytest.skip(f"shared/realsites/{name} is not available")
    with serve(name) as base:
        yield name, check(base, AS_OF[name]), check(base, AS_OF[name], "--catalog", base + SITES[name])


def _by_path(out: dict) -> dict[str, dict]:
    return {normal_path(c["url"]): c for c in out["columns"] if c.get("url")}


def test_nine_in_ten_columns_and_latest_dates_from_either_start(walked) -> None:
    name, (_, home), (_, catalog) = walked
    truth = list_columns(name)
    dated = [t for t in truth if t.newest]
    for out in (home, catalog):
        got = _by_path(out)
        found = [t for t in truth if normal_path(t.path) in got]
        right = [t for t in dated if got.get(normal_path(t.path), {}).get("latest") == t.newest]
        assert len(found) >= 0.9 * len(truth), sorted(t.path for t in truth if t not in found)
        assert len(right) >= 0.9 * len(dated), sorted((t.path, t.newest) for t in dated if t not in right)


def test_the_same_columns_and_verdict_from_home_and_from_the_catalog(walked) -> None:
    _, (code_home, home), (code_catalog, catalog) = walked
    assert set(_by_path(home)) == set(_by_path(catalog))
    assert (code_home, home["verdict"], home["score"]) == (code_catalog, catalog["verdict"], catalog["score"])


def test_blank_columns_are_the_real_ones_and_every_column_says_how_it_was_found(walked) -> None:
    name, (_, home), _ = walked
    blank_found = {f["url"] and normal_path(f["url"]) for f in home["findings"] if f["rule"] == "column-blank"}
    truly_blank = {normal_path(t.path) for t in list_columns(name) if t.blank}
    listed = {normal_path(t.path): t for t in list_columns(name)}
    assert not {p for p in blank_found if p in listed and not listed[p].blank}, "a column with entries judged blank"
    assert truly_blank <= blank_found | {p for p, c in _by_path(home).items() if c["entries"] == 0}
    assert all(c["found"] in ("catalog", "menu", "more", "frame") for c in home["columns"])


def test_footer_identifiers_as_shown(walked) -> None:
    """cwl shows 京ICP备13026484 (no 号), a 公安备案 and the mark's slot; cyqn a 12-digit 京公网安备 only."""
    name, (_, home), _ = walked
    missing = next((f["evidence"].get("missing", []) for f in home["findings"]
                    if f["rule"] == "site-identifiers-missing"), [])
    assert "police" not in missing
    if name == "cwl":
        assert "icp" not in missing and "conac" not in missing
