"""Redis input is untrusted (issue 19): the item codec refuses every malformed message without crashing, and
a distributed run on a real redis-server stores the good items, dead-letters the forged ones and completes.

The coordinator and a worker are the real CLI in child processes; the portal is a real loopback server.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import redis
from helpers import AS_OF, ROOT, rows
from notices_fixtures import free_port
from security_servers import Server, page

from crawler.itemcodec import ITEM_TYPES, MAX_TEXT, ItemDecodeError, decode_item, encode_item
from crawler.items import ColumnItem, EntriesItem, LinkCheckItem, PageItem, PageLinks, SiteItem
from crawler.redisqueue import CURRENT_KEY, PASSWORD_ENV, RunQueue, connect

SITE = "清河市档案馆"


def _site(**fields: object) -> bytes:
    return json.dumps({"$item": "SiteItem", "fields": {"site": SITE, "url": "http://x/", "status": 200,
                                                       **fields}}).encode()


def _page(links: PageLinks) -> PageItem:
    return PageItem(url=links.page, status=200, etag=None, last_modified=None, content_hash=None, encoding=None,
                    links=links)


def _deep(n: int) -> bytes:
    return b'{"$item": "SiteItem", "fields": {"site": "a", "url": "u", "status": 1, "identifiers": ' + \
        b'{"a": ' * n + b"1" + b"}" * n + b"}}"


# (what it tries, the raw message): each must be refused, none may crash the reader
BAD_ITEMS: list[tuple[str, bytes]] = [
    ("not JSON", b"\x00\xffgarbage{"),
    ("JSON, not an item", b"[1, 2, 3]"),
    ("200k-deep JSON array", b"[" * 200_000 + b"]" * 200_000),
    ("deep JSON inside an item", _deep(5_000)),
    ("unknown item class", b'{"$item": "Popen", "fields": {"args": ["sh"]}}'),
    ("fields not an object", b'{"$item": "SiteItem", "fields": [1]}'),
    ("unknown field", _site(shell="rm -rf /")),
    ("status of the wrong type", _site(status="200")),
    ("status a bool", _site(status=True)),
    ("home_dates not dates", _site(home_dates=["yesterday"])),
    ("a date that is no date", _site(home_dates=[{"$date": "2026-13-45"}])),
    ("identifiers not a dict", _site(identifiers=[1])),
    ("oversized text", _site(title="长" * (MAX_TEXT + 1))),
    ("huge integer", _site(status=10 ** 30)),
    ("unhashable dict key", _site(identifiers={"$dict": [[[1], 2]]})),
    ("a site not in the config", _site(site="伪造站点")),
    ("link check outcome out of range", encode_item(LinkCheckItem(SITE, "http://x/", 200, None, "pwned"))),
    ("page links place out of range", encode_item(_page(PageLinks(SITE, "http://x/", "attic", None, [])))),
    ("page links of a site not in the config",
     encode_item(_page(PageLinks("伪造站点", "http://x/", "home", None, [])))),
    ("entries not dicts", json.dumps({"$item": "EntriesItem", "fields": {"site": SITE, "column_id": "c",
                                                                        "entries": [1, "x"]}}).encode()),
    ("column item without its fields", b'{"$item": "ColumnItem", "fields": {"site": "x"}}'),
]


@pytest.mark.parametrize("what,raw", BAD_ITEMS, ids=[w for w, _ in BAD_ITEMS])
def test_the_codec_refuses_each_bad_item(what: str, raw: bytes) -> None:
    if what == "a site not in the config":  # well-formed: the coordinator refuses it, not the codec
        assert isinstance(decode_item(raw), SiteItem)
        return
    if what == "page links of a site not in the config":
        assert isinstance(decode_item(raw), PageItem)
        return
    with pytest.raises(ItemDecodeError):
        decode_item(raw)


def _random_json(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randrange(9 if depth < 6 else 5)
    if kind == 0:
        return rng.randrange(-10**20, 10**20)
    if kind == 1:
        return rng.choice(["", "$item", "$date", "2026-01-01", "x" * rng.randrange(50), "通知"])
    if kind == 2:
        return rng.choice([None, True, False, 1.5])
    if kind in (3, 4):
        return rng.choice(list(ITEM_TYPES))
    if kind in (5, 6):
        keys = ["$item", "fields", "$date", "$tuple", "$dict", "$datetime", "site", "url", "status", "entries"]
        return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randrange(4))}
    return [_random_json(rng, depth + 1) for _ in range(rng.randrange(4))]


def test_fuzzed_messages_decode_or_are_refused_never_crash() -> None:
    rng = random.Random(19)
    refused = decoded = 0
    for _ in range(5000):
        value = _random_json(rng)
        if isinstance(value, dict) and rng.random() < 0.7:
            value = {"$item": rng.choice(list(ITEM_TYPES)), "fields": value}
        raw = json.dumps(value).encode()
        if rng.random() < 0.1:
            raw = raw[: rng.randrange(len(raw) + 1)]  # truncated
        try:
            item = decode_item(raw)
        except ItemDecodeError:
            refused += 1
        else:
            decoded += 1
            assert decode_item(encode_item(item)) == item  # what passes is a well-typed item
    assert refused > 4000


def test_good_items_still_round_trip() -> None:
    for item in (SiteItem(site=SITE, url="http://x/", status=None, home_dates=[date(2026, 1, 2)]),
                 ColumnItem(site=SITE, column_id="c", name="通知", url=None, parent=None, kind="group",
                            category=None, status=None),
                 EntriesItem(site=SITE, column_id="c", entries=[{"url": "u", "list_date": date(2026, 1, 2)}]),
                 _page(PageLinks(SITE, "http://x/", "home", None, [("http://y/", "链接")])),
                 LinkCheckItem(SITE, "http://y/", None, "未检查（地址不允许访问）", "restricted")):
        assert decode_item(encode_item(item)) == item


def _redis_server(tmp: Path, *extra: str) -> tuple[subprocess.Popen, int]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                               "no", "--dir", str(tmp), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis(port=port, password=extra[-1] if extra else None).ping()
            return server, port
        except redis.RedisError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)


@pytest.fixture
def redis_port(tmp_path: Path) -> Iterator[int]:
    server, port = _redis_server(tmp_path)
    yield port
    server.terminate()
    server.wait(timeout=10)


def _patrol(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "patrol", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})


def test_forged_items_and_payloads_do_not_stop_a_distributed_run(redis_port: int, tmp_path: Path) -> None:
    portal = Server({"/": (200, {}, page(SITE, "<a href='/list/'>通知公告</a><div>网站标识码3209000022</div>")),
                     "/list/": (200, {}, page("通知公告", "<div class='list'><ul><li><a href='/a/1.html'>关于档案开放的"
                                                          "通知</a><span>2026-11-18</span></li></ul></div>"))})
    config = tmp_path / "sites.toml"
    config.write_text(f"""database = "{tmp_path / 'patrol.db'}"
