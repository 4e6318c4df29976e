"""One inspection at a time, across processes: an exclusive ``flock`` on ``<db>.lock``.

The lock is keyed by the database file itself, not by how its path is spelt: ``<db>.lock`` sits beside the
database's resolved real path (``os.path.realpath``: a symlink, ``./patrol.db`` and an absolute path are one
lock), and when the database exists a second lock, named by its device and inode, sits in the same folder
(a hard link under another name in that folder is the same lock too). The lock belongs to the open file, so it is
released when the holder exits or crashes; no stale lock file can block the next night's run.
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
    """The lock file that guards inspections writing to ``db_path``: beside its real path."""
    return Path(f"{os.path.realpath(db_path)}.lock")


def inode_lock_path(db_path: str | Path) -> Path | None:
    """The lock file named by the database's device and inode (None while the database does not exist)."""
    real = os.path.realpath(db_path)
    try:
        st = os.stat(real)
    except OSError:
        return None
    return Path(os.path.dirname(real)) / f".patrol-{st.st_dev}-{st.st_ino}.lock"


@contextmanager
def inspection_lock(db_path: str | Path) -> Iterator[Path]:
    """Hold the inspection lock of ``db_path`` for the block; raise :class:`Busy` at once when it is held.
    Yields the path lock's file."""
    path = lock_path(db_path)
    with _flock(path, db_path):
        inode = inode_lock_path(db_path)
        if inode is None:
            yield path
            return
        with _flock(inode, db_path):
            yield path


@contextmanager
def _flock(path: Path, db_path: str | Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if needed), with this process's id in it."""
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
            yield
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
