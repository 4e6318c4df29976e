"""`patrol serve` over a database filled by a real demo crawl and a real notify: overview, views, exports.

The server is the real CLI in a child process on an ephemeral loopback port; the database file must come
out of it byte for byte unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from helpers import AS_OF
from served_web import file_sha, get

from patrol.demo.server import DemoPortals

LATER = "2026-12-01"  # past the 5-workday 整改 deadline of the notices issued on AS_OF


def rows(base: str, view: str, **params: str) -> list[dict]:
    status, kind, body = get(base, f"/patrol/{view}.json", _shape="array", **params)
    assert status == 200 and "json" in kind
    return json.loads(body)


def db_rows(db: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_overview_shows_latest_run_league_stale_sites_and_charts(server, portals: DemoPortals) -> None:
    base, db, _ = server
    status, _, page = get(base, "/", as_of=AS_OF.isoformat())
    assert status == 200 and "巡查总览" in page and "单位排名" in page
    (pages,) = db_rows(db, "SELECT pages FROM runs ORDER BY id DESC LIMIT 1")[0]
    assert f"抓取页面 {pages} 个" in page and f"基准日 {AS_OF.isoformat()}" in page
    league = page.split('id="league"')[1].split("</table>")[0]
    for site in portals.sites:
        assert site.unit in league
    assert "不合格" in league and "未能检查" in league  # 柳镇 fails; the blocked 公安局 could not be checked
    assert page.count('class="mark"') >= 3, "the weekly charts and the families chart have marks"
    assert 'data-label="11-16"' in page  # the week of 2026-11-16 in the trend charts
    # judged three weeks later, every site's data is older than max_data_age_days (2): all stale
    _, _, later = get(base, "/", as_of="2026-12-11")
    stale = later.split('id="stale-sites"')[1].split("</ul>")[0]
    assert all(site.name in stale for site in portals.sites)


def test_league_matches_the_stored_evaluations(server) -> None:
    base, db, _ = server
    league = {r["单位"]: r for r in rows(base, "league", as_of=AS_OF.isoformat())}
    stored = db_rows(db, "SELECT s.unit, e.verdict, e.score FROM evaluations e JOIN sites s ON s.name = e.site")
    names = {"pass": "合格", "fail": "不合格", "unchecked": "未能检查"}
    assert set(league) == {u for u, _, _ in stored}
    for unit, verdict, score in stored:  # one site per demo unit
        assert league[unit]["结论"] == names[verdict] and league[unit]["得分"] == score
    ranked = [r for r in league.values() if r["排名"] is not None]
    assert sorted(r["排名"] for r in ranked) == list(range(1, len(ranked) + 1))
    assert league["清河市公安局"]["排名"] is None


def test_open_findings_view_and_csv_export(server) -> None:
    base, db, _ = server
    found = rows(base, "open_findings", as_of=AS_OF.isoformat(), unit="")
    stored = db_rows(db, "SELECT key, url FROM findings WHERE state IN ('new', 'open', 'reopened') "
                         "AND exempt_reason IS NULL")
    assert {r["问题编号"] for r in found} == {k for k, _ in stored} and found
    assert all(r["已持续天数"] == 0 for r in found)  # all first seen on AS_OF
    assert any(r["证据链接"] and r["证据链接"].startswith("http://127.0.0.1:") for r in found)
    assert {r["类别"] for r in found} <= {"单项否决", "扣分", "预警"}
    one = rows(base, "open_findings", as_of=AS_OF.isoformat(), unit="清河县柳镇人民政府")
    assert one and {r["单位"] for r in one} == {"清河县柳镇人民政府"}
    status, kind, text = get(base, "/patrol/open_findings.csv", as_of=AS_OF.isoformat(), unit="")
    assert status == 200 and ("csv" in kind or "text/plain" in kind)
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["单位", "站点", "栏目"] and len(table) == len(found) + 1


def test_columns_status_against_the_demo_truth(server, portals: DemoPortals) -> None:
    base, _, _ = server
    got = {(r["站点"], r["栏目"]): r for r in rows(base, "columns_status", as_of=AS_OF.isoformat(), site="")}
    checked = 0
    for site in portals.expected().values():
        for name, col in site["columns"].items():
            if col["kind"] != "list" or (site["name"], name) not in got:
                continue
            row = got[(site["name"], name)]
            assert row["最新日期"] == col["latest"], (site["name"], name)
            if col["latest"] is None and col["entries"] == 0:
                assert row["状态"] == "空白"
            elif row["更新时限"] is not None and row["距今天数"] > row["更新时限"]:
                assert row["状态"] == "超期"
            checked += 1
    assert checked >= 30
    dynamic = [r for r in got.values() if r["类别"] == "动态要闻"]
    assert dynamic and all(r["更新时限"] == 14 for r in dynamic)


def test_overdue_and_notices_views_after_a_real_notify(server) -> None:
    base, db, _ = server
    assert rows(base, "overdue", as_of=AS_OF.isoformat()) == []  # deadlines lie ahead on the notice day
    late = rows(base, "overdue", as_of=LATER)
    with_deadline = db_rows(db, "SELECT DISTINCT n.key FROM notice_items n JOIN findings f ON f.key = n.key "
                                "WHERE n.deadline IS NOT NULL AND n.deadline < ? AND f.state != 'fixed'", LATER)
    assert late and {r["问题编号"] for r in late} == {k for (k,) in with_deadline}
    assert all(r["情况"] == "逾期未整改" and r["逾期天数"] > 0 for r in late)
    league = rows(base, "league", as_of=LATER)
    assert sum(r["逾期未改"] for r in league) == len(late)
    sent = rows(base, "notices_log", unit="")
    stored = db_rows(db, "SELECT unit, channel, status FROM notices")
    assert len(sent) == len(stored)
    assert {r["结果"] for r in sent} <= {"已送达", "已生成", "已生成（未送达）", "发送失败", "待发送"}
    assert all(r["结果"] != "已送达" for r in sent if r["渠道"] == "文件")  # files are generated, not delivered
    assert any(r["渠道"] == "邮件" and r["发送对象"] != "—" for r in sent)


def test_chinese_titles_hidden_tables_site_page_and_read_only(server) -> None:
    base, db, before = server
    _, _, listing = get(base, "/patrol.json")
    tables = {t["name"]: t for t in json.loads(listing)["tables"]}
    assert all(tables[t]["hidden"] for t in ("pages", "notice_items", "schedule_log"))
    assert not tables["findings"]["hidden"]
    _, _, page = get(base, "/patrol/findings")
    assert "<h1" in page and "问题" in page and "巡查发现的问题" in page
    _, _, queries = get(base, "/patrol")
    for title in ("问题清单", "栏目更新情况", "整改跟踪", "通报记录"):
        assert title in queries
    assert "availability" in queries  # 可用性 per site and week, from the probes table
    status, _, site = get(base, _site_path("清河县柳镇人民政府"), as_of=AS_OF.isoformat())
    assert status == 200 and "data-window=" in site and "超期" in site
    # findings name their site without a declared key: the cell links to the site's page
    _, _, findings = get(base, "/patrol/findings")
    assert "/-/patrol/site/" in findings
    assert file_sha(db) == before, "serving must not modify the database file"


def _site_path(name: str) -> str:
    from datasette.utils import tilde_encode

    return "/-/patrol/site/" + tilde_encode(name)
