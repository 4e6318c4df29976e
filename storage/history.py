"""Queries the weekly notices and the scheduler need (methods of :class:`storage.store.Store`).

Reads and writes ``notice_items`` (what each issued notice told a unit, with the 整改 deadline carried
from notice to notice), ``schedule_log`` (one row per scheduled job run) and ``evaluations``; the tables
belong to the schema (storage/schema.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from storage.notice_log import NoticeLogMixin
from storage.values import iso, now

ACTIVE_SECTIONS = ("new", "open")

_LATEST_EVALUATIONS = """
SELECT * FROM (SELECT e.*, row_number() OVER (PARTITION BY site ORDER BY as_of DESC, run_id DESC) AS rn
               FROM evaluations e WHERE as_of <= :day) WHERE rn = 1
"""

_INSPECTED = """
SELECT e.site, max(e.as_of) AS as_of FROM evaluations e JOIN runs r ON r.id = e.run_id
WHERE r.status = 'complete' AND e.as_of <= :day GROUP BY e.site
"""


class HistoryMixin(NoticeLogMixin):
    """Notice issues, evaluations over time, and the scheduler's job log."""

    # --- notices
    def last_issue(self, unit: str, before_week: str) -> dict[str, Any] | None:
        """The newest notice issued to ``unit`` before ``before_week``: ``{"week", "as_of", "items": {key: row}}``."""
        row = self._row("SELECT week, max(as_of) AS as_of FROM notice_items WHERE unit = ? AND week < ? "
                         "GROUP BY week ORDER BY week DESC LIMIT 1", (unit, before_week))
        if row is None:
            return None
        items = self._rows("SELECT * FROM notice_items WHERE unit = ? AND week = ?", (unit, row["week"]))
        return {"week": row["week"], "as_of": date.fromisoformat(row["as_of"]), "items": {i["key"]: i for i in items}}

    def record_issue(self, unit: str, week: str, as_of: date, items: list[dict[str, Any]]) -> None:
        """Record what the notice of ``unit`` for ``week`` contained (replacing an earlier issue of that week).

        Each item: ``key``, ``section`` (new/open/fixed/exempted), ``first_notified`` and ``deadline`` (dates).
        """
        rows = [{"unit": unit, "week": week, "key": i["key"], "as_of": iso(as_of), "section": i["section"],
                 "first_notified": iso(i.get("first_notified")), "deadline": iso(i.get("deadline"))} for i in items]
        with self._tx() as conn:
            conn.execute("DELETE FROM notice_items WHERE unit = ? AND week = ?", (unit, week))
            conn.executemany("INSERT INTO notice_items (unit, week, key, as_of, section, first_notified, deadline) "
                             "VALUES (:unit, :week, :key, :as_of, :section, :first_notified, :deadline)", rows)

    def delivered(self, unit: str, week: str, channel: str, target: str | None) -> bool:
        """Whether this unit's notice of this week already reached this channel and target (for the file
        channel: its files were already generated)."""
        return any(n["channel"] == channel and n["target"] == target and n["status"] in ("sent", "written")
                   for n in self.notices_for(unit, week))

    # --- evaluations
    def evaluations_at(self, day: date) -> dict[str, dict[str, Any]]:
        """Each site's latest evaluation with ``as_of`` on or before ``day`` (newest run on ties)."""
        rows = self._rows(_LATEST_EVALUATIONS, {"day": iso(day)})
        return {r["site"]: {k: v for k, v in r.items() if k != "rn"} for r in rows}


    def completed_evaluation(self, site: str, day: date) -> dict[str, Any] | None:
        """The site's evaluation by its newest completed run dated on or before ``day`` (None: none)."""
        return self._row("SELECT e.* FROM evaluations e JOIN runs r ON r.id = e.run_id WHERE e.site = ? "
                         "AND r.status = 'complete' AND e.as_of <= ? ORDER BY e.as_of DESC, e.run_id DESC LIMIT 1",
                         (site, iso(day)))

    def first_inspection(self, sites: list[str]) -> date | None:
        """The date of the oldest completed inspection of any of ``sites`` (None: none was ever inspected)."""
        marks = ", ".join("?" * len(sites))
        first = self._value("SELECT min(e.as_of) FROM evaluations e JOIN runs r ON r.id = e.run_id "
                            f"WHERE r.status = 'complete' AND e.site IN ({marks})", tuple(sites))
        return date.fromisoformat(first) if first else None

    def inspected_at(self, day: date) -> dict[str, date]:
        """Each site's newest inspection date on or before ``day`` among completed runs (巡查数据日期)."""
        return {r["site"]: date.fromisoformat(r["as_of"]) for r in self._rows(_INSPECTED, {"day": iso(day)})}

    # --- scheduler
    def log_job_start(self, job: str, scheduled: str | None, pid: int | None = None) -> int:
        """Record that a scheduled job started; returns the log row id."""
        with self._tx() as conn:
            cursor = conn.execute("INSERT INTO schedule_log (job, scheduled, started, pid, status) "
                                  "VALUES (?, ?, ?, ?, 'running')", (job, scheduled, now(), pid))
            return self._inserted(cursor)

    def log_job_end(self, log_id: int, status: str, exit_code: int | None = None,
                    message: str | None = None, pid: int | None = None) -> None:
        """Record how a scheduled job ended: success, failed, skipped or interrupted."""
        with self._tx() as conn:
            conn.execute("UPDATE schedule_log SET ended = ?, status = ?, exit_code = ?, message = ?, "
                         "pid = coalesce(?, pid) WHERE id = ?", (now(), status, exit_code, message, pid, log_id))

    def job_log(self, job: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """The newest scheduled job runs first, optionally of one job."""
        return self._rows("SELECT * FROM schedule_log WHERE (:job IS NULL OR job = :job) ORDER BY id DESC LIMIT :n",
                           {"job": job, "n": limit})
