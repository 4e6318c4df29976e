"""The scheduler's job store (``apscheduler_jobs``): each job's next run time and its state (JSON data; the
scheduler rebuilds the job itself from the config, never from this table).

The rows are APScheduler's; :class:`scheduler.SQLiteJobStore` turns them into jobs. Times are UTC
timestamps, as APScheduler keeps them; a job without a next run time is paused.
"""

from __future__ import annotations

from storage.base import StoreBase


class JobsMixin(StoreBase):
    """Rows of the scheduler's job store."""

    def job_states(self, *, job_id: str | None = None, due_by: float | None = None) -> list[tuple[str, bytes]]:
        """``(id, state)`` of the stored jobs — one by id, those due by a timestamp, or all — soonest first."""
        rows = self._rows("SELECT id, job_state FROM apscheduler_jobs WHERE (:id IS NULL OR id = :id) "
                          "AND (:due IS NULL OR next_run_time <= :due) ORDER BY next_run_time",
                          {"id": job_id, "due": due_by})
        return [(r["id"], r["job_state"]) for r in rows]

    def next_job_times(self) -> dict[str, float]:
        """Each scheduled (not paused) job's next run time."""
        return {r["id"]: r["next_run_time"] for r in self._rows(
            "SELECT id, next_run_time FROM apscheduler_jobs WHERE next_run_time IS NOT NULL")}

    def add_job_state(self, job_id: str, next_run_time: float | None, state: bytes) -> bool:
        """Store a new job; False when one with this id exists."""
        with self._tx() as conn:
            cursor = conn.execute("INSERT INTO apscheduler_jobs (id, next_run_time, job_state) VALUES (?, ?, ?) "
                                  "ON CONFLICT (id) DO NOTHING", (job_id, next_run_time, state))
            return cursor.rowcount == 1

    def update_job_state(self, job_id: str, next_run_time: float | None, state: bytes) -> bool:
        """Replace a stored job; False when there is none with this id."""
        with self._tx() as conn:
            cursor = conn.execute("UPDATE apscheduler_jobs SET next_run_time = ?, job_state = ? WHERE id = ?",
                                  (next_run_time, state, job_id))
            return cursor.rowcount == 1

    def set_job_next_run(self, job_id: str, next_run_time: float | None) -> bool:
        """Move a stored job's next run; False when there is none with this id."""
        with self._tx() as conn:
            cursor = conn.execute("UPDATE apscheduler_jobs SET next_run_time = ? WHERE id = ?", (next_run_time, job_id))
            return cursor.rowcount == 1

    def remove_job_states(self, job_ids: list[str] | None = None) -> int:
        """Remove the jobs with these ids (all jobs when None); returns how many were removed."""
        with self._tx() as conn:
            if job_ids is None:
                return conn.execute("DELETE FROM apscheduler_jobs").rowcount
            return conn.executemany("DELETE FROM apscheduler_jobs WHERE id = ?", [(i,) for i in job_ids]).rowcount
