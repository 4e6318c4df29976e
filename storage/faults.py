"""Database faults named as what they are, each with its Chinese message and exit code.

A corrupt file, a database of a newer schema, a read-only file or filesystem and a full disk are different
troubles with different remedies; none of them is an interrupted run, and a full disk never makes a sound
database "corrupt". :func:`classify` names the fault behind an exception (None: not one of these).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from dataclasses import dataclass

CORRUPT_EXIT = 65  # EX_DATAERR
DISK_FULL_EXIT = 74  # EX_IOERR
READ_ONLY_EXIT = 77  # EX_NOPERM
NEWER_SCHEMA_EXIT = 78  # EX_CONFIG: this Patrol is older than the database


class NewerSchema(sqlite3.DatabaseError):
    """The database was written by a newer Patrol (its schema version is above ours)."""


class Corrupt(sqlite3.DatabaseError):
    """SQLite's integrity check found damage."""


@dataclass(frozen=True)
class Fault:
    kind: str  # corrupt | newer-schema | read-only | disk-full
    exit_code: int
    text: str


_CORRUPT_NAMES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
LOW_SPACE = 256 * 1024  # bytes free under which an I/O error while writing is a full disk
OPENED: set[str] = set()  # folders of the databases this process opened (where a full disk would show)


def opened(path: str | os.PathLike[str]) -> None:
    """Remember the folder of a database opened for writing (see :func:`classify`)."""
    OPENED.add(os.path.dirname(os.path.realpath(path)))


def _disk_full_here() -> bool:
    """Whether a folder holding an opened database has (almost) no space left."""
    for folder in OPENED:
        try:
            if shutil.disk_usage(folder).free < LOW_SPACE:
                return True
        except OSError:
            continue
    return False
_CORRUPT_TEXTS = ("file is not a database", "malformed", "database corrupt")


def classify(exc: BaseException) -> Fault | None:
    """The fault behind ``exc`` (an sqlite3 error or an OSError), or None for any other error."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, NewerSchema):
        return Fault("newer-schema", NEWER_SCHEMA_EXIT,
                     f"数据库由更新版本的 Patrol 写入（{text}）；请升级 Patrol 后再试，数据库未被改动。")
    if isinstance(exc, Corrupt) or name.startswith(_CORRUPT_NAMES) or any(t in lowered for t in _CORRUPT_TEXTS):
        return Fault("corrupt", CORRUPT_EXIT,
                     f"数据库文件已损坏（{text}）；未写入任何内容。请从备份恢复，或用 --db 指定新的数据库文件。")
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return Fault("disk-full", DISK_FULL_EXIT,
                     f"磁盘已满，无法写入文件（{text}）；已保存的数据完好，本次结果未完整写出。请释放磁盘空间后再试。")
    if name.startswith("SQLITE_FULL") or "disk is full" in lowered or \
            ((name.startswith("SQLITE_IOERR") or "disk i/o error" in lowered) and _disk_full_here()):
        return Fault("disk-full", DISK_FULL_EXIT,
                     f"磁盘已满，无法写入数据库（{text}）；数据库本身完好，本次结果未记录。请释放磁盘空间后再试。")
    if name.startswith("SQLITE_READONLY") or "readonly database" in lowered or \
            (isinstance(exc, OSError) and exc.errno == errno.EROFS):
        return Fault("read-only", READ_ONLY_EXIT,
                     f"数据库只读，无法写入（{text}）；请检查文件与所在目录的权限，或磁盘是否以只读方式挂载。"
                     "只读的命令（serve、report、stats）仍可使用。")
    return None
