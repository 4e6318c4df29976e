"""`patrol check URL`: the design.md JSON contract, verdicts per CMS family, errors and exit codes."""

from __future__ import annotations

import pytest
from helpers import AS_OF, run_cli

from patrol.demo.server import DemoPortals

COLUMN_KEYS = {"name", "url", "category", "kind", "entries", "latest", "found", "parent"}
REDIRECT_KEYS = {"final_url", "redirects"}  # present only when the page redirected
FINDING_KEYS = {"rule", "severity", "column", "url", "message", "evidence"}


def check(url: str) -> tuple[int, dict]:
    result = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json")
    lines = result.json_lines()
    assert len(lines) == 1, result.stdout + result.stderr
    return result.code, lines[0]


@pytest.mark.parametrize(("key", "verdict"), [("qinghe", "pass"), ("fgw", "pass"), ("czj", "pass"),
                                              ("liuzhen", "fail")])
def test_check_contract_and_verdict_per_cms_family(portals: DemoPortals, key: str, verdict: str) -> None:
    truth = portals.expected()[key]
    code, out = check(truth["url"])
    assert set(out) == {"site", "as_of", "verdict", "score", "columns", "findings", "skipped", "probes"}
    assert out["probes"]["probes"] == 3 and out["probes"]["failures"] == 0 and out["probes"]["failure_pct"] == 0
    assert {k: out["site"][k] for k in ("url", "name")} == {"url": truth["url"], "name": truth["name"]}
    if truth["final_url"] != truth["url"]:  # the home page redirects: followed, chain kept
        assert out["site"]["final_url"] == truth["final_url"]
        assert [h["to"] for h in out["site"]["redirects"]] == [truth["final_url"]]
    else:
        assert set(out["site"]) == {"url", "name"}
    assert out["as_of"] == AS_OF.isoformat()
    assert out["verdict"] == verdict and code == (0 if verdict == "pass" else 1)
    assert isinstance(out["score"], float) and 0 <= out["score"] <= 100
    assert (out["score"] >= 60) == (verdict == "pass") or any(f["severity"] == "veto" for f in out["findings"])
    columns = {c["name"]: c for c in out["columns"]}
    for column in out["columns"]:
        assert COLUMN_KEYS <= set(column) <= COLUMN_KEYS | REDIRECT_KEYS
    for name, col in truth["columns"].items():
        got = columns[name]
        assert got["url"] == col["url"] and got["kind"] == col["kind"]
        assert got.get("final_url", got["url"]) == col["final_url"], name
        if col["kind"] == "list":
            assert got["entries"] == col["entries"], name
            assert got["latest"] == col["latest"], name
        if col["category_hint"] != "none":
            assert got["category"] == col["category_hint"], name
    for finding in out["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in ("veto", "deduct", "warn")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding["message"])


def test_lagging_unit_gets_the_expected_findings(portals: DemoPortals) -> None:
    truth = portals.expected()["liuzhen"]
    _, out = check(truth["url"])
    rules = {(f["rule"], f["column"]) for f in out["findings"]}
    assert ("column-stale", "工作动态") in rules
    assert ("column-blank", "人事信息") in rules and ("column-stale", "人事信息") not in rules
    assert ("column-missing", None) in {(r, None) for r, _ in rules if r == "column-missing"}
    assert ("home-stale", None) in rules
    assert ("site-identifiers-missing", None) in rules
    stale = next(f for f in out["findings"] if f["rule"] == "column-stale" and f["column"] == "工作动态")
    assert stale["evidence"]["latest"] == truth["columns"]["工作动态"]["latest"]
    assert stale["evidence"]["limit_days"] == 14
    assert "工作动态栏目最近更新于" in stale["message"]


def test_unreachable_site_is_a_failing_finding_not_a_traceback(portals: DemoPortals) -> None:
    code, out = check(portals.unreachable.url)
    assert code == 1 and out["verdict"] == "unchecked"  # a one-shot check has no week of probes: no veto
    assert [f["rule"] for f in out["findings"]] == ["site-unreachable"]
    assert out["findings"][0]["evidence"]["provisional"] is True
    assert out["findings"][0]["severity"] == "warn" and "尚无可用性探测记录" in out["findings"][0]["message"]
    # the short probe series says what it saw, and plainly that the veto needs a week of probes
    assert {k: out["probes"][k] for k in ("probes", "failures", "failure_pct", "causes")} == \
        {"probes": 3, "failures": 3, "failure_pct": 100.0, "causes": {"refused": 3}}
    assert "连续监测7天" in out["probes"]["note"]


def test_check_probes_as_asked_and_says_the_veto_needs_a_week(portals: DemoPortals) -> None:
    result = run_cli("check", portals.unreachable.url, "--as-of", AS_OF.isoformat(), "--probes", "2",
                     "--probe-interval", "0.2")
    assert result.code == 1
    assert "首页可用性探测：2次（间隔0.2秒），失败2次（100%：连接被拒绝 2次）" in result.stdout
    assert "单项否决须连续监测7天、每天探测20次以上" in result.stdout
    quiet = run_cli("check", portals.unreachable.url, "--as-of", AS_OF.isoformat(), "--probes", "0", "--json")
    assert quiet.json_lines()[0]["probes"] is None


def test_malformed_url_exits_2_with_a_chinese_message() -> None:
    result = run_cli("check", "www.example.gov.cn")
    assert result.code == 2
    assert "网址无效" in result.stderr and "Traceback" not in result.stderr


def test_human_table_is_chinese(portals: DemoPortals) -> None:
    result = run_cli("check", portals.expected()["czj"]["url"], "--as-of", AS_OF.isoformat())
    assert result.code == 0
    assert "结论：合格" in result.stdout and "栏目" in result.stdout and "最近更新" in result.stdout
