"""The findings lifecycle: new → open → fixed → reopened, exemptions, and re-evaluation in one run."""

from __future__ import annotations

from datetime import date

import pytest

from core.config import parse_config
from rules.finding import Finding
from storage import Store

SITE = "清河市人民政府"
UNIT = "清河市政务公开办"
STALE = Finding("column-stale", "deduct", SITE, "工作动态栏目已23天未更新", column="工作动态",
                url="http://127.0.0.1:9/gzdt/", evidence={"latest": "2026-10-28", "limit_days": 14})
BLANK = Finding("column-blank", "deduct", SITE, "通知公告栏目为空白栏目", column="通知公告",
                url="http://127.0.0.1:9/tzgg/")
VETO = Finding("site-unreachable", "veto", SITE, "网站首页无法访问")


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "patrol.db") as s:
        config = parse_config({"units": [{"name": UNIT}],
                               "sites": [{"name": SITE, "url": "http://127.0.0.1:9/", "unit": UNIT}]})
        s.sync_registry(config.units, config.sites)
        yield s


def _evaluate(store: Store, day: date, findings: list[Finding], **kw) -> dict[str, dict]:
    run_id, _ = store.start_run("run", day)
    rows = store.apply_findings(run_id, SITE, findings, day, **kw)
    store.finish_run(run_id)
    return {r["rule"]: r for r in rows}


def _states(rows: dict[str, dict]) -> dict[str, tuple]:
    return {rule: (r["state"], r["first_seen"], r["last_seen"], r["fixed_at"], r["times_fixed"])
            for rule, r in rows.items()}


def test_lifecycle_over_four_evaluations(store):
    first = _evaluate(store, date(2026, 11, 1), [STALE, BLANK])
    assert _states(first) == {"column-stale": ("new", "2026-11-01", "2026-11-01", None, 0),
                              "column-blank": ("new", "2026-11-01", "2026-11-01", None, 0)}
    assert first["column-stale"]["evidence"] == {"latest": "2026-10-28", "limit_days": 14}
    assert first["column-stale"]["key"] == STALE.key

    second = _evaluate(store, date(2026, 11, 8), [STALE, BLANK])
    assert _states(second) == {"column-stale": ("open", "2026-11-01", "2026-11-08", None, 0),
                               "column-blank": ("open", "2026-11-01", "2026-11-08", None, 0)}

    third = _evaluate(store, date(2026, 11, 15), [STALE])
    assert _states(third) == {"column-stale": ("open", "2026-11-01", "2026-11-15", None, 0),
                              "column-blank": ("fixed", "2026-11-01", "2026-11-08", "2026-11-15", 1)}

    fourth = _evaluate(store, date(2026, 11, 22), [STALE, BLANK])
    assert _states(fourth) == {"column-stale": ("open", "2026-11-01", "2026-11-22", None, 0),
                               "column-blank": ("reopened", "2026-11-01", "2026-11-22", None, 1)}
    assert fourth["column-blank"]["first_run"] == first["column-blank"]["first_run"]
    assert fourth["column-blank"]["last_run"] > third["column-stale"]["last_run"]

    fifth = _evaluate(store, date(2026, 11, 29), [])
    assert {r: s[0] for r, s in _states(fifth).items()} == {"column-stale": "fixed", "column-blank": "fixed"}
    assert fifth["column-blank"]["times_fixed"] == 2
    # fixed earlier: no longer returned, but kept in the history with its date
    assert _evaluate(store, date(2026, 12, 6), []) == {}
    fixed = store.findings(site=SITE, states=("fixed",))
    assert [(f["rule"], f["fixed_at"]) for f in fixed] == [("column-blank", "2026-11-29"),
                                                           ("column-stale", "2026-11-29")]


def test_evaluating_again_in_the_same_run_starts_from_before_the_run(store):
    _evaluate(store, date(2026, 11, 1), [STALE, BLANK])
    run_id, _ = store.start_run("run", date(2026, 11, 8))
    store.apply_findings(run_id, SITE, [STALE, VETO], date(2026, 11, 8))  # BLANK fixed, VETO new
    rows = {r["rule"]: r for r in store.apply_findings(run_id, SITE, [STALE, BLANK], date(2026, 11, 8))}
    assert _states(rows) == {"column-stale": ("open", "2026-11-01", "2026-11-08", None, 0),
                             "column-blank": ("open", "2026-11-01", "2026-11-08", None, 0)}
    assert store.findings(site=SITE, states=("new",)) == []  # VETO only existed in the discarded pass
    again = {r["rule"]: r for r in store.apply_findings(run_id, SITE, [STALE, BLANK], date(2026, 11, 8))}
    assert again == rows


def test_exemptions_are_stored_and_tracked(store):
    rows = _evaluate(store, date(2026, 11, 1), [STALE, VETO], exempt={VETO.key: "网站改版中，已报备"})
    assert rows["site-unreachable"]["exempt_reason"] == "网站改版中，已报备"
    assert rows["column-stale"]["exempt_reason"] is None
    rows = _evaluate(store, date(2026, 11, 8), [STALE, VETO])
    assert rows["site-unreachable"]["state"] == "open"
    assert rows["site-unreachable"]["exempt_reason"] is None


def test_findings_filter_by_unit_site_and_state(store):
    _evaluate(store, date(2026, 11, 1), [VETO, STALE, BLANK])
    rows = store.findings(unit=UNIT)
    assert [r["rule"] for r in rows] == ["site-unreachable", "column-blank", "column-stale"]  # veto first
    assert all(r["unit"] == UNIT for r in rows)
    assert store.findings(unit="别的单位") == []
    assert store.findings(site="别的网站") == []
    assert len(store.findings(states=("new", "open"))) == 3
    assert store.findings(states=("fixed",)) == []


def test_evaluations_count_open_unexempted_findings(store):
    run_id, _ = store.start_run("run", date(2026, 11, 1))
    store.apply_findings(run_id, SITE, [VETO, STALE, BLANK], date(2026, 11, 1), exempt={BLANK.key: "已报备"})
    store.record_evaluation(run_id, SITE, as_of=date(2026, 11, 1), score=92.0, verdict="fail")
    store.record_evaluation(run_id, SITE, as_of=date(2026, 11, 1), score=92.0, verdict="fail")
    [row] = store.evaluations(SITE)
    assert (row["score"], row["verdict"], row["veto"], row["deduct"], row["warn"]) == (92.0, "fail", 1, 1, 0)
