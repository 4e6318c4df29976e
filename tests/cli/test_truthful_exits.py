"""Exit codes as the README gives them: interruption 3, usage 2, a page or site not read 1."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import AS_OF, ROOT, interruptible, invoke_cli, rows, run_cli

from storage.store import Store


def _silent_server() -> socket.socket:
    """A loopback port that accepts connections (the kernel's backlog) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    return listener


SILENT_CONFIG = """
[[units]]
name = "清河市教育局"

[[sites]]
name = "清河市教育局"
url = "{url}"
unit = "清河市教育局"
"""

# Ctrl-C on each command while it waits on a site that never answers (or, for the long-running servers,
# while it serves): the code and the words the README gives, within seconds, never a traceback.
INTERRUPTED = [
    (("check", "{url}", "--probes", "3"), 3, "中断"),
    (("page", "{url}"), 3, "中断"),
    (("probe", "--config", "sites.toml"), 3, "中断"),
    (("run", "--config", "sites.toml", "--quiet"), 3, "巡查被中断"),
    (("schedule", "--config", "sites.toml"), 0, "调度器已停止"),
    (("serve", "--db", "served.db", "--port", "0"), 0, "按 Ctrl-C 结束"),
]


def _until_working(child: subprocess.Popen, name: str, listener: socket.socket) -> tuple[list[socket.socket], str]:
    """Wait until the command is at work, however slowly it started: a command that reads the site has
    connected to it (the connection is held, unanswered); the scheduler has printed its jobs; the server its
    address. Returns the held connections and what was read of its output."""
    if name in ("schedule", "serve"):
        stream = child.stdout if name == "schedule" else child.stderr
        assert stream is not None
        mark, seen = ("每晚巡查" if name == "schedule" else "按 Ctrl-C 结束"), ""
        while mark not in seen:
            line = stream.readline()
            assert line, f"{name} ended before it was at work: {seen}"
            seen += line
        time.sleep(1)  # the scheduler's or the server's loop is running
        return [], seen
    listener.settimeout(120)
    conn, _ = listener.accept()  # the command is up and its request hangs
    time.sleep(1)
    return [conn], ""


@pytest.mark.parametrize(("command", "code", "says"), INTERRUPTED, ids=lambda v: v[0] if isinstance(v, tuple) else "")
def test_ctrl_c_stops_every_command_within_seconds(tmp_path: Path, command: tuple[str, ...], code: int,
                                                   says: str) -> None:
    Store(tmp_path / "served.db").close()
    with _silent_server() as listener:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        (tmp_path / "sites.toml").write_text(SILENT_CONFIG.format(url=url), encoding="utf-8")
        child = subprocess.Popen([sys.executable, "-m", "patrol", *(c.format(url=url) for c in command)],
                                 cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 preexec_fn=interruptible)
        held, seen = _until_working(child, command[0], listener)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
        took = time.monotonic() - sent
        for conn in held:
            conn.close()
    out, err = (out, seen + err) if command[0] == "serve" else (seen + out, err)
    assert child.returncode == code, out + err
    assert says in out + err and "Traceback" not in err and "Aborted" not in err and "WARNING" not in err
    assert took < 5, f"stopping took {took:.1f}s"
    if command[0] == "serve":
        assert re.search(r"http://127\.0\.0\.1:[1-9]\d*/", err), err  # the port chosen, not 0


def test_serve_on_a_taken_port_is_a_usage_error_before_any_url(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    Store(db).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_cli("serve", "--db", str(db), "--port", str(port), cwd=tmp_path, timeout=60)
    assert result.code == 2, result.stdout + result.stderr
    assert "已被其他程序占用" in result.stderr and "--port" in result.stderr
    assert "浏览器打开" not in result.stderr and "ERROR" not in result.stderr and "Errno" not in result.stderr


def test_page_on_a_refused_connection_exits_1_and_says_no_answer(tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port nobody listens on: the connection is refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = run_cli("page", f"http://127.0.0.1:{port}/", cwd=tmp_path, timeout=60)
    assert result.code == 1, result.stdout + result.stderr
    assert "状态：—（未收到回应）" in result.stdout and "状态：0" not in result.stdout
    assert "未能正常读取" in result.stderr and "Traceback" not in result.stderr


def test_page_kinds_are_chinese(crawled: tuple[Path, object]) -> None:
    url = rows(crawled[0], "SELECT url FROM \"columns\" WHERE kind = 'list' AND entry_count > 0 LIMIT 1")[0]["url"]
    result = run_cli("page", url, "--as-of", AS_OF.isoformat(), timeout=60)
    assert result.code == 0, result.stderr
    assert "类型：列表页" in result.stdout and "类型：list" not in result.stdout


def test_report_on_a_site_that_could_not_be_checked_exits_1(crawled: tuple[Path, object], tmp_path: Path) -> None:
    db = crawled[0]
    unchecked = [r["site"] for r in rows(db, "SELECT site FROM evaluations WHERE verdict = 'unchecked'")]
    assert unchecked, "the demo has a site behind an anti-bot challenge"
    config = db.parent / "sites.toml"
    result = invoke_cli("report", "--config", str(config), "--db", str(db), "--as-of", AS_OF.isoformat(),
                        "--site", unchecked[0], cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    assert "未能检查" in result.stdout


def test_the_readme_exit_code_table_names_every_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for phrase in ("2 usage or config\nerror", "3 the command did not complete", "75", "70 an\nunexpected error",
                   "65 the file is corrupt", "78 the database is of a newer schema"):
        assert phrase in readme, phrase
