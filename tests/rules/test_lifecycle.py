"""The finding lifecycle as a pure function (rules/lifecycle.py), and storage keeping what it decides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.dates import local_today
from rules.finding import Finding
from rules.lifecycle import STATES, fixed_now, next_state
from storage.store import Store


@pytest.mark.parametrize(("before", "present", "after"), [
    (None, True, "new"), ("new", True, "open"), ("open", True, "open"), ("reopened", True, "open"),
    ("fixed", True, "reopened"), ("new", False, "fixed"), ("open", False, "fixed"), ("reopened", False, "fixed"),
    ("fixed", False, "fixed"), (None, False, None),
])
def test_next_state(before: str | None, present: bool, after: str | None) -> None:
    assert next_state(before, present) == after
    assert fixed_now(before, after) == (before not in (None, "fixed") and after == "fixed")


def test_an_unknown_state_is_refused() -> None:
    with pytest.raises(ValueError):
        next_state("closed", True)
    assert set(STATES) == {"new", "open", "fixed", "reopened"}


def test_storage_keeps_the_states_the_function_decides(tmp_path) -> None:
    finding = Finding("column-stale", "deduct", "甲", "通知公告栏目长期未更新", column="通知公告")
    day = date(2026, 11, 2)
    seen: list[tuple[str, int]] = []
    with Store(str(tmp_path / "p.db")) as store:
        for i, present in enumerate([True, True, False, False, True, False]):
            run_id, _ = store.start_run("run", day + timedelta(days=i), "")
            store.apply_findings(run_id, "甲", [finding] if present else [], day + timedelta(days=i))
            store.finish_run(run_id, "complete")
            (row,) = store.findings(site="甲")
            seen.append((row["state"], row["times_fixed"]))
    assert seen == [("new", 0), ("open", 0), ("fixed", 1), ("fixed", 1), ("reopened", 1), ("fixed", 2)]


def test_latest_not_after_is_one_rule_for_dates_and_stored_text() -> None:
    from core.dates import latest_not_after

    as_of = date(2026, 11, 20)
    assert latest_not_after([date(2026, 11, 1), None, date(2026, 11, 21), date(2026, 11, 20)], as_of) == as_of
    assert latest_not_after([date(2026, 12, 1), None], as_of) is None
    assert latest_not_after(["2026-10-31", "2026-11-21", None], "2026-11-20") == "2026-10-31"
    assert latest_not_after([], as_of) is None


def test_today_is_the_office_s_day_not_the_machine_s() -> None:
    """UTC+14 and UTC−11 are 25 hours apart: their dates always differ, whatever the machine's zone."""
    assert (local_today("Pacific/Kiritimati") - local_today("Pacific/Pago_Pago")).days in (1, 2)
    assert local_today() == local_today("Asia/Shanghai")