[crawl]
timeout = 3
retries = 0

[[sites]]
name = "{SITE}"
url = "{portal.url}/"

[[sites.columns]]
name = "通知公告"
url = "{portal.url}/list/"
category = "notice"
""", encoding="utf-8")
    url = f"redis://127.0.0.1:{redis_port}/0"
    client = connect(url)
    coordinator = _patrol("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--redis", url,
                          "--lease", "4")
    worker = None
    try:
        deadline = time.monotonic() + 60
        while client.get(CURRENT_KEY) is None:
            assert time.monotonic() < deadline and coordinator.poll() is None, "the run was not announced"
            time.sleep(0.05)
        queue = RunQueue(client, json.loads(client.get(CURRENT_KEY))["run_key"])
        client.hset(queue.payloads, SITE, b"{not json")  # a forged start: must not be acked as crawled
        queue.push_items([raw for _, raw in BAD_ITEMS])
        worker = _patrol("worker", "--redis", url, "--wait", "30")
        _, err = coordinator.communicate(timeout=120)
        worker.communicate(timeout=60)
    finally:
        for child in (coordinator, worker):
            if child is not None and child.poll() is None:
                child.kill()
        portal.stop()
    assert coordinator.returncode in (0, 1), err[-3000:]
    assert "Traceback" not in err and "RecursionError" not in err
    dead = queue.dead_letters()
    assert len(dead) == len(BAD_ITEMS), [d["reason"] for d in dead]
    assert all(d["reason"] for d in dead) and any("不在配置中" in d["reason"] for d in dead)
    db = tmp_path / "patrol.db"
    assert [r["name"] for r in rows(db, "SELECT name FROM sites")] == [SITE]  # no forged site
    [run] = rows(db, "SELECT id, status FROM runs")
    [site] = rows(db, "SELECT status, last_run FROM sites")
    assert run["status"] == "complete" and site["status"] == 200 and site["last_run"] == run["id"]  # crawled
    assert len(portal.seen()) >= 2  # the worker crawled it after the forged start was released


def test_the_redis_password_is_taken_from_the_environment(tmp_path: Path) -> None:
    server, port = _redis_server(tmp_path, "--requirepass", "s3cret-pw")
    try:
        url = f"redis://127.0.0.1:{port}/0"
        without = _patrol("worker", "--redis", url, "--wait", "0.5", "--quiet")
        _, err_without = without.communicate(timeout=60)
        with_env = _patrol("worker", "--redis", url, "--wait", "0.5", "--quiet", env={PASSWORD_ENV: "s3cret-pw"})
        _, err_with = with_env.communicate(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert without.returncode != 0 and "无法连接 Redis" in err_without
    assert with_env.returncode == 0 and "没有等到巡查任务" in err_with and "s3cret-pw" not in err_with
