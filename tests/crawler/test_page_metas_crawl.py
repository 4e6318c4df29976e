"""page-meta-missing end to end: the metas of the home page, the column pages and the entry pages a crawl of a
fixture portal on 127.0.0.1 reads, counted per tag."""

from __future__ import annotations

import indicator_portals as ip
import shaped_portals as sp
from helpers import AS_OF, run_cli


def check(url: str, *extra: str) -> dict:
    (out,) = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json", *extra).json_lines()
    return out


def by_rule(out: dict, rule: str) -> list[dict]:
    return [f for f in out["findings"] if f["rule"] == rule]


def test_pages_without_metas_are_counted_per_tag() -> None:
    with sp.serve(ip.indicator_pages(AS_OF)) as base:
        out = check(base, "--full")
    (finding,) = by_rule(out, "page-meta-missing")
    tags, sampled = finding["evidence"]["tags"], finding["evidence"]["sampled"]
    assert sampled["home"] == 1 and sampled["column"] >= 5 and sampled["article"] >= 2
    pages = sum(sampled.values())
    assert tags["SiteIDCode"]["missing"] == tags["SiteIDCode"]["pages"] == pages
    assert tags["ColumnType"]["pages"] == sampled["column"] and tags["PubDate"]["pages"] == sampled["article"]
    assert f"SiteIDCode（{pages}/{pages}页缺失）" in finding["message"]


def test_pages_with_their_metas_pass() -> None:
    with sp.serve(ip.indicator_pages(AS_OF, metas=True)) as base:
        out = check(base, "--full")
    assert by_rule(out, "page-meta-missing") == []
