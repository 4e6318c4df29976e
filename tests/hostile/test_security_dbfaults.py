"""Database faults named as what they are (issue 19): a corrupt file, a newer schema, a read-only filesystem
and a full disk each give their own Chinese message and exit code, never a traceback, and nothing is written
into a file that cannot take it; read-only commands work on a read-only filesystem.

Real SQLite files and the real CLI; the read-only filesystem and the full disk are real tmpfs mounts in a
private mount namespace of the child (``unshare -m``), skipped where the machine does not allow that.
"""

from __future__ import annotations

import hashlib
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AS_OF, ROOT, run_cli

from storage.faults import CORRUPT_EXIT, DISK_FULL_EXIT, NEWER_SCHEMA_EXIT, READ_ONLY_EXIT
from storage.schema import SCHEMA_VERSION

CONFIG = """database = "patrol.db"
[crawl]
timeout = 1
retries = 0

[[units]]
name = "甲单位"

[[sites]]
name = "甲单位"
url = "http://127.0.0.1:9/"
unit = "甲单位"
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sound database after one real run (the site is unreachable: a quick run)."""
    work = tmp_path_factory.mktemp("sound")
    (work / "sites.toml").write_text(CONFIG, encoding="utf-8")
    result = run_cli("run", "--config", "sites.toml", "--as-of", AS_OF.isoformat(), "--quiet", cwd=work)
    assert result.code in (0, 1), result.stderr
    con = sqlite3.connect(work / "patrol.db")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return work / "patrol.db"


