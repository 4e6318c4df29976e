"""service-guide-incomplete end to end: the crawl follows the home page's 政务服务 entry of a fixture portal on
127.0.0.1 to a sample of its 办事指南 and reads their key elements."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import indicator_portals as ip
import shaped_portals as sp
from helpers import AS_OF, run_cli


def check(url: str, *extra: str) -> dict:
    (out,) = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json", *extra).json_lines()
    return out


def by_rule(out: dict, rule: str) -> list[dict]:
    return [f for f in out["findings"] if f["rule"] == rule]


def test_a_guide_without_its_basis_and_hours_is_listed_with_what_it_lacks() -> None:
    with sp.serve(ip.indicator_pages(AS_OF, hall="incomplete")) as base:
        out = check(base)
    (finding,) = by_rule(out, "service-guide-incomplete")
    ev = finding["evidence"]
    assert ev["guides"] == [{"name": "个体工商户设立登记办事指南", "url": f"{base}bsfw/zn/2.html",
                             "missing": ["设定依据", "办理时间"]}]
    assert ev["elements"] == ["设定依据", "办理时间"] and ev["read"] == 2 and ev["provisional"] is True
    assert finding["severity"] == "deduct" and finding["url"] == f"{base}bsfw/"
    assert "暂定" in finding["message"] and "个体工商户设立登记办事指南" in finding["message"]


def test_complete_guides_pass_and_no_hall_means_no_verdict() -> None:
    with sp.serve(ip.indicator_pages(AS_OF, hall="complete")) as base:
        out = check(base)
    assert by_rule(out, "service-guide-incomplete") == []
    with sp.serve(ip.indicator_pages(AS_OF)) as base:
        out = check(base)
    assert by_rule(out, "service-guide-incomplete") == []


def test_the_sample_parameter_bounds_the_guides_read(tmp_path: Path) -> None:
    log: list[str] = []  # the crawl's own walk may list the guides too: the sample bounds what is judged
    db = tmp_path / "patrol.db"
    with sp.serve(ip.indicator_pages(AS_OF, hall="incomplete"), log) as base:
        config = tmp_path / "sites.toml"
        config.write_text(f'database = "{db}"\n[crawl]\ndelay = 0.0\nretries = 0\ncheck_links = false\n'
                          '[rules.service-guide-incomplete]\nsample = 1\n[[units]]\nname = "清河市市场监督管理局"\n'
                          f'[[sites]]\nname = "市场监管局网站"\nurl = "{base}"\nunit = "清河市市场监督管理局"\n',
                          encoding="utf-8")
        result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet")
    assert result.code in (0, 1), result.stderr
    assert any("/bsfw/zn/1.html" in line for line in log)
    facts = json.loads(sqlite3.connect(db).execute("SELECT facts FROM sites").fetchone()[0])
    assert [g["name"] for g in facts["service_guides"]["guides"]] == ["食品经营许可办事指南"]
    assert facts["service_guides"]["guides"][0]["found"] == ip.GUIDE_ELEMENT_NAMES
