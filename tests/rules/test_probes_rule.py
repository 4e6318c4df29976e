"""`site-unreachable` as the 19号 indicator says: a week of probes, 5% failures, figures as evidence;
with less data a warning saying how much was measured; one failed nightly fetch is no veto."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from helpers import run_cli
from probe_servers import Behaviour, serve
from rules_fixtures import AS_OF, HEALTHY, probed

from core.config import load_config
from core.dates import local_today
from patrol.probing import run_probes
from rules.engine import evaluate
from storage.probes import probe_row
from storage.store import Store

SHANGHAI = ZoneInfo("Asia/Shanghai")


def unreachable(site, as_of: date = AS_OF) -> list:
    return [f for f in evaluate(site, as_of).findings if f.rule == "site-unreachable"]


def test_a_site_down_4_percent_of_a_week_passes_and_6_percent_fails_with_the_figures() -> None:
    assert unreachable(replace(HEALTHY, availability=probed(2, 2, 2, 2, 2, 2, 2))) == []
    bad = replace(HEALTHY, availability=probed(3, 3, 3, 3, 3, 9, 0))
    [f] = unreachable(bad)
    assert f.severity == "veto" and f.evidence["provisional"] is False
    e = f.evidence
    assert (e["probes"], e["failures"], e["failure_pct"], e["needed"]) == (350, 24, 6.86, 140)
    assert e["worst_day"] == {"day": (AS_OF - timedelta(days=1)).isoformat(), "probes": 50, "failures": 9}
    assert e["causes"] == {"timeout": 24} and e["window"] == [(AS_OF - timedelta(days=6)).isoformat(),
                                                              AS_OF.isoformat()]
    assert "探测首页350次，失败24次（6.9%）" in f.message and "超时 24次" in f.message
    ev = evaluate(bad, AS_OF)
    assert ev.verdict == "fail" and ev.score == 100.0  # the veto fails it; the rest was judged as usual


def test_exactly_5_percent_is_a_veto() -> None:
    [f] = unreachable(replace(HEALTHY, availability=probed(1, 1, 1, 1, 1, 1, 1, probes=20)))
    assert f.severity == "veto" and f.evidence["failure_pct"] == 5.0


def test_too_few_probes_warn_with_how_much_was_measured() -> None:
    [f] = unreachable(replace(HEALTHY, availability=probed(2, 2, 2, 2, 2, 2, probes=20)))  # 6 days × 20
    assert f.severity == "warn" and f.evidence["probes"] == 120 and f.evidence["provisional"] is True
    assert "探测首页120次" in f.message and "还差20次" in f.message and "不作单项否决" in f.message
    assert evaluate(replace(HEALTHY, availability=probed(2, 2, 2, 2, 2, 2, probes=20)), AS_OF).verdict == "pass"


def test_probes_older_than_the_window_do_not_count() -> None:
    eight_days = probed(50, 0, 0, 0, 0, 0, 0, 0)  # the failures are 7 days before AS_OF
    assert unreachable(replace(HEALTHY, availability=eight_days)) == []


def test_waf_answers_are_neither_failures_nor_measurements() -> None:
    blocked = probed(0, 0, 0, 0, 0, 0, 0, probes=50, blocked=40)  # 70 real probes, all fine
    assert unreachable(replace(HEALTHY, availability=blocked)) == []
    some = probed(2, 2, 2, 2, 2, 2, 2, probes=50, blocked=40)
    [f] = unreachable(replace(HEALTHY, availability=some))
    assert f.severity == "warn" and f.evidence["probes"] == 70 and f.evidence["blocked"] == 280
    assert "280次被网站防火墙拦截（不计）" in f.message


def test_one_failed_nightly_fetch_is_no_veto() -> None:
    down = replace(HEALTHY, status=0, error="超时")
    for availability, words in ((None, "尚无可用性探测记录"), (probed(0, 0, 0, 0, 0, 0, 1), "失败占比未达5%")):
        ev = evaluate(replace(down, availability=availability), AS_OF)
        [f] = ev.findings
        assert (f.rule, f.severity, ev.verdict, ev.score) == ("site-unreachable", "warn", "unchecked", None)
        assert words in f.message and "本次巡查时网站首页无法访问（超时）" in f.message


def test_a_failed_nightly_fetch_after_a_bad_week_is_the_veto() -> None:
    ev = evaluate(replace(HEALTHY, status=503, availability=probed(3, 3, 3, 3, 3, 3, 3)), AS_OF)
    [f] = ev.findings
    assert f.severity == "veto" and (ev.verdict, ev.score) == ("fail", 0.0)
    assert f.evidence["status"] == 503 and f.evidence["probes"] == 350


def test_the_window_is_read_from_stored_probe_rows_as_of_a_date(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    rows = []
    for day in range(10):  # 10 days up to AS_OF, 24 probes a day; 3 failures a day in the oldest 3
        start = datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=SHANGHAI) - timedelta(days=9 - day)
        for i in range(24):
            failed = day < 3 and i < 3
            rows.append(probe_row("清河市水利局", "home", "http://127.0.0.1:9/",
                                  (start + timedelta(hours=i, minutes=7)).timestamp(), 15.0 if failed else 0.1,
                                  0 if failed else 200, "fail" if failed else "ok", "timeout" if failed else None,
                                  "超时" if failed else None, None, SHANGHAI))
    with Store(db) as store:
        store.register_site("清河市水利局", "http://127.0.0.1:9/")
        store.add_probes(rows)
        now = store.availability("清河市水利局", AS_OF)
        then = store.availability("清河市水利局", AS_OF - timedelta(days=3))
        assert store.availability("没有探测的网站", AS_OF) is None
    assert len(now.days) == 10 and sum(d.failures for d in now.days) == 9
    assert unreachable(replace(HEALTHY, availability=now)) == []  # the bad days fell out of the window
    # 3 days earlier they were in it: 9/168 = 5.4%
    [f] = unreachable(replace(HEALTHY, availability=then), AS_OF - timedelta(days=3))
    assert f.severity == "veto" and (f.evidence["probes"], f.evidence["failures"]) == (168, 9)


def _findings(db: Path, site: str) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {r["rule"]: dict(r) for r in conn.execute("SELECT * FROM findings WHERE site = ?", (site,))}
    finally:
        conn.close()


def test_probes_filled_by_the_real_prober_veto_in_a_real_run(tmp_path: Path) -> None:
    """150 probes each of a home page failing every 10th request (10%) and one failing every 25th (4%)."""
    with serve(Behaviour(fail_every=10)) as bad, serve(Behaviour(fail_every=25)) as fair:
        path = tmp_path / "sites.toml"
        path.write_text(f'database = "{tmp_path / "patrol.db"}"\n[probe]\ntimeout = 1\ndelay = 0\n'
                        f'[[sites]]\nname = "清河市水利局"\nurl = "{bad}"\n'
                        f'[[sites]]\nname = "清河市统计局"\nurl = "{fair}"\n', encoding="utf-8")
        config = load_config(path)
        for _ in range(150):
            run_probes(config, config.database)
        today = local_today(config.schedule.timezone).isoformat()  # probes count days in the office's zone
        result = run_cli("run", "--config", str(path), "--as-of", today, "--quiet", cwd=tmp_path)
    assert result.code == 1, result.stderr
    f = _findings(tmp_path / "patrol.db", "清河市水利局")["site-unreachable"]
    assert f["severity"] == "veto" and "探测首页150次，失败15次（10.0%）" in f["message"]
    assert "HTTP 5xx 15次" in f["message"]
    assert "site-unreachable" not in _findings(tmp_path / "patrol.db", "清河市统计局")
