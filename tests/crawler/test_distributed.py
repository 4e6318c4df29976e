"""A distributed run (patrol run --redis + patrol worker) on a real redis-server: the same database as one
process, a killed worker and a restarted coordinator lose nothing."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import AS_OF, CliResult, rows, write_slow_config

from core.config import load_config
from crawler.itemcodec import ItemDecodeError, decode_item, encode_item
from crawler.items import (
    ArticleItem,
    ColumnDoneItem,
    ColumnItem,
    EntriesItem,
    PageItem,
    PageLinks,
    SiteItem,
)
from patrol.demo.server import DemoPortals

# what a run leaves in the tables that matter, run ids and timestamps aside
TABLES = {"sites": "name", "columns": "id", "entries": "id", "findings": "key", "evaluations": "site"}
IGNORED = {"fetched_at", "first_seen", "last_seen", "fixed_at"}
SLOWEST = "清河市发展和改革委员会"  # its 120-record Hanweb column takes longest: left out to keep the test fast
SUBSET = ("清河市教育局", "清河市林业局")


def content(db: Path, sites: tuple[str, ...] | None = None) -> dict[str, list[dict]]:
    out = {}
    for table, key in TABLES.items():
        names = [r["name"] for r in rows(db, f"pragma table_info('{table}')")]
        cols = [c for c in names if "run" not in c and c not in IGNORED]
        where = ""
        if sites:
            where = f" WHERE {'name' if table == 'sites' else 'site'} IN ({', '.join('?' * len(sites))})"
        sql = f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in cols)} FROM "{table}"{where} ORDER BY "{key}"'
        out[table] = [_unordered(dict(r)) if table == "findings" else dict(r) for r in rows(db, sql, *(sites or ()))]
    return out


def _unordered(finding: dict) -> dict:
    """A finding that lists columns lists them in the order they were first stored, which follows the order
    answers arrived in (concurrent requests: it differs between two one-process runs too): compare the lists
    as sets, and the message as the same characters."""
    evidence = json.loads(finding["evidence"] or "null")
    if isinstance(evidence, dict):
        evidence = {k: sorted(map(str, v)) if isinstance(v, list) else v for k, v in evidence.items()}
    return {**finding, "evidence": evidence, "message": sorted(finding["message"] or "")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real redis-server on a free loopback port, in a temp dir, for one test."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; CI installs it)")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    client.close()
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def patrol(*args: str, log: Path) -> subprocess.Popen:
    """`python -m patrol ARGS` in a child process, its stderr into ``log`` (the child keeps the file open)."""
    with log.open("wb") as err:
        return subprocess.Popen([sys.executable, "-m", "patrol", *args], stdout=subprocess.PIPE, stderr=err,
                                text=True)


def finish(child: subprocess.Popen, timeout: float = 90) -> CliResult:
    out, _ = child.communicate(timeout=timeout)
    return CliResult(child.returncode, out, "")


def wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_items_cross_redis_as_the_same_dataclasses() -> None:
    items = [
        SiteItem(site="甲", url="http://a/", status=200, home_dates=[date(2026, 11, 18)],
                 home_entries=[{"title": "通知", "url": "http://a/1", "list_date": date(2026, 11, 2)}],
                 identifiers={"$weird": 1, "icp": "京ICP备1号"}),
        ColumnItem(site="甲", column_id="c1", name="通知公告", url="http://a/l/", parent=None, kind="list",
                   category="notice", status=200, page_date=date(2026, 1, 5), redirects=[{"url": "u", "status": 302}]),
        EntriesItem(site="甲", column_id="c1", entries=[{"url": "http://a/1", "list_date": date(2026, 11, 2),
                                                        "list_date_raw": "2026-11-02", "list_date_status": "ok"}]),
        ColumnDoneItem(site="甲", column_id="c1", entry_count=None, complete=False, cut="栏目翻页超过2页上限"),
        ArticleItem(url="http://a/1", status=200, published=date(2026, 11, 2), published_from="meta"),
        PageItem(url="http://a/", status=200, etag=None, last_modified=None, content_hash="h", encoding="utf-8",
                 links=PageLinks(site="甲", page="http://a/", place="home", column=None,
                                 links=[("http://b/", "链接")])),
    ]
    for item in items:
        back = decode_item(encode_item(item))
        assert type(back) is type(item) and back == item
    assert isinstance(decode_item(encode_item(items[4])).published, date)
    with pytest.raises(ItemDecodeError):
        decode_item(b'{"$item": "Popen", "fields": {}}')
    with pytest.raises(ItemDecodeError):
        decode_item(b"not json")


def test_coordinator_and_two_workers_give_the_database_of_one_process(
        portals: DemoPortals, crawled: tuple[Path, CliResult], redis_url: str, tmp_path: Path) -> None:
    baseline, _ = crawled
    db = tmp_path / "patrol.db"
    config = tmp_path / "sites.toml"
    config.write_text(portals.config_toml(database=str(db)), encoding="utf-8")
    workers = [patrol("worker", "--redis", redis_url, "--batch", "4", "--quiet", log=tmp_path / f"w{i}.log")
               for i in range(2)]
    sites = tuple(s.name for s in load_config(config).sites if s.name != SLOWEST)
    assert len(sites) >= 6  # TRS, Hanweb, table, plain-list and gateway portals, the unreachable and blocked ones
    coordinator = run_coordinator(config, redis_url, tmp_path / "coordinator.log",
                                  *(arg for name in sites for arg in ("--site", name)))
    result = finish(coordinator)
    assert result.code in (0, 1), (tmp_path / "coordinator.log").read_text()
    done = [finish(w, timeout=30) for w in workers]
    assert [d.code for d in done] == [0, 0]
    pages = [int(d.stdout.split("抓取 ")[1].split(" 页")[0]) for d in done]
    assert all(p > 0 for p in pages), pages  # both workers crawled sites
    assert [tuple(r) for r in rows(db, "select id, status from runs")] == [(1, "complete")]
    assert content(db, sites) == content(baseline, sites)
    assert rows(db, "select count(*) from entries")[0][0] > 100
    assert "合计" in result.stdout

    # the next night, incremental: workers have no database, so the stored validators travel with each site
    counts = {r["id"]: r["entry_count"] for r in rows(db, "select id, entry_count from columns where walked_run = 1")}
    worker = patrol("worker", "--redis", redis_url, "--quiet", log=tmp_path / "w-next.log")
    nxt = AS_OF + timedelta(days=1)
    again = finish(patrol("run", "--config", str(config), "--as-of", nxt.isoformat(), "--redis", redis_url,
                          "--lease", "2", *(arg for name in sites for arg in ("--site", name)),
                          log=tmp_path / "next.log"))
    assert again.code in (0, 1), (tmp_path / "next.log").read_text()
    assert finish(worker, timeout=30).code == 0
    first, second = (r["pages"] for r in rows(db, "select pages from runs order by id"))
    assert second * 4 < first
    assert rows(db, "select count(*) from pages where run_id = 2 and status = 304")[0][0] > 0  # conditional GETs
    assert {r["id"]: r["entry_count"] for r in rows(db, "select id, entry_count from columns where walked_run = 2")
            } == counts


def run_coordinator(config: Path, redis_url: str, log: Path, *extra: str) -> subprocess.Popen:
    return patrol("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--redis", redis_url,
                  "--lease", "2", *extra, log=log)


def test_killed_worker_and_restarted_coordinator_lose_nothing(
        portals: DemoPortals, crawled: tuple[Path, CliResult], redis_url: str, tmp_path: Path) -> None:
    import redis

    baseline, _ = crawled
    db = tmp_path / "patrol.db"
    config = tmp_path / "sites.toml"
    write_slow_config(portals, config, db, 0.03)
    subset = [arg for name in SUBSET for arg in ("--site", name)]
    coordinator = run_coordinator(config, redis_url, tmp_path / "c1.log", *subset)
    victim = patrol("worker", "--redis", redis_url, "--batch", "1", "--quiet", log=tmp_path / "victim.log")
    client = redis.Redis.from_url(redis_url)

    def victim_site() -> str | None:
        for key in client.keys("patrol:run:*:owners"):
            for site, owner in client.hgetall(key).items():
                if owner.decode().endswith(f":{victim.pid}"):
                    return site.decode()
        return None

    def victim_stored_some() -> bool:
        site = victim_site()
        return site is not None and db.exists() and bool(rows(
            db, "select 1 from columns where site = ? and walked_run is not null and entry_count > 0", site))

    wait_for(victim_stored_some, "the victim worker to store part of a site")
    lost = victim_site()
    victim.send_signal(signal.SIGKILL)  # mid-site: its lease runs out, another worker takes the site again
    victim.communicate()
    client.close()
    coordinator.send_signal(signal.SIGTERM)  # and the coordinator stops: the run is left to resume
    assert finish(coordinator).code == 3
    assert [tuple(r) for r in rows(db, "select id, status from runs")] == [(1, "interrupted")]
    walked = rows(db, "select count(*) from columns where site = ? and walked_run = 1", lost)[0][0]
    assert walked > 0
    listed = rows(db, "select count(*) from entries e join columns c on c.id = e.column_id "
                      "where c.site = ? and c.walked_run = 1", lost)[0][0]
    assert listed > 0  # a list column of the lost site was walked and stored before the kill

    survivor = patrol("worker", "--redis", redis_url, "--batch", "2", "--quiet", log=tmp_path / "survivor.log")
    result = finish(run_coordinator(config, redis_url, tmp_path / "c2.log", *subset))
    assert result.code in (0, 1), (tmp_path / "c2.log").read_text()
    assert "已续跑上次中断的巡查（批次 1）" in result.stdout
    assert "重新排队" in (tmp_path / "c2.log").read_text(encoding="utf-8")
    assert finish(survivor, timeout=30).code == 0
    assert [tuple(r) for r in rows(db, "select id, status from runs")] == [(1, "complete")]
    assert content(db, SUBSET) == content(baseline, SUBSET)
    # the site taken back was finished by the survivor from where the store stood: the columns walked before
    # the kill were not walked again, and the entry pages the killed worker had not sent yet were read
    assert rows(db, "select count(*) from columns where site = ? and walked_run = 1", lost)[0][0] >= walked


def test_worker_without_a_run_exits_after_waiting(redis_url: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "patrol", "worker", "--redis", redis_url, "--wait", "0.5"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "没有等到巡查任务" in done.stderr


def test_unreachable_redis_is_reported(portals: DemoPortals, tmp_path: Path) -> None:
    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    done = subprocess.run([sys.executable, "-m", "patrol", "worker", "--redis", url],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert "无法连接 Redis" in done.stderr
    assert "s3cret" not in done.stderr and ":***@127.0.0.1" in done.stderr  # no password in a message
    db = tmp_path / "patrol.db"
    config = tmp_path / "sites.toml"
    config.write_text(portals.config_toml(database=str(db)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "patrol", "run", "--config", str(config), "--redis", url,
                           "--as-of", AS_OF.isoformat()], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert "无法连接 Redis" in done.stderr and "巡查未完成" in done.stderr and "s3cret" not in done.stderr
    assert not db.exists() or not rows(db, "select id from runs")  # no run was started
