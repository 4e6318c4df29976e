"""Runs: one row per crawl, check or demo, with its status and counts."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from storage.base import StoreBase
from storage.values import iso, now

RUN_KINDS = ("run", "check", "demo")
RUN_STATUSES = ("running", "complete", "failed", "interrupted")


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this id exists on this machine."""
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    except OSError:
        return False
    return True


class RunsMixin(StoreBase):
    def start_run(self, kind: str, as_of: date, config: str | None = None) -> tuple[int, bool]:
        """Start a run, or resume the newest one of this kind if it was interrupted or its process died.

        Returns ``(run_id, resumed)``. A resumed run keeps its id (so ``walked_columns`` lets the crawl
        skip finished work) and takes the new ``as_of``, ``config`` and pid.
        """
        if kind not in RUN_KINDS:
            raise ValueError(f"未知的运行类型 {kind!r}，应为 {'、'.join(RUN_KINDS)} 之一")
        pid = os.getpid()
        with self._tx() as conn:
            last = self._row("SELECT id, status, pid FROM runs WHERE kind = ? ORDER BY id DESC LIMIT 1",
                             (kind,))
            if last and _resumable(last, pid):
                conn.execute(
                    "UPDATE runs SET status = 'running', ended = NULL, as_of = ?, config = ?, pid = ?, "
                    "resumes = resumes + 1 WHERE id = ?", (iso(as_of), config, pid, last["id"]))
                return last["id"], True
            cursor = conn.execute(
                "INSERT INTO runs (kind, started, status, as_of, config, pid) VALUES (?, ?, 'running', ?, ?, ?)",
                (kind, now(), iso(as_of), config, pid))
            return self._inserted(cursor), False

    def finish_run(self, run_id: int, status: str = "complete") -> None:
        """Close a run: its status, end time and the counts of rows it wrote."""
        if status not in RUN_STATUSES:
            raise ValueError(f"未知的运行状态 {status!r}，应为 {'、'.join(RUN_STATUSES)} 之一")
        with self._tx() as conn:
            conn.execute(_FINISH_SQL, {"id": run_id, "status": status, "ended": now()})

    def mark_interrupted(self, run_id: int) -> None:
        """Record that a run stopped before its end (signal, crash); the next start resumes it."""
        with self._tx() as conn:
            conn.execute("UPDATE runs SET status = 'interrupted', ended = ? WHERE id = ?", (now(), run_id))

    def run(self, run_id: int) -> dict[str, Any] | None:
        """One run's row."""
        return self._row("SELECT * FROM runs WHERE id = ?", (run_id,))

    def last_run(self, kind: str | None = None, status: str | None = "complete") -> dict[str, Any] | None:
        """The newest run, optionally of one kind and one status (None = any)."""
        sql = "SELECT * FROM runs WHERE (:kind IS NULL OR kind = :kind) AND (:status IS NULL OR status = :status)"
        return self._row(sql + " ORDER BY id DESC LIMIT 1", {"kind": kind, "status": status})

    def newest_as_of(self) -> date | None:
        """The latest inspection date of any run on this database (history is written in date order)."""
        value = self._value("SELECT max(as_of) FROM runs")
        return date.fromisoformat(value) if value else None

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The newest runs first."""
        return self._rows("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))


def _resumable(run: dict[str, Any], pid: int) -> bool:
    if run["status"] == "interrupted":
        return True
    return run["status"] == "running" and (run["pid"] == pid or not pid_alive(run["pid"]))


_FINISH_SQL = """
UPDATE runs SET
    status = :status,
    ended = :ended,
    sites = (SELECT count(*) FROM sites WHERE last_run = :id),
    "columns" = (SELECT count(*) FROM "columns" WHERE last_run = :id),
    entries = (SELECT count(*) FROM entries WHERE last_run = :id),
    pages = (SELECT count(*) FROM pages WHERE run_id = :id),
    errors = (SELECT count(*) FROM sites WHERE last_run = :id AND error IS NOT NULL)
           + (SELECT count(*) FROM "columns" WHERE last_run = :id AND error IS NOT NULL)
WHERE id = :id
"""
