"""The history of findings: new → open → fixed → reopened, with dates and exemptions."""

from __future__ import annotations

from datetime import date
from typing import Any

from rules.finding import Finding
from rules.lifecycle import fixed_now, next_state
from storage.base import StoreBase
from storage.values import dumps, iso, loads

# The fields a re-evaluation may change; saved in ``prev`` so a run can evaluate a site again idempotently.
MUTABLE = ("state", "last_seen", "last_run", "fixed_at", "times_fixed", "exempt_reason", "rule", "severity",
           "column", "url", "message", "evidence")
_INSERT_EVALUATION_FINDING = """
INSERT OR REPLACE INTO evaluation_findings (run_id, site, key, rule, severity, "column", url, message, evidence,
                                            exempt_reason)
VALUES (:run_id, :site, :key, :rule, :severity, :column, :url, :message, :evidence, :exempt_reason)
"""
_SEVERITY_ORDER = "CASE f.severity WHEN 'veto' THEN 0 WHEN 'deduct' THEN 1 ELSE 2 END"


class FindingsMixin(StoreBase):
    def apply_findings(self, run_id: int, site: str, findings: list[Finding], as_of: date,
                       exempt: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Merge one evaluation of a site into the findings history; return the site's current rows.

        Present and unknown → new; present and new/open/reopened → open; present and fixed → reopened;
        absent and not fixed → fixed (fixed_at = as_of, times_fixed + 1). Evaluating the same site again
        in the same run starts from the state before that run, so a resumed run does not advance twice.
        Returned: every row not fixed, plus those fixed at this ``as_of``.
        """
        day, exempt = iso(as_of), exempt or {}
        present = {f.key: f for f in findings}
        with self._tx() as conn:
            stored = {r["key"]: r for r in self._rows("SELECT * FROM findings WHERE site = ?", (site,))}
            gone, rows = [], []
            for key in stored.keys() | present.keys():
                row = stored.get(key)
                base = _base(row, run_id)
                new = _next(base, present.get(key), day, run_id, exempt.get(key))
                if new is None:
                    if row is not None:
                        gone.append((key,))
                    continue
                if row is not None and all(row[k] == v for k, v in new.items()):
                    continue
                if row is None or row["eval_run"] != run_id:  # first change of this row in this run
                    new["prev"] = dumps({k: row[k] for k in MUTABLE}) if row else None
                    new["eval_run"] = run_id
                rows.append({**(row or {}), **new, "key": key, "site": site})
            conn.executemany("DELETE FROM findings WHERE key = ?", gone)
            if rows:
                self.db.table("findings").upsert_all(rows, pk="key")
        result = self._rows("SELECT f.* FROM findings f WHERE site = ? AND (state != 'fixed' OR fixed_at = ?) "
                            f"ORDER BY {_SEVERITY_ORDER}, rule, \"column\", url", (site, day))
        return [_parsed(r) for r in result]

    def findings(self, *, site: str | None = None, unit: str | None = None,
                 states: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        """Finding rows (evidence parsed), filtered by site, by the site's unit and by state."""
        sql = "SELECT f.*, s.unit AS unit FROM findings f LEFT JOIN sites s ON s.name = f.site WHERE 1"
        params: list[Any] = []
        if site is not None:
            sql, params = sql + " AND f.site = ?", params + [site]
        if unit is not None:
            sql, params = sql + " AND s.unit = ?", params + [unit]
        if states is not None:
            sql += f" AND f.state IN ({', '.join('?' * len(states))})"
            params += list(states)
        sql += f' ORDER BY f.site, {_SEVERITY_ORDER}, f.rule, f."column", f.url'
        return [_parsed(r) for r in self._rows(sql, params)]


    def record_evaluation(self, run_id: int, site: str, *, as_of: date, score: float | None,
                          verdict: str | None, veto: int | None = None, deduct: int | None = None,
                          warn: int | None = None) -> None:
        """Store a site's score and verdict for a run (severity counts default to its open findings)."""
        counts = {r["severity"]: r["n"] for r in self._rows(
            "SELECT severity, count(*) AS n FROM findings WHERE site = ? AND state != 'fixed' "
            "AND exempt_reason IS NULL GROUP BY severity", (site,))}
        row = {"run_id": run_id, "site": site, "as_of": iso(as_of), "score": score, "verdict": verdict,
               "veto": counts.get("veto", 0) if veto is None else veto,
               "deduct": counts.get("deduct", 0) if deduct is None else deduct,
               "warn": counts.get("warn", 0) if warn is None else warn}
        with self._tx():
            self.db.table("evaluations").upsert(row, pk=("run_id", "site"))

    def record_evaluation_findings(self, run_id: int, site: str, findings: list[Finding],
                                   exempt: dict[str, str] | None = None) -> None:
        """Keep the findings this run's evaluation of ``site`` gave, as they were worded then (replacing an
        earlier evaluation of the same run): a past report reads them instead of the newest crawl."""
        exempt = exempt or {}
        rows = [{"run_id": run_id, "site": site, "key": f.key, "rule": f.rule, "severity": f.severity,
                 "column": f.column, "url": f.url, "message": f.message, "evidence": dumps(f.evidence),
                 "exempt_reason": exempt.get(f.key)} for f in findings]
        with self._tx() as conn:
            conn.execute("DELETE FROM evaluation_findings WHERE run_id = ? AND site = ?", (run_id, site))
            conn.executemany(_INSERT_EVALUATION_FINDING, rows)
            conn.execute("UPDATE evaluations SET findings_kept = 1 WHERE run_id = ? AND site = ?", (run_id, site))

    def evaluation_findings(self, run_id: int, site: str) -> tuple[list[Finding], dict[str, str]] | None:
        """The findings a run's evaluation of ``site`` gave and their exemptions; None when that run kept none
        (an evaluation older than this record, or a site the run did not evaluate)."""
        if not self._value("SELECT findings_kept FROM evaluations WHERE run_id = ? AND site = ?", (run_id, site)):
            return None
        rows = self._rows('SELECT * FROM evaluation_findings WHERE run_id = ? AND site = ? ORDER BY rowid',
                          (run_id, site))
        findings = [Finding(rule=r["rule"], severity=r["severity"], site=site, message=r["message"],
                            column=r["column"], url=r["url"], evidence=loads(r["evidence"], {})) for r in rows]
        return findings, {r["key"]: r["exempt_reason"] for r in rows if r["exempt_reason"]}

    def evaluations(self, site: str) -> list[dict[str, Any]]:
        """A site's evaluations, oldest first."""
        return self._rows("SELECT * FROM evaluations WHERE site = ? ORDER BY as_of, run_id", (site,))


def _base(row: dict[str, Any] | None, run_id: int) -> dict[str, Any] | None:
    """The row as it was before this run evaluated it (None: it did not exist)."""
    if row is None or row["eval_run"] != run_id:
        return row
    prev = loads(row["prev"])
    return None if prev is None else {**row, **prev}


def _next(base: dict[str, Any] | None, finding: Finding | None, day: str, run_id: int,
          reason: str | None) -> dict[str, Any] | None:
    """The row's fields after this evaluation (its state decided by ``rules.lifecycle``); None when there is
    nothing to keep."""
    before = None if base is None else base["state"]
    state = next_state(before, finding is not None)
    if state is None:
        return None
    if finding is None:
        assert base is not None  # absent and known, else no state
        keep = {k: base[k] for k in MUTABLE}
        if reason is not None:
            keep["exempt_reason"] = reason
        if fixed_now(before, state):
            keep.update(state=state, fixed_at=day, times_fixed=base["times_fixed"] + 1)
        return keep
    fields = {"rule": finding.rule, "severity": finding.severity, "column": finding.column,
              "url": finding.url, "message": finding.message, "evidence": dumps(finding.evidence),
              "exempt_reason": reason, "last_seen": day, "last_run": run_id, "state": state, "fixed_at": None}
    if base is None:
        return {**fields, "first_seen": day, "first_run": run_id, "times_fixed": 0}
    return {**fields, "times_fixed": base["times_fixed"]}


def _parsed(row: dict[str, Any]) -> dict[str, Any]:
    row = {k: v for k, v in row.items() if k not in ("prev", "eval_run")}
    row["evidence"] = loads(row["evidence"], {})
    return row
