"""The Redis side of a distributed run (分布式巡查): the site queue with leases, and the item list.

One Redis holds, for the run being crawled (keys scoped by the run's key ``patrol:run:<key>:…``):

- ``sites``: site names waiting to be crawled (the scrapy-redis start-URL feed of the workers);
  ``payloads``: each site's start (:class:`crawler.sitestart.SiteStart`, JSON), written by the coordinator;
- ``processing``: sites a worker claimed; ``leases`` (sorted set: site → deadline, Redis server time) and
  ``owners`` (site → worker id). A claim moves a site from ``sites`` to ``processing`` and leases it in one
  step; the worker renews its leases while it works (heartbeat) and acks each site when done. A site whose
  lease ran out (its worker was killed or lost) is reaped by the coordinator and queued again;
- ``items``: every crawl item, as typed JSON (:mod:`crawler.itemcodec`), pushed by the workers in the order
  their spiders yield them; the coordinator is their one reader and the database's one writer;
- ``done`` (sites acked) and ``pages`` (pages fetched per site), for the run's figures;
- ``dead``: items the coordinator refused (not a crawl item, a field of the wrong type or size, a site not
  in the config), each with the reason, kept ``DEAD_DAYS`` days after the run for a look.

``patrol:current`` announces the run to the workers: run key, id, as-of, the config text and whether it is
still running. Workers need nothing but the Redis URL. Every step that moves a site is one Lua script, so a
site is always in exactly one of ``sites``, ``processing`` or ``done`` (or, for a moment, in the coordinator's
hands while it requeues it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import redis

CURRENT_KEY = "patrol:current"
PASSWORD_ENV = "PATROL_REDIS_PASSWORD"
DEAD_DAYS = 30
DEAD_SAMPLE = 64 * 1024  # bytes of a refused item kept in the dead-letter list

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1000000 "

# KEYS: sites, processing, leases, owners, payloads; ARGV: worker, lease seconds
_CLAIM = _NOW + """
local site = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
if not site then return false end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), site)
redis.call('HSET', KEYS[4], site, ARGV[1])
return {site, redis.call('HGET', KEYS[5], site)}
"""

# KEYS: leases, owners; ARGV: worker, lease seconds, sites…; returns the sites no longer ours
_RENEW = _NOW + """
local lost = {}
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[i])
  else
    table.insert(lost, ARGV[i])
  end
end
return lost
"""

# KEYS: processing, leases, owners, done, pages; ARGV: worker, site, pages fetched
_ACK = """
if redis.call('HGET', KEYS[3], ARGV[2]) ~= ARGV[1] then return 0 end
redis.call('LREM', KEYS[1], 1, ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[2])
redis.call('HINCRBY', KEYS[5], ARGV[2], tonumber(ARGV[3]))
return 1
"""

# KEYS: leases, owners; ARGV: worker, sites…  (a worker stopping: its leases end now)
_RELEASE = """
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then redis.call('ZADD', KEYS[1], 0, ARGV[i]) end
end
return 1
"""

# KEYS: leases, owners, processing; returns the sites whose lease ran out, taken out of processing
_REAP = _NOW + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
for _, site in ipairs(expired) do
  redis.call('ZREM', KEYS[1], site)
  redis.call('HDEL', KEYS[2], site)
  redis.call('LREM', KEYS[3], 1, site)
end
return expired
"""


