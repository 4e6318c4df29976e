"""Run the `portal` spider in this process (once: Twisted's reactor cannot restart)."""

from __future__ import annotations

import ctypes
import gc
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from core.config import Config
from crawler import settings as default_settings
from crawler.handlerload import load_download_handler
from crawler.pipelines import flush_store
from crawler.spiders.portal import CURRENT_SITE_STAT, PAGES_STAT, PortalSpider
from patrol.stopping import crawl_signals


class Progress:
    """Prints pages done, the current site and the time taken to stderr while a crawl runs: on every answer,
    and once a second while nothing answers (a site that never answers is waited for, visibly)."""

    def __init__(self, crawler: Crawler, enabled: bool) -> None:
        self.crawler = crawler
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.started = self.last = time.monotonic()
        self.shown = False
        self.beat: Any = None

    def start(self, *args: Any, **kwargs: Any) -> None:
        """On engine start: the heartbeat that keeps the line moving while requests wait."""
        if self.enabled:
            from twisted.internet.task import LoopingCall

            self.beat = LoopingCall(self.tick)
            self.beat.start(1.0, now=False)

    def tick(self, *args: Any, **kwargs: Any) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < (0.3 if self.tty else 5.0):
            return
        self.last = now
        self.shown = True
        stats = self.crawler.stats
        if stats is None:
            return
        line = (f"巡查中：已抓取 {stats.get_value(PAGES_STAT, 0)} 页 · "
                f"当前站点：{stats.get_value(CURRENT_SITE_STAT) or '等待首页响应'} · 已用 {now - self.started:.0f} 秒")
        sys.stderr.write(("\r" + line + "\033[K") if self.tty else line + "\n")
        sys.stderr.flush()

    def stop(self, *args: Any, **kwargs: Any) -> None:
        if self.beat is not None and self.beat.running:
            self.beat.stop()

    def finish(self) -> None:
        self.stop()
        if self.enabled and self.tty and self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def honour_log_level(settings: Settings) -> None:
    """Give the ``scrapy`` logger the level of ``LOG_LEVEL``. Without Scrapy's root handler its logging setup
    leaves that logger at DEBUG, so a record was built for every download and item and then dropped."""
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL") or "WARNING")


def run_crawl(config: Config, db: str, run_id: int, as_of: date, *, sites: list[str] | None = None,
              articles: str = "all", progress: bool = True, incremental: bool | None = None) -> dict[str, Any]:
    """Crawl the configured sites into ``db`` under ``run_id``; returns the crawl's stats.

    ``incremental`` None follows ``[crawl] incremental``; False re-reads everything (``patrol run --full``).
    """
    return run_spider(config, PortalSpider, progress=progress, db=db, run_id=run_id, as_of=as_of, sites=sites,
                      articles=articles, incremental=incremental)


def run_spider(config: Config, spider_cls: type, *, progress: bool = True, settings: dict[str, Any] | None = None,
               **spider_kwargs: Any) -> dict[str, Any]:
    """Run ``spider_cls`` (the portal spider or a distributed worker, which applies ``[crawl]`` itself) with
    ``settings`` over the defaults; returns the crawl's stats, ``pages_by_site`` included.

    Nothing of a crawl of several sites outlives it: its objects are freed before this returns
    (:func:`released`), for the judging of every site that follows. A one-site crawl (``patrol check``) skips
    that: it frees little, and the collection and the emptied caches cost a check about 0.1 s."""
    if len(config.sites) <= 1:
        return _crawl(config, spider_cls, progress=progress, settings=settings, **spider_kwargs)
    with released():
        return _crawl(config, spider_cls, progress=progress, settings=settings, **spider_kwargs)


@contextmanager
def released() -> Iterator[None]:
    """Free what the crawl held once it is over, and give the cyclic collector back its usual pace.

    Without this it stayed alive while the run was judged, whose memory then came on top of the crawl's peak:
    the crawler, its spider, every site's walk and the run's link ledger, which refer to each other in cycles
    that :func:`_crawl` froze out of the collector's sight (``gc.freeze``); and the page reader's memo caches,
    whose keys and values pin the last pages read (their texts and parsed trees).
    """
    thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        forget_reader_caches()
        gc.collect()
        trim_heap()


def forget_reader_caches(package: str = "crawler") -> int:
    """Empty the ``functools`` caches of ``package``'s loaded modules (pure memos: a later read refills them);
    returns how many were emptied."""
    emptied = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == package or name.startswith(package + ".")):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()
                emptied += 1
    return emptied


def trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere). The crawl's
    parsed pages were freed into that heap, which small Python objects, allocated in arenas of their own,
    never reuse: kept, they would sit under whatever the judging allocates."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _crawl(config: Config, spider_cls: type, *, progress: bool, settings: dict[str, Any] | None,
           **spider_kwargs: Any) -> dict[str, Any]:
    """One crawl in this process (:func:`run_spider`); its objects are garbage once this returns."""
    load_download_handler()
    merged = Settings()
    merged.setmodule(default_settings, priority="project")
    merged.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    merged.setdict(settings or {}, priority="cmdline")
    process = CrawlerProcess(merged)
    honour_log_level(merged)
    crawler = process.create_crawler(spider_cls)
    meter = Progress(crawler, progress)
    process.crawl(crawler, config=config, **spider_kwargs)
    crawler.signals.connect(meter.tick, signal=signals.response_received)  # after the spider counts the page
    crawler.signals.connect(meter.start, signal=signals.engine_started)
    crawler.signals.connect(meter.stop, signal=signals.engine_stopped)
    # Pages are parsed into short-lived trees while thousands of queued requests live on: keep the cyclic
    # collector from rescanning the long-lived heap on every burst of allocations.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    with crawl_signals(process) as stopper:
        process.start(install_signal_handlers=False)
    meter.finish()
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    prefix = PAGES_STAT + "/"
    stats["pages_by_site"] = {k[len(prefix):]: v for k, v in stats.items() if k.startswith(prefix)}
    if stopper.signum is not None:
        stats["finish_reason"] = "shutdown"  # stopped by a signal: never a completed crawl
        stats["stopped_by_signal"] = stopper.signum
    if stopper.forced:  # stopped before the spider closed: the pipeline writes the entry pages it holds
        crawler.signals.send_catch_log(signal=flush_store)
    return stats
