"""The connection and transaction helpers every part of :class:`storage.store.Store` shares."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlite_utils


class StoreBase:
    """Holds the database; each public write method runs in one ``_tx()`` transaction.

    A lock serialises transactions and reads, so one Store may be shared by threads (a Scrapy pipeline
    that writes from a thread pool); processes coordinate through SQLite's own locks.
    """

    db: sqlite_utils.Database
    _lock: threading.RLock

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: taken with BEGIN IMMEDIATE, committed on success, rolled back on error."""
        with self._lock:
            conn = self.conn
            if conn.in_transaction:  # nested call from another Store method: join the outer transaction
                yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several write methods as one transaction (each joins it): all of them are kept, or none."""
        with self._tx():
            yield

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside :meth:`transaction`: the block's writes are kept, or on an error undone alone (the error is
        raised; the outer transaction goes on)."""
        with self._lock:
            self.conn.execute("SAVEPOINT patrol_item")
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK TO patrol_item")
                self.conn.execute("RELEASE patrol_item")
                raise
            self.conn.execute("RELEASE patrol_item")

    @staticmethod
    def _inserted(cursor: sqlite3.Cursor) -> int:
        """The id of the row an INSERT just added."""
        if cursor.lastrowid is None:
            raise sqlite3.DatabaseError("INSERT added no row")
        return cursor.lastrowid

    def _run_as_of(self, run_id: int) -> str:
        """A run's as-of date, as stored (ISO text)."""
        value = self._value("SELECT as_of FROM runs WHERE id = ?", (run_id,))
        if value is None:
            raise KeyError(f"没有编号为 {run_id} 的运行记录")
        return value

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _value(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._lock:
            row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def _firsts(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        """The first column of every row."""
        with self._lock:
            return [row[0] for row in self.conn.execute(sql, params).fetchall()]
