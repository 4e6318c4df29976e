"""`patrol check` of a site that never answers: it says it is waiting while it waits, and answers in one time
limit (its probes overlap), not one per probe."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from helpers import run_cli


@pytest.fixture()
def silent_site() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


def test_a_silent_site_is_waited_for_visibly_and_within_one_limit(silent_site: str) -> None:
    started = time.monotonic()
    result = run_cli("check", silent_site, "--as-of", "2026-11-20", timeout=120)
    took = time.monotonic() - started
    assert result.code == 1 and "结论：未能检查" in result.stdout
    assert "首页可用性探测：3次（间隔0.5秒），失败3次" in result.stdout
    waiting = [line for line in result.stderr.splitlines() if line.startswith("巡查中：已抓取 0 页")]
    assert waiting and "等待首页响应" in waiting[0] and "已用" in waiting[-1]
    assert took < 35, took  # the crawl's 2 × 10 s, the probes overlapping it (was 48 s: 3 × 15 s in a row)
