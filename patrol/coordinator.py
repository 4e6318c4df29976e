"""`patrol run --redis URL`: the coordinator of a distributed run (分布式巡查).

It starts (or resumes) the run in SQLite exactly as `patrol run` does, queues every site in Redis with the
state its walk starts from (:mod:`crawler.sitestart`), and stores the items the workers send as the one
writer of the database, through the same item→store dispatch as the in-process crawl
(:func:`crawler.pipelines.write_item`). Sites whose worker stopped renewing its lease are queued again,
started from what the store then holds (columns walked in this run are skipped). When no site waits, none
is being crawled and every item is stored, the run is judged and completed as `patrol run` does.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

import redis

from core.config import Config, CrawlSettings, SiteConfig
from crawler.itemcodec import ItemDecodeError, decode_item
from crawler.pipelines import write_item
from crawler.redisqueue import RunQueue, connect, shown_url
from crawler.sitestart import SiteStart
from crawler.walk import site_hosts
from patrol.inspection import Inspection, close_run, entry_pages_to_read, open_run
from storage.store import Store

ITEM_BATCH = 200  # items stored per read from Redis
PROGRESS_SECONDS = 5.0


class RedisUnavailable(RuntimeError):
    """The Redis of a distributed run cannot be reached."""


def coordinate(config: Config, db: str, as_of: date, redis_url: str, *, sites: list[str] | None = None,
               full: bool = False, progress: bool = True, lease: float = 60.0) -> Inspection:
    """Run one inspection with the crawl done by `patrol worker` processes (see the module docstring)."""
    client = connect(redis_url)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise RedisUnavailable(f"无法连接 Redis（{shown_url(redis_url)}）：{exc}") from exc
    incremental = False if full else config.crawl.incremental
    run_id, resumed = open_run(config, db, as_of)
    wanted = [s for s in config.sites if not sites or s.name in sites]
    try:
        with Store(db) as store:
            queue = RunQueue(client, run_key(store, db, run_id))
            if not queue.seeded():  # a resumed run whose queue is still in Redis goes on where it was
                queue.seed({s.name: _payload(store, config, s.name, run_id, as_of, incremental) for s in wanted})
            queue.announce(run_id=run_id, as_of=as_of.isoformat(), status="running", lease=lease,
                           articles=entry_pages_to_read(config), incremental=incremental,
                           config_path=str(config.path or ""), config_text=_config_text(config))
            if progress:
                print(f"已在 Redis 发布巡查批次 {run_id}（{len(wanted)} 个站点）；请在各台机器上运行 "
                      f"patrol worker --redis {shown_url(redis_url)}", file=sys.stderr, flush=True)
            _drain(queue, store, config, run_id, as_of, incremental, lease, len(wanted), progress)
            store.refresh_latest(run_id)
    except redis.RedisError as exc:
        with Store(db) as store:
            store.mark_interrupted(run_id)
        raise RedisUnavailable(f"与 Redis（{shown_url(redis_url)}）的连接中断：{exc}") from exc
    except BaseException:
        with Store(db) as store:
            store.mark_interrupted(run_id)
        raise
    stats = {"finish_reason": "finished", "pages_by_site": queue.pages_by_site()}
    result = close_run(config, db, run_id, resumed, as_of, stats, sites)
    queue.finish()
    return result


def run_key(store: Store, db: str, run_id: int) -> str:
    """The run's key in Redis: its id and a digest of the database and the run's start (two databases using
    one Redis do not share keys)."""
    started = (store.run(run_id) or {}).get("started", "")
    digest = hashlib.sha1(f"{Path(db).resolve()}|{started}".encode()).hexdigest()[:10]
    return f"{run_id}-{digest}"


def _payload(store: Store, config: Config, site: str, run_id: int, as_of: date, incremental: bool) -> str:
    import json

    found = next(s for s in config.sites if s.name == site)
    start = site_start(store, found, run_id=run_id, as_of=as_of, incremental=incremental, crawl=config.crawl)
    return json.dumps(start.to_json(), ensure_ascii=False)


def _config_text(config: Config) -> str:
    """The config file's text, for workers that have no copy of it."""
    return Path(config.path).read_text(encoding="utf-8") if config.path else ""


