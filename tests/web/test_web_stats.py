"""`patrol stats --year` on a real demo crawl, checked against counts computed from the demo portals' truth."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
from helpers import AS_OF, invoke_cli

from patrol.demo.server import DemoPortals


def truth(portals: DemoPortals, year: int) -> tuple[dict[tuple[str, str], Counter], dict[str, int]]:
    """Per (site, column) month counts and per unit totals (a URL once per site), from the demo specs."""
    columns: dict[tuple[str, str], Counter] = {}
    units: Counter = Counter()
    for site in portals.sites:
        if site.spec is None:  # the unreachable and the blocked unit publish nothing Patrol can see
            continue
        seen: set[str] = set()
        for col in portals.style(site.key).site.columns:
            if col.kind != "list":
                continue
            months = Counter()
            for e in col.entries:
                if e.date and e.date.year == year and e.date <= AS_OF:
                    months[e.date.month] += 1
                    if e.path not in seen:
                        seen.add(e.path)
                        units[site.unit] += 1
            columns[(site.name, col.name)] = months
    return columns, dict(units)


def test_stats_counts_match_the_demo_truth(crawled: tuple[Path, object], portals: DemoPortals,
                                           tmp_path: Path) -> None:
    db = crawled[0]
    out = tmp_path / "stats.xlsx"
    result = invoke_cli("stats", "--year", str(AS_OF.year), "--db", str(db), "--json", "--xlsx", str(out),
                     cwd=tmp_path)
    assert result.code == 0, result.stderr
    (data,) = result.json_lines()
    columns, units = truth(portals, AS_OF.year)
    assert {u: c["total"] for u, c in data["units"].items() if c["total"]} == {u: n for u, n in units.items() if n}
    assert data["total"]["total"] == sum(units.values())
    got = {(c["site"], c["column"]): c for c in data["columns"]}
    compared = 0
    for key, months in columns.items():
        if key not in got:
            continue
        assert got[key]["months"] == [months.get(m, 0) for m in range(1, 13)], key
        compared += 1
    assert compared >= 30
    assert data["first_run"] == data["last_run"] == AS_OF.isoformat() and data["months_covered"] == AS_OF.month
    assert data["headline"].startswith(f"{AS_OF.year}年公开目录信息更新{sum(units.values())}条，其中")
    blank = [c for c in data["columns"] if c["blank"]]
    assert blank and all(c["total"] == 0 and len(c["empty_months"]) == AS_OF.month for c in blank)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "按月", "按栏目"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][0] == data["headline"]
    assert ("合计", sum(units.values())) == summary[-1][:2]


def test_stats_table_and_help_state_the_rule(crawled: tuple[Path, object], tmp_path: Path) -> None:
    result = invoke_cli("stats", "--year", str(AS_OF.year), "--db", str(crawled[0]), cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert "公开目录信息更新" in result.stdout and "统计范围" in result.stdout and "按栏目" in result.stdout
    assert "计数规则" in invoke_cli("stats", "--help").stdout
    none = invoke_cli("stats", "--year", str(AS_OF.year + 1), "--db", str(crawled[0]), cwd=tmp_path)
    assert none.code == 1 and "没有" in none.stderr and "无法统计" in none.stderr and not none.stdout
