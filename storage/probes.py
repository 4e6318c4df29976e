"""Availability probes (站点可用性探测): writing probe rows and reading them back per site and day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rules.snapshot import Availability, ProbeDay
from storage.base import StoreBase

LOOKBACK_DAYS = 31  # days of probe figures a snapshot carries (the rule's window is at most this long)

_INSERT = """
INSERT INTO probes (site, target, url, ts, at, day, status, elapsed, outcome, cause, error, final_url)
VALUES (:site, :target, :url, :ts, :at, :day, :status, :elapsed, :outcome, :cause, :error, :final_url)
"""

_DAYS = """
SELECT day, count(*) AS probes, sum(outcome = 'fail') AS failures, sum(outcome = 'blocked') AS blocked
FROM probes WHERE site = ? AND target = 'home' AND day BETWEEN ? AND ?
GROUP BY day ORDER BY day
"""

_CAUSES = """
SELECT day, cause, count(*) AS n FROM probes
WHERE site = ? AND target = 'home' AND outcome = 'fail' AND day BETWEEN ? AND ?
GROUP BY day, cause
"""


def probe_row(site: str, target: str, url: str, started: float, elapsed: float, status: int, outcome: str,
              cause: str | None, error: str | None, final_url: str | None, zone: ZoneInfo) -> dict[str, Any]:
    """A row of ``probes``: the start as epoch seconds, as local ISO time and as the local day."""
    local = datetime.fromtimestamp(started, zone)
    return {"site": site, "target": target, "url": url, "ts": started, "at": local.isoformat(timespec="seconds"),
            "day": local.date().isoformat(), "status": status, "elapsed": elapsed, "outcome": outcome,
            "cause": cause, "error": error, "final_url": final_url}


class ProbesMixin(StoreBase):
    def add_probes(self, rows: Iterable[dict[str, Any]]) -> int:
        """Record probes (rows as :func:`probe_row` makes them) in one transaction; returns how many."""
        rows = list(rows)
        with self._tx() as conn:
            conn.executemany(_INSERT, rows)
        return len(rows)

    def last_probes(self, target: str = "home") -> dict[str, float]:
        """Each site's newest probe of ``target``, as epoch seconds."""
        return {r["site"]: r["ts"] for r in self._rows(
            "SELECT site, max(ts) AS ts FROM probes WHERE target = ? GROUP BY site", (target,))}

    def probes(self, site: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Probe rows, newest first (of one site when given)."""
        sql = "SELECT * FROM probes" + (" WHERE site = ?" if site else "") + " ORDER BY ts DESC, id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self._rows(sql, (site,) if site else ())

    def availability(self, site: str, as_of: date, lookback: int = LOOKBACK_DAYS) -> Availability | None:
        """The home page probes' daily figures of the ``lookback`` days ending on ``as_of``; None when the
        site was never probed at all (no history to judge by)."""
        if self._value("SELECT 1 FROM probes WHERE site = ? AND target = 'home' LIMIT 1", (site,)) is None:
            return None
        first = (as_of - timedelta(days=lookback - 1)).isoformat()
        span = (site, first, as_of.isoformat())
        causes: dict[str, dict[str, int]] = {}
        for r in self._rows(_CAUSES, span):
            causes.setdefault(r["day"], {})[r["cause"] or "other"] = r["n"]
        days = tuple(ProbeDay(day=date.fromisoformat(r["day"]), probes=r["probes"], failures=r["failures"] or 0,
                              blocked=r["blocked"] or 0, causes=causes.get(r["day"], {}))
                     for r in self._rows(_DAYS, span))
        return Availability(days=days, lookback_days=lookback)
