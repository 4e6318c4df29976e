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


def test_the_web_views_reply_figures_are_those_of_patrol_stats(tmp_path: Path) -> None:
    """留言办理情况 in the web view and `patrol stats --json` give the same received, answered, rate and median
    per unit, on a real database with messages of two units (an exempt 网上信访 channel and another year's
    message left out)."""
    import asyncio
    import sqlite3

    from storage import Store
    from web.app import build
    from web.interaction_stats import year_replies

    db = tmp_path / "patrol.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.executescript("""
        INSERT INTO units (name) VALUES ('清河市教育局'), ('清河县柳镇人民政府');
        INSERT INTO sites (name, url, unit, kind) VALUES
          ('清河市教育局', 'http://127.0.0.1:9/', '清河市教育局', 'department'),
          ('清河县柳镇人民政府', 'http://127.0.0.1:10/', '清河县柳镇人民政府', 'government');
        INSERT INTO messages (id, site, column_name, kind, title, asked, replied, state, days) VALUES
          ('a', '清河市教育局', '局长信箱', 'channel', '学位咨询', '2026-03-01', '2026-03-04', 'answered', 3),
          ('b', '清河市教育局', '局长信箱', 'channel', '校车线路', '2026-05-01', '2026-05-11', 'answered', 10),
          ('c', '清河市教育局', '局长信箱', 'channel', '食堂收费', '2026-06-01', NULL, 'unanswered', NULL),
          ('d', '清河市教育局', '网上信访', 'exempt', '信访件', '2026-06-01', NULL, 'unanswered', NULL),
          ('e', '清河县柳镇人民政府', '镇长信箱', 'channel', '道路维修', '2026-02-01', NULL, 'answered', NULL),
          ('f', '清河县柳镇人民政府', '镇长信箱', 'channel', '去年留言', '2025-12-30', NULL, 'unanswered', NULL);
    """)
    conn.commit()
    conn.close()

    async def view() -> list[dict]:
        response = await build(db).client.get("/patrol/message_replies.json?_shape=array&year=2026")
        assert response.status_code == 200, response.text
        return response.json()

    web = {r["单位"]: r for r in asyncio.run(view())}
    assert web["清河市教育局"]["收到留言"] == 3 and web["清河市教育局"]["已回复"] == 2
    assert web["清河市教育局"]["回复率（%）"] == 66.7 and web["清河市教育局"]["回复天数中位数"] == 6.5
    assert web["清河县柳镇人民政府"]["收到留言"] == 1 and web["清河县柳镇人民政府"]["回复天数中位数"] is None
    with sqlite3.connect(db) as conn:
        figures = year_replies(conn, 2026)  # what `patrol stats` prints
    assert {u: (r.received, r.answered, r.reply_rate, r.median_days) for u, r in figures.items()} == {
        u: (r["收到留言"], r["已回复"], r["回复率（%）"], r["回复天数中位数"]) for u, r in web.items()}