def _store_items(queue: RunQueue, store: Store, run_id: int, sites: set[str]) -> int:
    """Store the oldest items in Redis in one transaction (removed from Redis only once stored; storing one
    twice changes nothing); returns how many. Items are untrusted: one that does not decode to a valid crawl
    item (``crawler.itemcodec``), names a site not in the config, or that the store refuses is logged and
    dead-lettered, its writes undone alone, and the run goes on."""
    batch = queue.peek_items(ITEM_BATCH)
    with store.transaction():
        for raw in batch:
            reason = _write(store, run_id, raw, sites)
            if reason:
                print(f"已跳过一条无效的抓取数据：{reason}", file=sys.stderr, flush=True)
                queue.dead_letter(raw, reason)
    if batch:
        queue.drop_items(len(batch))
    return len(batch)


def _write(store: Store, run_id: int, raw: bytes, sites: set[str]) -> str | None:
    """Write one item; the reason it was refused, or None."""
    try:
        item = decode_item(raw)
    except ItemDecodeError as exc:
        return str(exc)
    links = getattr(item, "links", None)  # a page's links name their site
    site = getattr(item, "site", None) or getattr(links, "site", None)
    if site is not None and site not in sites:
        return f"站点“{site[:100]}”不在配置中"
    try:
        with store.savepoint():
            write_item(store, run_id, item)
    except (sqlite3.IntegrityError, ValueError, TypeError, KeyError, AttributeError) as exc:
        return f"无法写入数据库：{exc}"
    return None


def _drain(queue: RunQueue, store: Store, config: Config, run_id: int, as_of: date, incremental: bool,
           lease: float, total: int, progress: bool) -> None:
    """Store items until every site is acked and every item stored; queue again the sites of lost workers."""
    reaped_at = shown_at = time.monotonic()
    written = 0
    sites = {s.name for s in config.sites}
    while True:
        stored = _store_items(queue, store, run_id, sites)
        written += stored
        now = time.monotonic()
        if now - reaped_at >= min(1.0, lease / 4):
            reaped_at = now
            lost = queue.reap()
            if lost:
                while _store_items(queue, store, run_id, sites):  # what the lost workers sent first
                    pass
                known = {s.name for s in config.sites}
                queue.seed({name: _payload(store, config, name, run_id, as_of, incremental)
                            for name in lost if name in known}, front=True)
                if progress:
                    print(f"租约过期，已重新排队：{'、'.join(lost)}", file=sys.stderr, flush=True)
        waiting, processing, done, items = queue.counts()
        if waiting == 0 and processing == 0 and items == 0:
            return
        if progress and now - shown_at >= PROGRESS_SECONDS:
            shown_at = now
            print(f"分布式巡查：站点已完成 {done}/{total}，进行中 {processing}，排队 {waiting}；已写入 {written} 项",
                  file=sys.stderr, flush=True)
        if not stored:
            time.sleep(0.05)


def site_start(store: Store, site: SiteConfig, *, run_id: int, as_of: date, incremental: bool,
               crawl: CrawlSettings) -> SiteStart:
    """A site's :class:`SiteStart`: its slice of what the in-process crawl starts from
    (:meth:`storage.memory.MemoryMixin.crawl_memory`), and the stored validators of the pages on its hosts."""
    memory = store.crawl_memory(run_id, [site.name], as_of=as_of, incremental=incremental,
                                recheck_days=crawl.recheck_days, check_links=crawl.check_links)
    start = SiteStart(walked=store.walked_columns(run_id, site.name),
                      walked_entries=memory.walked_entries.get(site.name, {}),
                      skip_articles=memory.settled_articles.get(site.name, set()),
                      known=memory.known.get(site.name, {}),
                      link_fails={url: n for (name, url), n in memory.link_fails.items() if name == site.name},
                      settled_links=memory.settled_links.get(site.name))
    if incremental:
        hosts = site_hosts([site.url, site.catalog, *(c.url for c in site.columns), *store.stored_site_urls(site.name)])
        start.validators = store.validators_under([f"{scheme}://{host}/" for host in sorted(hosts)
                                                   for scheme in ("http", "https")])
    return start
