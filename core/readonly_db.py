"""Open an SQLite file for reading only, also on a read-only filesystem.

``mode=ro`` never writes the database, but a WAL database needs its ``-shm`` index, which SQLite must create
when it is missing: on a read-only filesystem (or folder) that fails. The file then cannot change under us
either, so it is opened ``immutable=1`` (no locks, no index), which is safe exactly there.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def read_only_uri(path: str | Path, immutable: bool = False) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def connect_read_only(path: str | Path, **kwargs: Any) -> sqlite3.Connection:
    """A read-only connection to an existing file (``mode=ro``, else ``immutable=1`` where nothing can
    write it); the first query has already run, so an unreadable file fails here."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, **kwargs)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn
    except sqlite3.OperationalError as exc:
        if not _cannot_index(path, exc):
            raise
    conn = sqlite3.connect(read_only_uri(path, immutable=True), uri=True, **kwargs)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def needs_immutable(path: str | Path) -> bool:
    """Whether ``mode=ro`` cannot open the file here for want of its WAL index (a read-only filesystem)."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        return _cannot_index(path, exc)
    finally:
        conn.close()
    return False


def _cannot_index(path: str | Path, exc: sqlite3.OperationalError) -> bool:
    """Whether the failure is the WAL index that cannot be created (the file itself is there)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return Path(path).is_file() and (name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY"))
                                     or "unable to open" in str(exc) or "readonly" in str(exc))