def _work(tmp_path: Path, sound: Path) -> Path:
    (tmp_path / "sites.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copy(sound, tmp_path / "patrol.db")
    return tmp_path / "patrol.db"


COMMANDS = {
    "run": ["run", "--config", "sites.toml", "--as-of", AS_OF.isoformat(), "--quiet"],
    "report": ["report", "--config", "sites.toml", "--as-of", AS_OF.isoformat()],
    "stats": ["stats", "--year", "2026", "--db", "patrol.db"],
    "notify": ["notify", "--config", "sites.toml", "--as-of", AS_OF.isoformat(), "--dry-run", "--allow-stale"],
    "probe": ["probe", "--config", "sites.toml", "--quiet"],
    "serve": ["serve", "--db", "patrol.db", "--port", "0"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_corrupt_file_is_named(command: str, tmp_path: Path, sound: Path) -> None:
    db = _work(tmp_path, sound)
    db.write_bytes(b"this is not an SQLite file\x00" * 200)
    before = _sha(db)
    result = run_cli(*COMMANDS[command], cwd=tmp_path, timeout=60)
    assert result.code == CORRUPT_EXIT, (result.code, result.stderr[-1500:])
    assert "已损坏" in result.stderr and "Traceback" not in result.stderr
    assert _sha(db) == before


def test_damage_inside_a_sound_header_is_found_before_a_run_writes(tmp_path: Path, sound: Path) -> None:
    db = _work(tmp_path, sound)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    assert len(data) > 4 * page
    for p in range(2, len(data) // page):  # every page but the first: the header and schema stay readable
        data[p * page + 8: p * page + 64] = b"\xa5" * 56
    db.write_bytes(bytes(data))
    before = _sha(db)
    result = run_cli(*COMMANDS["run"], cwd=tmp_path, timeout=60)
    assert result.code == CORRUPT_EXIT, (result.code, result.stderr[-1500:])
    assert "已损坏" in result.stderr and "中断" not in result.stderr
    assert _sha(db) == before  # no run row written into it


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_newer_schema_is_named(command: str, tmp_path: Path, sound: Path) -> None:
    db = _work(tmp_path, sound)
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.commit()
    con.close()
    before = _sha(db)
    result = run_cli(*COMMANDS[command], cwd=tmp_path, timeout=60)
    assert result.code == NEWER_SCHEMA_EXIT, (result.code, result.stderr[-1500:])
    assert "更新版本的 Patrol" in result.stderr and "Traceback" not in result.stderr
    assert _sha(db) == before


def _in_mount(tmp_path: Path, sound: Path, setup: str, args: list[str]) -> subprocess.CompletedProcess:
    """Run `patrol ARGS` in a private mount namespace where ``tmp_path/mnt`` is a fresh tmpfs holding the
    config and a copy of the sound database, after the shell ``setup`` ran there."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    (tmp_path / "sites.toml").write_text(CONFIG, encoding="utf-8")
    patrol = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "patrol", *args])
    script = (f"mount -t tmpfs -o size=4m tmpfs {mnt} && cp {sound} {tmp_path / 'sites.toml'} {mnt}/ && "
              f"cd {mnt} && {setup} && cd {mnt} && PYTHONPATH={ROOT} {patrol}")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs tmpfs {mnt}"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("private tmpfs mounts are not allowed here")
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)


READ_ONLY = "mount -o remount,ro {mnt}"


@pytest.mark.parametrize("command", ["report", "stats"])
def test_read_only_commands_work_on_a_read_only_filesystem(command: str, tmp_path: Path, sound: Path) -> None:
    done = _in_mount(tmp_path, sound, READ_ONLY.format(mnt=tmp_path / "mnt"), COMMANDS[command])
    assert done.returncode in (0, 1), done.stderr[-1500:]
    assert "Traceback" not in done.stderr and done.stdout.strip()
    if command == "report":
        assert "甲单位" in done.stdout


def test_a_run_on_a_read_only_filesystem_is_named(tmp_path: Path, sound: Path) -> None:
    done = _in_mount(tmp_path, sound, READ_ONLY.format(mnt=tmp_path / "mnt"), COMMANDS["run"])
    assert done.returncode == READ_ONLY_EXIT, (done.returncode, done.stderr[-1500:])
    assert "只读" in done.stderr and "已损坏" not in done.stderr and "Traceback" not in done.stderr


FILL = "(dd if=/dev/zero of=filler bs=4k 2>/dev/null; true)"


def test_a_full_disk_is_named_and_the_database_not_called_corrupt(tmp_path: Path, sound: Path) -> None:
    done = _in_mount(tmp_path, sound, FILL, COMMANDS["run"])
    assert done.returncode == DISK_FULL_EXIT, (done.returncode, done.stderr[-1500:])
    assert "磁盘已满" in done.stderr and "已损坏" not in done.stderr and "Traceback" not in done.stderr


def test_notify_on_a_full_disk_does_not_claim_it_recorded_anything(tmp_path: Path, sound: Path) -> None:
    args = ["notify", "--config", "sites.toml", "--as-of", AS_OF.isoformat(), "--allow-stale"]
    done = _in_mount(tmp_path, sound, FILL, args)
    assert done.returncode == DISK_FULL_EXIT, (done.returncode, done.stderr[-1500:])
    assert "已记录" not in done.stderr and "磁盘已满" in done.stderr and "Traceback" not in done.stderr


SERVE_AND_GET = """
import subprocess, sys, time, urllib.request
port = sys.argv[1]
child = subprocess.Popen([sys.executable, "-m", "patrol", "serve", "--db", "patrol.db", "--port", port])
try:
    for _ in range(200):
        try:
            print(urllib.request.urlopen(f"http://127.0.0.1:{port}/patrol/sites.json?_shape=array", timeout=2)
                  .read().decode())
            break
        except OSError:
            time.sleep(0.1)
finally:
    child.terminate()
    child.wait(timeout=20)
"""


def test_serve_works_on_a_read_only_filesystem(tmp_path: Path, sound: Path) -> None:
    import json

    from notices_fixtures import free_port

    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    driver = tmp_path / "driver.py"
    driver.write_text(SERVE_AND_GET, encoding="utf-8")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs tmpfs {mnt}"], capture_output=True).returncode:
        pytest.skip("private tmpfs mounts are not allowed here")
    script = (f"mount -t tmpfs -o size=4m tmpfs {mnt} && cp {sound} {mnt}/ && mount -o remount,ro {mnt} && "
              f"cd {mnt} && PYTHONPATH={ROOT} {sys.executable} {driver} {free_port()}")
    served = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    lines = [line for line in served.stdout.splitlines() if line.startswith("[")]
    assert lines and json.loads(lines[0])[0]["name"] == "甲单位", served.stderr[-1500:]
