"""Availability probes over real HTTP on 127.0.0.1: failure classes, the `patrol probe` command, the
probes table and the per-day availability view."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import invoke_cli, run_cli
from probe_servers import Behaviour, refused_url, serve

from crawler.probe import Target, probe, probe_all
from patrol.probing import is_due, slots


def test_each_failure_has_its_class_and_a_waf_page_is_no_failure() -> None:
    seen = {}
    for mode in ("ok", "slow", "drop", "waf"):
        with serve(Behaviour(mode=mode, slow_s=1.0)) as url:
            seen[mode] = probe(Target("s", url), timeout=0.4)
    assert (seen["ok"].outcome, seen["ok"].status) == ("ok", 200)
    assert (seen["slow"].outcome, seen["slow"].cause, seen["slow"].status) == ("fail", "timeout", 0)
    assert 0.35 <= seen["slow"].elapsed < 0.9 and "0.4秒内未打开" in seen["slow"].error
    assert (seen["drop"].outcome, seen["drop"].cause) == ("fail", "lost")
    assert (seen["waf"].outcome, seen["waf"].cause, seen["waf"].status) == ("blocked", None, 403)
    assert "安全狗" in seen["waf"].error
    gone = probe(Target("s", refused_url()), timeout=0.4)
    assert (gone.outcome, gone.cause) == ("fail", "refused") and "连接被拒绝" in gone.error


def test_a_slow_but_timely_answer_opens() -> None:
    with serve(Behaviour(mode="slow", slow_s=0.2)) as url:
        got = probe(Target("s", url), timeout=1.0)
    assert got.outcome == "ok" and got.elapsed >= 0.2


def test_one_host_is_probed_one_request_at_a_time() -> None:
    with serve(Behaviour(mode="slow", slow_s=0.15)) as url:
        results = probe_all([Target("a", url), Target("a", url + "xxgk/", "catalog")], timeout=2, delay=0.1)
    first, second = sorted(results, key=lambda r: r.started)
    assert second.started >= first.started + first.elapsed + 0.1 - 0.01  # waited for the first, then the delay


def _config(tmp: Path, sites: dict[str, str], timeout: float = 0.4) -> Path:
    lines = [f'database = "{tmp / "patrol.db"}"', "[probe]", f"timeout = {timeout}", "delay = 0"]
    for name, url in sites.items():
        lines += ["[[sites]]", f'name = "{name}"', f'url = "{url}"']
    path = tmp / "sites.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(db: Path, sql: str) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def test_patrol_probe_records_every_probe_and_the_day_view_sums_them(tmp_path: Path) -> None:
    with serve(Behaviour(fail_every=4)) as flaky, serve(Behaviour(mode="waf")) as waf, \
            serve(Behaviour(mode="slow", slow_s=1.0)) as slow:
        config = _config(tmp_path, {"清河市水利局": flaky, "清河市统计局": waf, "清河市档案馆": slow,
                                    "清河市地方志办公室": refused_url()})
        codes = [run_cli("probe", "--config", str(config), cwd=tmp_path).code for _ in range(4)]
    assert codes == [1, 1, 1, 1]  # something failed every time (the refused and the slow site)
    rows = _rows(tmp_path / "patrol.db", "SELECT * FROM probes ORDER BY id")
    assert len(rows) == 16
    by_site: dict[str, list[dict]] = {}
    for r in rows:
        by_site.setdefault(r["site"], []).append(r)
    assert [r["outcome"] for r in by_site["清河市水利局"]] == ["ok", "ok", "ok", "fail"]
    assert by_site["清河市水利局"][3]["status"] == 503 and by_site["清河市水利局"][3]["cause"] == "http-5xx"
    assert {r["outcome"] for r in by_site["清河市统计局"]} == {"blocked"}
    assert {r["cause"] for r in by_site["清河市档案馆"]} == {"timeout"}
    assert all(r["elapsed"] < 1.0 for r in by_site["清河市档案馆"])
    assert {r["cause"] for r in by_site["清河市地方志办公室"]} == {"refused"}
    assert all(r["target"] == "home" and r["day"] == r["at"][:10] for r in rows)
    view = {r["site"]: r for r in _rows(tmp_path / "patrol.db", "SELECT * FROM availability")}
    assert (view["清河市水利局"]["probes"], view["清河市水利局"]["failures"]) == (4, 1)
    assert view["清河市水利局"]["failure_pct"] == 25.0
    assert (view["清河市统计局"]["blocked"], view["清河市统计局"]["failures"]) == (4, 0)
    assert view["清河市统计局"]["failure_pct"] is None  # nothing measured: the WAF answered every time
    assert view["清河市档案馆"]["failure_pct"] == 100.0


def test_probe_of_one_site_and_the_chinese_table(tmp_path: Path) -> None:
    with serve(Behaviour()) as ok:
        config = _config(tmp_path, {"清河市水利局": ok, "清河市地方志办公室": refused_url()})
        result = run_cli("probe", "--config", str(config), "--site", "清河市水利局", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert "探测 1 次：正常 1，失败 0" in result.stdout and "首页" in result.stdout
    assert invoke_cli("probe", "--config", str(config), "--site", "不存在", cwd=tmp_path).code == 2


def test_slots_spread_sites_and_due_fires_once_per_slot() -> None:
    phases = {slots(f"站点{i}", 24).phase for i in range(200)}
    assert len(phases) == 200 and max(phases) - min(phases) > 3000  # spread over the hour-long period
    s = slots("清河市水利局", 24)
    start = s.start(1000)
    assert is_due("清河市水利局", start - 10, start + 1, 24, 300)  # the previous slot had the last probe
    assert not is_due("清河市水利局", start + 1, start + 200, 24, 300)  # this slot has it already
    assert is_due("清河市水利局", None, start + 100, 24, 300)  # first probe: in its slot's first ticks
    assert not is_due("清河市水利局", None, start + 1000, 24, 300)  # …not at once, whenever started


def test_the_scheduler_probes_every_slot_while_an_inspection_holds_the_lock(tmp_path: Path) -> None:
    """Compressed clock: a "day" of 43200 two-second slots, a tick a second, through the real scheduler,
    while the inspection lock is held as by a nightly crawl."""
    import time

    import scheduler
    from core.config import load_config
    from patrol.probing import slots
    from storage.lock import inspection_lock

    with serve(Behaviour()) as a, serve(Behaviour()) as b:
        path = _config(tmp_path, {"清河市水利局": a, "清河市统计局": b})
        with path.open("a", encoding="utf-8") as f:
            f.write(f'[schedule]\nprobe_every_seconds = 1\nprobes_per_day = 43200\nlog_file = "{tmp_path / "s.log"}"\n')
        config = load_config(path)
        db = config.database
        specs = [s for s in scheduler.job_specs(config, path) if s.id == "probe"]
        with inspection_lock(db):
            sched = scheduler.build_scheduler(config, db, specs)
            sched.resume()
            try:
                time.sleep(7.5)
            finally:
                sched.shutdown(wait=True)  # (scheduler.stop would leave its stop flag set for later tests)
    rows = _rows(Path(db), "SELECT site, ts FROM probes ORDER BY ts")
    for site in ("清河市水利局", "清河市统计局"):
        taken = [r["ts"] for r in rows if r["site"] == site]
        indexes = [slots(site, 43200).index(ts) for ts in taken]
        assert 2 <= len(taken) <= 5, taken
        assert len(set(indexes)) == len(indexes)  # one probe per slot, never two
    log = _rows(Path(db), "SELECT job, status FROM schedule_log")
    assert log and {r["job"] for r in log} == {"probe"} and "skipped" not in {r["status"] for r in log}
