"""Test helpers: the inspection date of the fixtures and a runner for the real `patrol` CLI."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 20)
TESTS = Path(__file__).resolve().parent  # the shared helpers; test files sit in folders below it
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"  # the real pages and real sites, beside the repository


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 240) -> CliResult:
    """Run `python -m patrol ARGS` in a child process (Scrapy's reactor runs once per process)."""
    done = subprocess.run([sys.executable, "-m", "patrol", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
    return CliResult(done.returncode, done.stdout, done.stderr)


def invoke_cli(*args: str, cwd: Path | None = None) -> CliResult:
    """Run `patrol ARGS` in this process with click's CliRunner, for commands that crawl nothing.

    Exit codes and the split of stdout/stderr are those of the real command line.
    """
    import os

    from click.testing import CliRunner

    from patrol.cli import cli

    before = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(before)
    return CliResult(result.exit_code, result.stdout, result.stderr)


def rows(db: Path, sql: str, *args: object) -> list[sqlite3.Row]:
    """The rows a query gives on a real SQLite file (opened and closed for each query)."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def known_entry_urls(store: Any, column_id: str) -> set[str]:
    """URLs of the entries ever listed in a column, read from the store's file."""
    return {r["url"] for r in rows(store.path, "SELECT url FROM entries WHERE column_id = ?", column_id)}


def dated_article_urls(store: Any, site: str) -> set[str]:
    """URLs of a site's entries whose own page showed a date."""
    return {r["url"] for r in rows(store.path, "SELECT url FROM entries WHERE site = ? AND published IS NOT NULL",
                                   site)}


def site_columns(store: Any, site: str) -> list[dict[str, Any]]:
    """The column rows of the newest run that reached the site, in the order they were recorded."""
    return [dict(r) for r in rows(store.path, 'SELECT * FROM "columns" WHERE site = ?1 AND last_run = '
                                  '(SELECT max(last_run) FROM "columns" WHERE site = ?1) ORDER BY rowid', site)]


def write_slow_config(portals: Any, path: Path, database: Path, delay: float) -> None:
    """The demo config with one request at a time per host and ``delay`` between them: a crawl slow enough
    to be stopped halfway."""
    text = portals.config_toml(database=str(database))
    slow = text.replace("concurrency_per_host = 4", "concurrency_per_host = 1").replace("delay = 0.0",
                                                                                        f"delay = {delay}")
    assert slow != text
    path.write_text(slow, encoding="utf-8")


@contextmanager
def serving(httpd: ThreadingHTTPServer) -> Iterator[str]:
    """Run ``httpd`` (bound to 127.0.0.1) in a thread; yields its base URL (ending in /), shuts it down after."""
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def interruptible() -> None:
    """``preexec_fn`` for a child that a test interrupts with SIGINT: Ctrl-C's default restored, as a
    terminal gives it. A test run launched in the background (a non-interactive shell's ``&``) ignores
    SIGINT, the child inherits that, and Python then installs no KeyboardInterrupt handler."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def query(db: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` on a database another process may be writing (waits for its lock); none while the
    table does not exist yet."""
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()

