"""The indicators of issue 20 end to end: a real crawl of a fixture portal on 127.0.0.1 into a real SQLite file,
then the rules, `patrol check` and `patrol stats --year`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import indicator_portals as ip
import shaped_portals as sp
from helpers import AS_OF, run_cli


def check(url: str, *extra: str) -> dict:
    result = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json", *extra)
    (out,) = result.json_lines()
    return out


def by_rule(out: dict, rule: str) -> list[dict]:
    return [f for f in out["findings"] if f["rule"] == rule]


def test_unanswered_mailbox_message_is_a_veto_and_the_petition_column_is_exempt() -> None:
    with sp.serve(ip.indicator_pages(AS_OF)) as base:
        out = check(base)
    assert by_rule(out, "interaction-channel-missing") == []
    (veto,) = by_rule(out, "interaction-unanswered")
    assert veto["severity"] == "veto" and out["verdict"] == "fail"
    listed = veto["evidence"]["messages"]
    # 小区停车: 未回复 for 120 days; 垃圾分类 (已回复, no date) and 公交线路 (办理中, 30 days) are no evidence;
    # 拆迁补偿 is in 网上信访
    assert [(m["title"], m["days"], m["state"]) for m in listed] == [("小区停车", 120, "未回复")]
    assert veto["evidence"]["count"] == 1 and veto["column"] == "领导信箱"
    assert "网上信访" not in veto["message"] and "小区停车" in veto["message"]
    assert by_rule(out, "search-missing") == []


def test_a_home_with_only_a_petition_link_has_no_channel() -> None:
    with sp.serve(ip.indicator_pages(AS_OF, channels=False)) as base:
        out = check(base)
    (missing,) = by_rule(out, "interaction-channel-missing")
    assert missing["evidence"]["exempt_channels"] == ["网上信访"] and "网上信访" in missing["message"]
    assert by_rule(out, "interaction-unanswered") == []  # the petition's overdue message is exempt


def test_written_date_beyond_twenty_working_days_across_national_day() -> None:
    with sp.serve(ip.indicator_pages(AS_OF)) as base:
        out = check(base, "--full")  # every entry page read, dated ones too
    (late,) = by_rule(out, "entry-published-late")
    ev = late["evidence"]
    assert (ev["written"], ev["published"]) == ("2026-09-28", "2026-11-18")
    assert ev["workdays"] > 20 and late["column"] == "通知公告"
    assert "成文日期2026-09-28" in late["message"]


def test_messages_and_written_dates_are_stored_and_counted_per_unit(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    with sp.serve(ip.indicator_pages(AS_OF)) as base:
        config = tmp_path / "sites.toml"
        config.write_text(f'database = "{db}"\n[crawl]\ndelay = 0.0\nconcurrency_per_host = 4\nretries = 0\n'
                          'check_links = false\n'
                          f'[[units]]\nname = "清河市市场监督管理局"\n[[sites]]\nname = "市场监管局网站"\n'
                          f'url = "{base}"\nunit = "清河市市场监督管理局"\n', encoding="utf-8")
        result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet")
    assert result.code in (0, 1), result.stderr
    con = sqlite3.connect(db)
    rows = con.execute("SELECT column_name, kind, title, state, days FROM messages").fetchall()
    assert ("领导信箱", "channel", "道路照明", "answered", 10) in rows
    assert ("网上信访", "exempt", "拆迁补偿", "unanswered", None) in rows
    assert len(rows) == len(ip.MAILBOX) + len(ip.PETITION)
    written = dict(con.execute("SELECT title, written FROM entries WHERE written IS NOT NULL").fetchall())
    assert sorted(written.values()) == ["2026-09-28", "2026-10-20"]
    stats = run_cli("stats", "--year", str(AS_OF.year), "--db", str(db), "--json", "--config", str(config))
    assert stats.code == 0, stats.stderr
    (data,) = stats.json_lines()
    unit = data["interaction"]["清河市市场监督管理局"]
    # within 2026 (网上信访 left out): 5 messages, 道路照明 (10 days), 学校周边交通 (58 days), 垃圾分类 (answered,
    # no date) answered; median of the days shown
    assert (unit["received"], unit["answered"]) == (5, 3)
    assert unit["reply_rate"] == 60.0 and unit["median_days"] == 34.0
    text = run_cli("stats", "--year", str(AS_OF.year), "--db", str(db), "--config", str(config))
    assert "留言办理" in text.stdout and "60.0%" in text.stdout


def test_service_entry_is_required_of_governments_only() -> None:
    from dataclasses import replace

    from indicators_fixtures import facts
    from rules_fixtures import AS_OF as FIXTURE_DAY

    from rules.engine import evaluate

    def fired(site) -> bool:
        return "service-missing" in {f.rule for f in evaluate(site, FIXTURE_DAY).findings}

    bare = facts(services=[])
    assert fired(replace(bare, kind="government"))
    assert not fired(bare)  # a department (交通运输局): scored without 办事服务 unless configured
    assert not fired(replace(bare, kind="government", facts=None))  # home page never read: no verdict
