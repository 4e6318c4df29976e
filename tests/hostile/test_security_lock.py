"""The inspection lock is the database's, however its path is spelt (issue 19): a symlink, a relative path,
``..`` detours and a hard link in its folder all meet the same lock; `patrol run` through a symlink is refused (75)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AS_OF, ROOT, run_cli

from storage.lock import Busy, inspection_lock
from storage.store import Store

HOLDER = """
import os, sys
os.chdir(sys.argv[2])
from storage.lock import inspection_lock
with inspection_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def _hold(db: str, cwd: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, db, str(cwd)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


@pytest.fixture
def spellings(tmp_path: Path) -> dict[str, Path]:
    real = tmp_path / "data" / "patrol.db"
    real.parent.mkdir()
    with Store(real):
        pass  # a real database file (its inode is part of the lock)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    folder_link = tmp_path / "folder"
    folder_link.symlink_to(real.parent, target_is_directory=True)
    hard = real.parent / "hard.db"  # a second name in the same folder (the inode lock sits there)
    os.link(real, hard)
    return {"real": real, "link": link, "via folder link": folder_link / "patrol.db",
            "detour": tmp_path / "data" / ".." / "data" / "patrol.db", "hard link": hard}


@pytest.mark.parametrize("held,tried", [("link", "real"), ("real", "link"), ("via folder link", "real"),
                                        ("real", "detour"), ("hard link", "real"), ("real", "hard link")])
def test_every_spelling_meets_the_same_lock(spellings: dict[str, Path], held: str, tried: str) -> None:
    child = _hold(str(spellings[held]), ROOT)
    try:
        with pytest.raises(Busy), inspection_lock(spellings[tried]):
            pass
    finally:
        child.communicate("")


def test_a_relative_path_and_an_absolute_one_meet(spellings: dict[str, Path]) -> None:
    real = spellings["real"]
    child = _hold("./patrol.db", real.parent)
    try:
        with pytest.raises(Busy), inspection_lock(real):
            pass
    finally:
        child.communicate("")
    with inspection_lock(real):  # released with its holder
        pass


def test_patrol_run_through_a_symlink_is_refused_while_another_runs(spellings: dict[str, Path],
                                                                     tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\n', encoding="utf-8")
    child = _hold(str(spellings["real"]), ROOT)
    try:
        result = run_cli("run", "--config", str(config), "--db", str(spellings["link"]), "--as-of",
                         AS_OF.isoformat(), "--quiet")
    finally:
        child.communicate("")
    assert result.code == 75 and "另一个巡查正在运行" in result.stderr
