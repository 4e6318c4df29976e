"""A distributed run's worker: the ordinary `portal` spider fed with sites from Redis, its items sent back.

The spider keeps each site's walk in memory (:class:`crawler.walk.SiteWalk`), so the unit of work is a whole
site. :class:`WorkerSpider` is scrapy-redis's ``RedisMixin`` feed over :class:`PortalSpider`: it claims a
batch of sites from the run's queue (each leased to this worker, :mod:`crawler.redisqueue`), starts each from
the state the coordinator sent (:class:`crawler.sitestart.SiteStart`, validators included: a worker has no
database), and crawls them exactly as one process would. When the engine is idle the batch is finished:
every site is acked, then the next batch is claimed. A thread
renews the leases meanwhile. :class:`RedisItemPipeline` (scrapy-redis's item pipeline, made synchronous so
items keep their order) pushes every item as typed JSON (:mod:`crawler.itemcodec`).
"""

from __future__ import annotations

import json
import threading
from typing import Any, cast

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.pipelines import RedisPipeline
from scrapy_redis.spiders import RedisMixin
from twisted.internet import task

from crawler.itemcodec import encode_item
from crawler.redisqueue import RunQueue, connect, password_params
from crawler.sitestart import SiteStart
from crawler.spiders.portal import PAGES_STAT, PortalSpider

TICK_SECONDS = 0.2  # how often an idle engine is noticed (Scrapy's own idle beat is 5 s)


