"""The site window: one `patrol run` walks at most `[crawl] sites_at_once` sites at once, and stores the same
results as a run that starts every site at once (crawler/sitewindow.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import AS_OF, interruptible, query, rows, run_cli

from patrol.demo import make_bulk_sites
from patrol.demo.server import DemoPortals

SITES = 9


class LoggedPortals(DemoPortals):
    """Demo portals that log each request (site, method, address) in the order they arrived."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log: list[tuple[str, str, str]] = []
        self.log_lock = threading.Lock()

    def respond(self, key: str, method: str, raw_path: str, headers: Any, body: bytes) -> Any:
        with self.log_lock:
            self.log.append((key, method, raw_path))
        return super().respond(key, method, raw_path, headers, body)


@pytest.fixture(scope="module")
def bulk() -> Iterator[LoggedPortals]:
    with LoggedPortals(AS_OF, sites=make_bulk_sites(SITES, 2, 4, seed=3)) as served:
        yield served


def write_config(portals: DemoPortals, folder: Path, at_once: int, *, links: bool = True,
                 slow_first: float | None = None, timeout: float = 10.0) -> tuple[Path, Path]:
    """``sites.toml`` (and the database path) for the portals with ``sites_at_once``, link checks or not, and
    first of all, when ``slow_first``, a site whose home page answers after that many seconds."""
    folder.mkdir(exist_ok=True)
    db, config = folder / "patrol.db", folder / "sites.toml"
    text = portals.config_toml(database=str(db)).replace("check_links = true", f"check_links = {str(links).lower()}")
    text = text.replace("[crawl]", f"[crawl]\nsites_at_once = {at_once}", 1).replace("timeout = 10.0",
                                                                                       f"timeout = {timeout}")
    if slow_first is not None:
        slow = (f'[[sites]]\nname = "迟缓站点"\nurl = "{portals.url(portals.sites[0].key, f"/_delay/{slow_first}")}"\n'
                f'unit = "{portals.sites[0].unit}"\n\n')
        at = text.index("\n[[sites]]") + 1
        text = text[:at] + slow + text[at:]
    config.write_text(text, encoding="utf-8")
    return db, config


def crawl(portals: LoggedPortals, folder: Path, at_once: int, links: bool = True
          ) -> tuple[Path, list[tuple[str, str, str]]]:
    """A real `patrol run` of the portals with ``sites_at_once`` (and link checks or not); its database and the
    server's request log."""
    db, config = write_config(portals, folder, at_once, links=links)
    with portals.log_lock:
        portals.log.clear()
    result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", cwd=folder)
    assert result.code in (0, 1), result.stderr[-3000:]
    with portals.log_lock:
        return db, list(portals.log)


def most_at_once(log: list[tuple[str, str, str]]) -> int:
    """Most sites whose walks overlap: a site counts from its first request to its walk's last one. The walk
    asks for each address once; what a crawl sends once every walk is over (annual reports, channels, service
    halls: read again when the crawl is idle) asks again for pages the walk read, so only first asks count."""
    walk = list(dict.fromkeys(log))
    sites = [key for key, _, _ in walk]
    first = {key: sites.index(key) for key in set(sites)}
    last = {key: len(sites) - 1 - sites[::-1].index(key) for key in set(sites)}
    return max(sum(first[k] <= i <= last[k] for k in first) for i in range(len(sites)))


def stored(db: Path) -> dict[str, list[tuple]]:
    """What a run stored, without run ids and times."""
    queries = {
        "sites": "SELECT name, status, error, identifiers, home_dates, home_entries FROM sites ORDER BY name",
        "columns": 'SELECT id, site, name, url, parent, kind, status, error, entry_count, latest FROM "columns" '
                   "ORDER BY id",
        "entries": "SELECT id, site, url, title, list_date, published, article_title, status FROM entries ORDER BY id",
        "findings": "SELECT key, rule, severity, site, message FROM findings ORDER BY key",
        "links": "SELECT site, page, url, place, column_name FROM links ORDER BY site, page, url",
        "link_checks": "SELECT site, url, status, error, outcome, fails FROM link_checks ORDER BY site, url",
        "messages": "SELECT id, site, column_name, title, state FROM messages ORDER BY id",
        "pages": "SELECT pages FROM runs",
    }
    return {name: [tuple(r) for r in rows(db, sql)] for name, sql in queries.items()}


