"""Weekly notices built from the findings' real lifecycle over several inspections."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from notices_fixtures import (
    BLANK,
    BROKEN,
    EDU,
    EDU_SITE,
    HEALTH,
    HOME,
    MON1,
    MON2,
    MON3,
    SOON,
    STALE,
    inspect_day,
    make_config,
    smtp_server,
    week1,
    week2,
    week3,
)

from notices.build import build_office_report, build_unit_notice
from notices.runner import notify
from notices.workdays import add_workdays, iso_week
from storage.store import Store


def test_workdays_skip_weekends_and_extra_holidays() -> None:
    assert add_workdays(date(2026, 11, 16), 5) == date(2026, 11, 23)  # Monday → next Monday
    assert add_workdays(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday → Monday
    assert add_workdays(date(2026, 11, 23), 1, holidays={date(2026, 11, 24)}) == date(2026, 11, 25)
    assert iso_week(date(2026, 11, 23)) == "2026-W48"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"


def _keys(items: list) -> set[str]:
    return {i.key for i in items}


def test_first_notice_lists_everything_as_new_with_deadlines(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    db = tmp_path / "patrol.db"
    week1(db, config)
    with Store(db) as store:
        notice = build_unit_notice(store, config, EDU, MON1)
    assert _keys(notice.new) == {STALE.key, BLANK.key, SOON.key}
    assert not notice.open and not notice.fixed and notice.previous is None
    deadlines = {i.key: i.deadline for i in notice.new}
    assert deadlines[STALE.key] == date(2026, 11, 23)
    assert deadlines[SOON.key] is None  # 预警 carries no deadline


def test_second_week_splits_new_open_fixed_relative_to_last_notice(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    with smtp_server() as (port, _):
        config = make_config(tmp_path, smtp_port=port)
        week1(db, config)
        assert notify(config, str(db), MON1).exit_code == 0
    week2(db, config)
    with Store(db) as store:
        notice = build_unit_notice(store, config, EDU, MON2)
    assert notice.previous == MON1
    assert _keys(notice.new) == {BROKEN.key}
    assert _keys(notice.open) == {STALE.key, SOON.key}
    assert _keys(notice.fixed) == {BLANK.key}
    stale = next(i for i in notice.open if i.key == STALE.key)
    assert (stale.first_notified, stale.deadline, stale.days_open, stale.overdue) == (MON1, MON2, 7, False)
    assert notice.fixed[0].fixed_at == MON2


def test_without_a_recorded_notice_everything_is_still_new(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    db = tmp_path / "patrol.db"
    week1(db, config)
    notify(config, str(db), MON1, dry_run=True)  # a dry run issues nothing
    week2(db, config)
    with Store(db) as store:
        notice = build_unit_notice(store, config, EDU, MON2)
    assert notice.previous is None
    assert _keys(notice.new) == {STALE.key, SOON.key, BROKEN.key}
    assert _keys(notice.fixed) == {BLANK.key}  # all history when no notice was issued


def test_overdue_findings_are_escalated_in_the_office_report(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    with smtp_server() as (port, _):
        config = make_config(tmp_path, smtp_port=port)
        for inspect, day in ((week1, MON1), (week2, MON2), (week3, MON3)):
            inspect(db, config)
            result = notify(config, str(db), day)
    edu = next(n for n in result.notices if n.unit == EDU)
    assert [i.key for i in edu.overdue] == [STALE.key]
    assert edu.overdue[0].deadline == MON2 and edu.overdue[0].days_open == 14
    report = result.report
    assert report is not None and report.week == iso_week(MON3)
    assert [(u, i.key) for u, i in report.overdue] == [(EDU, STALE.key)]
    health = next(r for r in report.rows if r.unit == HEALTH)
    assert (health.verdict, health.score, health.previous_score, health.change, health.fixed) == \
        ("pass", 95.0, 0.0, 95.0, 1)
    assert (report.sites_total, report.sites_passed, report.pass_rate, report.pass_rate_change) == (2, 2, 100.0, 50.0)
    assert [r.rank for r in report.rows] == [1, 2]


def test_exempted_findings_are_listed_apart_and_not_counted(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    db = tmp_path / "patrol.db"
    inspect_day(db, config, MON1, {EDU_SITE: [STALE, BLANK]}, {EDU_SITE: (90.0, "pass")},
                exempt={BLANK.key: "栏目已申请撤并"})
    with Store(db) as store:
        notice = build_unit_notice(store, config, EDU, MON1)
        report = build_office_report(store, config, MON1, [notice])
    assert _keys(notice.new) == {STALE.key}
    assert [(i.key, i.exempt_reason) for i in notice.exempted] == [(BLANK.key, "栏目已申请撤并")]
    edu = next(r for r in report.rows if r.unit == EDU)
    assert (edu.deduct, edu.exempted) == (1, 1)
    assert next(r for r in report.rows if r.unit == HEALTH).verdict is None  # never inspected: unranked


def test_a_unit_with_only_a_veto_fails_and_ranks_last(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    db = tmp_path / "patrol.db"
    week1(db, config)
    result = notify(config, str(db), MON1)
    rows = {r.unit: r for r in result.report.rows}
    assert rows[HEALTH].verdict == "fail" and rows[HEALTH].veto == 1 and rows[HEALTH].rank == 2
    assert rows[EDU].rank == 1 and result.report.pass_rate == 50.0
    assert HOME.key in {i.key for n in result.notices for i in n.new}
