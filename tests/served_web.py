"""The web view's test server, shared by tests/web/: a crawled demo database after a real notify, served by
`patrol serve` in a child process on an ephemeral loopback port."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import AS_OF, run_cli
from notices_fixtures import free_port, smtp_server

from patrol.demo.server import DemoPortals


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def notified(crawled: tuple[Path, object], portals: DemoPortals,
             tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the crawled database after a real weekly notify (mail on a real SMTP server)."""
    work = tmp_path_factory.mktemp("web")
    db = work / "patrol.db"
    shutil.copy(crawled[0], db)
    with smtp_server() as (port, _inbox):
        mail = f'\n[mail]\nhost = "127.0.0.1"\nport = {port}\nsender = "gkb@qinghe.example"\n'
        config = work / "sites.toml"
        config.write_text(portals.config_toml(database=str(db)) + mail, encoding="utf-8")
        result = run_cli("notify", "--config", str(config), "--as-of", AS_OF.isoformat(), "--out", str(work / "out"))
    assert result.code == 0, result.stdout + result.stderr
    return db


@pytest.fixture(scope="module")
def server(notified: Path) -> Iterator[tuple[str, Path, str]]:
    """`patrol serve` on a free loopback port: (base URL, database, its hash before serving)."""
    before = file_sha(notified)
    with patrol_serve(["--db", str(notified)], cwd=notified.parent) as base:
        yield base, notified, before


@contextmanager
def patrol_serve(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`patrol serve ARGS` on a free loopback port, once it answers: its base URL; stopped afterwards."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "patrol", "serve", *args, "--port", str(port)], cwd=cwd,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read()) from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def get(base: str, path: str, **params: str) -> tuple[int, str, str]:
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.status, response.headers.get("content-type", ""), response.read().decode("utf-8")