def shown_url(url: str) -> str:
    """A Redis URL fit for a message or a log: its password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}{port}"))


def connect(url: str) -> redis.Redis:
    """A client of the Redis at ``url`` (``redis://host:port/db``), answering bytes. A URL without a password
    takes it from ``PATROL_REDIS_PASSWORD`` when set, so it need not appear on a command line (which every
    user of the machine can read in the process list)."""
    return redis.Redis.from_url(url, socket_connect_timeout=10, socket_timeout=30, health_check_interval=30,
                                **password_params(url))


def password_params(url: str) -> dict[str, Any]:
    """``{"password": …}`` from ``PATROL_REDIS_PASSWORD`` for a URL that has none, else nothing."""
    password = os.environ.get(PASSWORD_ENV) or None
    return {"password": password} if password and urlsplit(url).password is None else {}


class RunQueue:
    """The keys of one distributed run and the steps that move its sites and items."""

    def __init__(self, client: redis.Redis, run_key: str) -> None:
        self.client = client
        self.run_key = run_key
        prefix = f"patrol:run:{run_key}:"
        self.sites, self.processing, self.leases = prefix + "sites", prefix + "processing", prefix + "leases"
        self.owners, self.payloads, self.items = prefix + "owners", prefix + "payloads", prefix + "items"
        self.done, self.pages, self.dead = prefix + "done", prefix + "pages", prefix + "dead"
        self._claim = client.register_script(_CLAIM)
        self._renew = client.register_script(_RENEW)
        self._ack = client.register_script(_ACK)
        self._release = client.register_script(_RELEASE)
        self._reap = client.register_script(_REAP)

    # ---- the announcement ---------------------------------------------------------------------
    @staticmethod
    def current(client: redis.Redis) -> dict[str, Any] | None:
        """The announced run (``run_key``, ``run_id``, ``as_of``, ``config_text``, ``status`` …), or None."""
        raw = client.get(CURRENT_KEY)
        return json.loads(raw) if raw else None

    def announce(self, **fields: Any) -> None:
        self.client.set(CURRENT_KEY, json.dumps({"run_key": self.run_key, **fields}, ensure_ascii=False))

    def running(self) -> bool:
        """Whether this run is still the announced one and not finished."""
        current = self.current(self.client)
        return bool(current and current.get("run_key") == self.run_key and current.get("status") == "running")

    def finish(self) -> None:
        """The run is over: tell the workers, drop its keys."""
        current = self.current(self.client) or {}
        if current.get("run_key") == self.run_key:
            self.announce(**{**current, "status": "finished"})
        self.client.delete(self.sites, self.processing, self.leases, self.owners, self.payloads, self.items,
                           self.done, self.pages)

    def seeded(self) -> bool:
        """Whether this run's sites were queued already (a restarted coordinator resumes the queue)."""
        return bool(self.client.exists(self.payloads))

    # ---- sites ----------------------------------------------------------------------------------
    def seed(self, payloads: dict[str, str], front: bool = False) -> None:
        """Queue sites (name → start JSON); ``front`` puts them first (sites taken back from a lost worker)."""
        if not payloads:
            return
        with self.client.pipeline() as pipe:
            pipe.hset(self.payloads, mapping=payloads)  # type: ignore[arg-type]  # (the stub's key type is invariant)
            names = list(payloads)
            if front:
                pipe.lpush(self.sites, *reversed(names))
            else:
                pipe.rpush(self.sites, *names)
            pipe.execute()

    def claim(self, worker: str, lease: float) -> tuple[str, str | None] | None:
        """Take the next site and lease it to ``worker``: (site, start JSON), or None when none waits."""
        got = self._claim(keys=[self.sites, self.processing, self.leases, self.owners, self.payloads],
                          args=[worker, lease])
        if not got:
            return None
        site, payload = got
        return site.decode(), payload.decode() if payload else None

    def renew(self, worker: str, sites: Iterable[str], lease: float) -> list[str]:
        """Extend the worker's leases; returns the sites that are no longer its own."""
        sites = list(sites)
        if not sites:
            return []
        lost = self._renew(keys=[self.leases, self.owners], args=[worker, lease, *sites])
        return [s.decode() for s in lost]

    def ack(self, worker: str, site: str, pages: int) -> bool:
        """The site is crawled and all its items are pushed; False when its lease had been taken back."""
        return bool(self._ack(keys=[self.processing, self.leases, self.owners, self.done, self.pages],
                              args=[worker, site, pages]))

    def release(self, worker: str, sites: Iterable[str]) -> None:
        """A stopping worker ends its leases now, for the coordinator to queue its sites again."""
        sites = list(sites)
        if sites:
            self._release(keys=[self.leases, self.owners], args=[worker, *sites])

    def reap(self) -> list[str]:
        """Take back the sites whose lease ran out; the caller queues them again."""
        return [s.decode() for s in self._reap(keys=[self.leases, self.owners, self.processing])]

    def counts(self) -> tuple[int, int, int, int]:
        """(waiting, processing, done, items not yet stored), read in one transaction."""
        with self.client.pipeline(transaction=True) as pipe:
            pipe.llen(self.sites)
            pipe.llen(self.processing)
            pipe.scard(self.done)
            pipe.llen(self.items)
            waiting, processing, done, items = pipe.execute()
        return waiting, processing, done, items

    def pages_by_site(self) -> dict[str, int]:
        pages: dict[bytes, bytes] = self.client.hgetall(self.pages)  # type: ignore[assignment]
        return {k.decode(): int(v) for k, v in pages.items()}

    # ---- items ----------------------------------------------------------------------------------
    def push_items(self, encoded: list[bytes]) -> None:
        if encoded:
            self.client.rpush(self.items, *encoded)

    def peek_items(self, count: int) -> list[bytes]:
        """The oldest items, left in place until :meth:`drop_items` (the coordinator stores them first)."""
        items: list[bytes] = self.client.lrange(self.items, 0, count - 1)  # type: ignore[assignment]
        return items

    def drop_items(self, count: int) -> None:
        self.client.ltrim(self.items, count, -1)

    def dead_letter(self, raw: bytes, reason: str) -> None:
        """Keep a refused item (its first ``DEAD_SAMPLE`` bytes) with the reason, outside the run's keys."""
        entry = {"reason": reason, "size": len(raw), "item": raw[:DEAD_SAMPLE].decode("utf-8", errors="replace")}
        with self.client.pipeline() as pipe:
            pipe.rpush(self.dead, json.dumps(entry, ensure_ascii=False))
            pipe.expire(self.dead, DEAD_DAYS * 86400)
            pipe.execute()

    def dead_letters(self) -> list[dict[str, Any]]:
        return [json.loads(raw) for raw in self.client.lrange(self.dead, 0, -1)]