class WorkerSpider(RedisMixin, PortalSpider):
    """:class:`PortalSpider` crawling the sites a distributed run's queue leases to this worker."""

    name = "portal_worker"

    def __init__(self, *, redis_url: str, run_key: str, worker_id: str, lease: float, batch: int,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)  # no database is opened here: the coordinator is the one writer
        self.queue = RunQueue(connect(redis_url), run_key)
        self.redis_key = self.queue.sites
        self.redis_batch_size = batch
        self.worker_id = worker_id
        self.lease = lease
        self.claimed: set[str] = set()  # sites of the batch being crawled
        self.sites_done = 0
        self._validators: dict[str, dict[str, Any]] = {}
        self._by_name = {s.name: s for s in self.sites}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._closing = False
        self._ticker: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> WorkerSpider:
        spider = cast(WorkerSpider, super().from_crawler(crawler, *args, **kwargs))
        spider.setup_redis(crawler)
        spider.fetch_data = spider._claim_batch  # leased claims instead of scrapy-redis's plain pops
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    # ---- the feed (scrapy-redis RedisMixin hooks) ------------------------------------------------
    def _claim_batch(self, key: str, batch_size: int) -> list[tuple[str, str | None]]:
        claims = []
        for _ in range(batch_size):
            got = self.queue.claim(self.worker_id, self.lease)
            if got is None:
                break
            claims.append(got)
        return claims

    def make_request_from_data(self, data: tuple[str, str | None]) -> Any:
        """A claimed site's home page request, its walk started from what the coordinator sent."""
        name, payload = data
        site = self._by_name.get(name)
        with self._lock:
            self.claimed.add(name)
        start = _site_start(payload) if site is not None else None
        if site is None or start is None:  # never acked as crawled: its lease ends now, for the coordinator
            self.logger.error("site %r of the queue is not in the run's config or has no valid start; "
                              "released", name)
            with self._lock:
                self.claimed.discard(name)
            self.queue.release(self.worker_id, [name])
            return []
        self._validators.update(start.validators)
        self.link_checks.checker.fails.update(((name, url), n) for url, n in start.link_fails.items())
        if start.settled_links is not None:
            self.link_checks.settled[name] = start.settled_links
        return self.start_site(site, walked=start.walked, skip_articles=start.skip_articles, known=start.known,
                               walked_entries=start.walked_entries)

    def spider_idle(self) -> None:
        """Stay open while the run lasts: the ticker claims more work or closes the spider."""
        if not self._closing:
            raise DontCloseSpider

    def page_validators(self, url: str) -> dict[str, Any] | None:
        """Stored validators of a page (crawler.middlewares.conditional asks the spider, not a database)."""
        return self._validators.get(url)

    # ---- batches ----------------------------------------------------------------------------------
    def _opened(self, spider: Any) -> None:
        self._ticker = task.LoopingCall(self._tick)
        self._ticker.start(TICK_SECONDS, now=False)
        threading.Thread(target=self._heartbeat, name="lease-heartbeat", daemon=True).start()

    def _tick(self) -> None:
        try:
            self._step()
        except redis.RedisError as exc:  # Redis unreachable for a moment: the next tick tries again
            self.logger.warning("Redis: %s", exc)

    def _step(self) -> None:
        engine = self.crawler.engine
        try:
            if self._closing or engine is None or not engine.spider_is_idle():
                return
        except RuntimeError:  # the engine has no slot (opening or closing)
            return
        if self.link_checks.rechecks_waiting:
            return
        try:
            self.link_checks.recheck_links()  # link rechecks due for the batch's sites come first
        except DontCloseSpider:
            return
        if self.claimed:
            self._finish_batch()
        found = False
        for request in self.next_requests():
            engine.crawl(request)
            found = True
        if not found and not self.claimed and not self.queue.running():
            self._closing = True
            deferred_from_coro(engine.close_spider_async(reason="finished"))

    def _finish_batch(self) -> None:
        """Every site of the batch is walked (its items pushed): ack each site."""
        with self._lock:
            done, self.claimed = sorted(self.claimed), set()
        for site in done:
            if not self.queue.ack(self.worker_id, site, self._pages(site)):
                self.logger.warning("lease of site %r was taken back before it was acked", site)
            self.walks.pop(site, None)
            self.sites_done += 1
        self._validators.clear()

    def _pages(self, site: str) -> int:
        stats = self.crawler.stats
        return int(stats.get_value(f"{PAGES_STAT}/{site}", 0)) if stats is not None else 0

    def _heartbeat(self) -> None:
        while not self._stop.wait(max(self.lease / 3, 0.2)):
            with self._lock:
                sites = list(self.claimed)
            try:
                lost = self.queue.renew(self.worker_id, sites, self.lease)
            except redis.RedisError as exc:
                self.logger.warning("lease renewal failed: %s", exc)
                continue
            if lost:
                self.logger.warning("leases taken back: %s", ", ".join(lost))

    def _closed(self, spider: Any, reason: str) -> None:
        self._stop.set()
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        with self._lock:
            unfinished = sorted(self.claimed)
        if unfinished:  # stopped mid-batch: the coordinator queues these sites again at once
            try:
                self.queue.release(self.worker_id, unfinished)
            except redis.RedisError as exc:
                self.logger.warning("could not release leases: %s", exc)


class RedisItemPipeline(RedisPipeline):
    """scrapy-redis's item pipeline: every item pushed, in the order yielded, as typed JSON."""

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        super().__init__(connect(settings["REDIS_URL"]), key=settings["PATROL_ITEMS_KEY"], serialize_func=encode_item)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisItemPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        # synchronous (scrapy-redis defers to a thread pool, which could reorder a column's entries and its end)
        self.server.rpush(self.key, self.serialize(item))
        return item


def worker_settings(redis_url: str, queue: RunQueue) -> dict[str, Any]:
    """Scrapy settings of a worker's crawl on top of the ordinary ones."""
    return {"REDIS_URL": redis_url, "REDIS_PARAMS": password_params(redis_url), "PATROL_ITEMS_KEY": queue.items,
            "ITEM_PIPELINES": {"crawler.redisworker.RedisItemPipeline": 300}}


def _site_start(payload: str | None) -> SiteStart | None:
    """The site's start as the coordinator sent it, or None when it is missing or malformed."""
    if payload is None:
        return None
    try:
        return SiteStart.from_json(json.loads(payload))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
