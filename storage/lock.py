"""One inspection at a time, across processes: an exclusive ``flock`` on ``<db>.lock``.

The lock belongs to the open file, so it is released when the holder exits or crashes; no stale lock
file can block the next night's run.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Exit code of a `patrol run` that found another inspection running (EX_TEMPFAIL: try again later).
BUSY_EXIT = 75


class Busy(Exception):
    """Another process holds the inspection lock of this database."""


def lock_path(db_path: str | Path) -> Path:
    """The lock file that guards inspections writing to ``db_path``."""
    return Path(f"{db_path}.lock")


@contextmanager
def inspection_lock(db_path: str | Path) -> Iterator[Path]:
    """Hold the inspection lock of ``db_path`` for the block; raise :class:`Busy` at once when it is held."""
    path = lock_path(db_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            raise Busy(f"另一个巡查正在运行{holder}，使用同一数据库 {db_path}；请等它结束后再试"
                       f"（锁文件：{path}）")
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def is_locked(db_path: str | Path) -> bool:
    """Whether an inspection currently holds the lock (a snapshot: it may change at once)."""
    try:
        with inspection_lock(db_path):
            return False
    except Busy:
        return True


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode(errors="replace").strip()
    except OSError:
        return ""
    return f"（进程 {text}）" if text.isdigit() else ""
