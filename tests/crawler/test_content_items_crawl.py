"""content-item-missing and consultation-stale end to end: the catalog a crawl of a fixture portal on 127.0.0.1
finds, against the items 《政府信息公开条例》第二十条 asks of a department, and its 在线访谈 / 民意征集 columns."""

from __future__ import annotations

import indicator_portals as ip
import shaped_portals as sp
from helpers import AS_OF, run_cli


def check(url: str, *extra: str) -> dict:
    (out,) = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json", *extra).json_lines()
    return out


def by_rule(out: dict, rule: str) -> list[dict]:
    return [f for f in out["findings"] if f["rule"] == rule]


def test_a_catalog_missing_two_items_names_them() -> None:
    with sp.serve(ip.indicator_pages(AS_OF, columns=[("jgzn", "机构职能"), ("gfxwj", "规范性文件")])) as base:
        out = check(base)
    assert {"机构职能", "规范性文件"} <= {c["name"] for c in out["columns"]}
    (finding,) = by_rule(out, "content-item-missing")
    assert [i["item"] for i in finding["evidence"]["items"]] == ["规划计划", "财政预决算"]
    assert finding["evidence"]["kind"] == "department" and finding["evidence"]["more"] == 1
    assert "规划计划、财政预决算" in finding["message"]


def test_a_catalog_with_the_items_under_other_names_passes() -> None:
    columns = [("jgzn", "机构概况"), ("zcwj", "政策文件"), ("ghjh", "发展规划"), ("czyjs", "部门预决算")]
    with sp.serve(ip.indicator_pages(AS_OF, columns=columns)) as base:
        out = check(base)
    assert {"机构概况", "部门预决算"} <= {c["name"] for c in out["columns"]}
    assert by_rule(out, "content-item-missing") == []


def test_an_interview_column_last_held_over_a_year_ago_is_stale() -> None:
    columns = [("zxft", "在线访谈", 400), ("mydc", "民意征集", 30)]
    with sp.serve(ip.indicator_pages(AS_OF, columns=columns)) as base:
        out = check(base)
    (stale,) = by_rule(out, "consultation-stale")
    assert stale["column"] == "在线访谈" and stale["evidence"]["latest"] == "2025-10-16"
    assert stale["evidence"]["kind"] == "在线访谈" and "一年内未开展在线访谈" in stale["message"]
