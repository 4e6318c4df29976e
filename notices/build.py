"""Build the weekly notices from the findings' history (never from one run alone)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from core.config import Config
from notices.model import Item, OfficeReport, PendingItem, UnitNotice, UnitRow
from notices.text import clean
from notices.workdays import add_workdays, iso_week
from review.attachments import STATUSES
from rules.lifecycle import OPEN_STATES
from storage.history import ACTIVE_SECTIONS
from storage.store import Store
from storage.values import to_date

# A warning that turned into the problem it warned of is the same problem getting worse (升级), not 已整改.
ESCALATIONS = {"column-stale-soon": ("column-stale",)}


UNJUDGED = ("unchecked", "incomplete")  # verdicts that are neither 合格 nor 不合格

def build_unit_notice(store: Store, config: Config, unit: str, as_of: date) -> UnitNotice:
    """The notice of ``unit`` for the ISO week of ``as_of``, relative to the last notice issued to it."""
    week = iso_week(as_of)
    last = store.last_issue(unit, week)
    previous = last["items"] if last else {}
    notice = UnitNotice(unit=unit, week=week, as_of=as_of, office_name=config.notify.office_name,
                        deadline_workdays=config.notify.deadline_workdays,
                        sites=[s.name for s in config.sites if s.unit == unit],
                        previous=last["as_of"] if last else None)
    inspected = store.inspected_at(as_of)
    notice.inspected = {s: inspected[s] for s in notice.sites if s in inspected}
    for row in store.findings(unit=unit):
        section, item = _classify(row, as_of, previous.get(row["key"]), last, config.notify.deadline_workdays)
        if section is not None:
            notice.section(section).append(item)
    _mark_escalations(notice)
    notice.pending = [PendingItem(r["id"], r["site"], r["kind"], clean(r["summary"]) or "", clean(r["sample"]) or "",
                                  r["url"], to_date(r["first_seen"][:10]), r["confidence"])
                      for r in store.review_candidates(sites=notice.sites)]
    for r in store.unread_attachments(notice.sites):  # not read: listed for a person, never taken as clean
        summary = clean(f"附件 {r['name'] or r['url']}：{unread_label(r)}") or ""
        notice.pending.append(PendingItem(0, r["site"], "attachment", summary, "", r["url"],
                                          to_date((r["fetched_at"] or "")[:10])))
    return notice


def unread_label(row: dict[str, Any]) -> str:
    """Why an attachment was not read, in words."""
    return STATUSES.get(row["status"], row["status"]) + (f"（{row['note']}）" if row["note"] else "")


def _mark_escalations(notice: UnitNotice) -> None:
    """A fixed warning whose column now has the problem it warned of is not 已整改: the problem escalated."""
    for section in ("new", "open"):
        items = notice.section(section)
        for n, item in enumerate(items):
            warning = next((f for f in notice.fixed if item.rule in ESCALATIONS.get(f.rule, ())
                            and (f.site, f.column) == (item.site, item.column)), None)
            if warning is not None:
                items[n] = replace(item, escalated_from=warning.rule)
                notice.fixed.remove(warning)


def _classify(row: dict[str, Any], as_of: date, prev: dict[str, Any] | None, last: dict[str, Any] | None,
              workdays: int) -> tuple[str | None, Item]:
    first_seen = to_date(row["first_seen"])
    assert first_seen is not None  # findings.first_seen is NOT NULL
    fixed_at = to_date(row["fixed_at"])
    base = dict(key=row["key"], site=clean(row["site"]), rule=row["rule"], severity=row["severity"],
                message=clean(row["message"]), column=clean(row["column"]), url=clean(row["url"]), state=row["state"],
                first_seen=first_seen, days_open=max(0, (as_of - first_seen).days), as_of=as_of)
    active = prev if prev is not None and prev["section"] in ACTIVE_SECTIONS else None
    if first_seen > as_of:
        return None, Item(**base)
    if row["state"] in OPEN_STATES:
        if row["exempt_reason"]:
            return "exempted", Item(**base, exempt_reason=row["exempt_reason"])
        if active is not None and active["first_notified"]:
            return "open", Item(**base, first_notified=to_date(active["first_notified"]),
                                deadline=to_date(active["deadline"]))
        deadline = None if row["severity"] == "warn" else add_workdays(as_of, workdays)  # official calendar
        return "new", Item(**base, first_notified=as_of, deadline=deadline)
    if fixed_at is not None and fixed_at <= as_of and (last is None or fixed_at > last["as_of"] or active is not None):
        days = max(0, (fixed_at - first_seen).days)
        return "fixed", Item(**{**base, "days_open": days}, fixed_at=fixed_at,
                             first_notified=to_date(active["first_notified"]) if active is not None else None,
                             deadline=to_date(active["deadline"]) if active is not None else None)
    return None, Item(**base)


def issue_items(notice: UnitNotice) -> list[dict[str, Any]]:
    """What :meth:`storage.store.Store.record_issue` keeps of a notice once its files are generated
    (delivered or not)."""
    return [{"key": i.key, "section": s, "first_notified": i.first_notified, "deadline": i.deadline}
            for s, i in notice.items]


def build_office_report(store: Store, config: Config, as_of: date, notices: list[UnitNotice]) -> OfficeReport:
    """The consolidated 通报: per unit verdict, score and counts, ranking, 合格率, change, escalations."""
    report = OfficeReport(week=iso_week(as_of), as_of=as_of, office_name=config.notify.office_name,
                          deadline_workdays=config.notify.deadline_workdays)
    inspected = store.inspected_at(as_of)
    report.inspected = {s.name: inspected[s.name] for s in config.sites if s.name in inspected}
    now = store.evaluations_at(as_of)
    before = store.evaluations_at(as_of - timedelta(days=7))
    by_unit = {n.unit: n for n in notices}
    report.units_registered = len(dict.fromkeys(s.unit for s in config.sites))
    report.sites_registered = len(config.sites)
    partial = {s for s, e in now.items() if e["verdict"] == "incomplete"}
    report.unchecked = [s.name + ("（未能完整检查）" if s.name in partial else "")
                        for s in config.sites if s.name not in now or now[s.name]["verdict"] in UNJUDGED]
    for unit in dict.fromkeys(s.unit for s in config.sites):
        sites = [s.name for s in config.sites if s.unit == unit]
        row = _unit_row(unit, sites, now, before, by_unit.get(unit))
        report.rows.append(row)
        report.sites_total += row.evaluated
        report.sites_passed += row.passed
        prev = [before[s] for s in sites if s in before and before[s]["verdict"] not in UNJUDGED]
        report.previous_sites_total += len(prev)
        report.previous_sites_passed += sum(1 for e in prev if e["verdict"] == "pass")
        if unit in by_unit:
            report.overdue += [(unit, i) for i in by_unit[unit].overdue]
    _rank(report.rows)
    report.overdue.sort(key=lambda pair: (pair[1].deadline or as_of, pair[0]))
    return report


def _unit_row(unit: str, sites: list[str], now: dict[str, dict], before: dict[str, dict],
              notice: UnitNotice | None) -> UnitRow:
    # a site that blocked the inspector (verdict "unchecked") or was read only in part ("incomplete") is neither
    # passed nor failed nor scored here
    current = [now[s] for s in sites if s in now and now[s]["verdict"] not in UNJUDGED]
    previous = [before[s] for s in sites if s in before]
    row = UnitRow(unit=unit, sites=len(sites), evaluated=len(current),
                  passed=sum(1 for e in current if e["verdict"] == "pass"))
    if current:
        row.verdict = "pass" if row.passed == len(current) else "fail"
        row.score = _mean([e["score"] for e in current])
    elif any(s in now for s in sites):
        row.verdict = "incomplete" if any(now[s]["verdict"] == "incomplete" for s in sites if s in now) \
            else "unchecked"
    if previous:
        row.previous_score = _mean([e["score"] for e in previous])
    if notice is not None:
        active = notice.new + notice.open
        row.veto = sum(1 for i in active if i.severity == "veto")
        row.deduct = sum(1 for i in active if i.severity == "deduct")
        row.warn = sum(1 for i in active if i.severity == "warn")
        row.new, row.open, row.fixed = len(notice.new), len(notice.open), len(notice.fixed)
        row.overdue, row.exempted = len(notice.overdue), len(notice.exempted)
    return row


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def _rank(rows: list[UnitRow]) -> None:
    """Passing units first, then by score, fewer problems, name; units never inspected last, unranked."""
    def order(r: UnitRow) -> tuple:
        return (r.verdict not in ("pass", "fail"), r.verdict is None, r.verdict != "pass", -(r.score or 0),
                r.veto + r.deduct, r.overdue, r.unit)

    rows.sort(key=order)
    for place, row in enumerate((r for r in rows if r.verdict in ("pass", "fail")), start=1):
        row.rank = place