def test_a_window_smaller_than_the_sites_walks_them_a_few_at_a_time_with_the_same_results(
        bulk: LoggedPortals, tmp_path: Path) -> None:
    """Without link checks (sent once every walk is over, to new addresses) the server's log shows the walks."""
    narrow_db, narrow_log = crawl(bulk, tmp_path / "narrow", 2, links=False)
    wide_db, wide_log = crawl(bulk, tmp_path / "wide", 64, links=False)
    assert {k for k, _, _ in narrow_log} == {k for k, _, _ in wide_log}  # (the blocked and unreachable sites
    assert len({k for k, _, _ in narrow_log}) == SITES  # answer elsewhere)
    assert most_at_once(narrow_log) == 2  # never more than the window, and the window was full
    assert most_at_once(wide_log) > 2  # without it the sites' walks overlap
    narrow, wide = stored(narrow_db), stored(wide_db)
    assert len(narrow["entries"]) >= SITES * 2 * 4
    assert narrow == wide


def test_sites_at_once_must_be_above_zero(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('database = "p.db"\n[crawl]\nsites_at_once = 0\n', encoding="utf-8")
    result = run_cli("run", "--config", str(config), cwd=tmp_path)
    assert result.code != 0
    assert f"{config}: crawl.sites_at_once: 值为 0，应为大于 0 的数" in result.stderr


def test_a_window_of_one_stores_what_all_sites_at_once_store_link_checks_included(
        bulk: LoggedPortals, tmp_path: Path) -> None:
    one_db, _ = crawl(bulk, tmp_path / "one", 1)
    all_db, _ = crawl(bulk, tmp_path / "all", 64)
    one = stored(one_db)
    assert {r[0] for r in rows(one_db, 'SELECT DISTINCT site FROM "columns" WHERE entry_count > 0')} \
        == {s.name for s in bulk.sites}
    assert one["link_checks"]
    assert one == stored(all_db)


def test_a_site_that_hangs_holds_one_place_of_the_window_until_its_requests_time_out(
        bulk: LoggedPortals, tmp_path: Path) -> None:
    db, config = write_config(bulk, tmp_path, 1, links=False, slow_first=30, timeout=2.0)
    started = time.monotonic()
    result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", cwd=tmp_path)
    assert result.code in (0, 1), result.stderr[-3000:]
    assert time.monotonic() - started < 60  # not the 30 s per try the slow site would take
    assert rows(db, "SELECT status, error IS NOT NULL FROM sites WHERE name = '迟缓站点'")[0][1] == 1
    walked = {r[0] for r in rows(db, 'SELECT DISTINCT site FROM "columns" WHERE entry_count > 0')}
    assert walked == {s.name for s in bulk.sites}


def test_ctrl_c_while_the_window_is_full_stops_at_once_and_the_next_run_resumes(
        bulk: LoggedPortals, tmp_path: Path) -> None:
    db, config = write_config(bulk, tmp_path, 1, links=False, slow_first=40, timeout=60.0)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = subprocess.Popen([sys.executable, "-m", "patrol", "run", "--config", str(config), "--as-of",
                              AS_OF.isoformat(), "--quiet"], cwd=tmp_path, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=interruptible)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not query(db, "SELECT id FROM runs"):
        time.sleep(0.05)
    time.sleep(2.0)  # the slow site's home page is asked for; every other site waits for the window
    assert child.poll() is None, child.communicate()
    child.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = child.communicate(timeout=60)
    assert time.monotonic() - sent < 8, "patrol run did not stop promptly"  # the slow answer takes 40 s
    assert child.returncode == 3 and "巡查被中断" in err and "Traceback" not in err
    assert query(db, "SELECT status FROM runs") == [("interrupted",)]

    write_config(bulk, tmp_path, 1, links=False)  # the slow site gone: the interrupted run is completed
    again = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", cwd=tmp_path)
    assert again.code in (0, 1), again.stderr[-3000:]
    assert "已续跑上次中断的巡查" in again.stdout
    assert query(db, "SELECT status FROM runs") == [("complete",)]
    walked = {r[0] for r in rows(db, 'SELECT DISTINCT site FROM "columns" WHERE entry_count > 0')}
    assert walked == {s.name for s in bulk.sites}
