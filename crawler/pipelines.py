"""The one writer of a crawl: the spider's items into the SQLite store, one transaction per item, except pages
and entry pages (each with the links it showed), which are written a batch at a time in one transaction.

The pipeline opens the store when the spider opens, starts the run when the caller did not, hands the spider
what earlier runs left (:class:`storage.memory.CrawlMemory`), writes entry pages a batch at a time and
finishes the run it started. The spider itself never opens the store.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from core.text import scrub
from crawler.items import (
    ArticleItem,
    AttachmentItem,
    CatalogItem,
    ColumnDoneItem,
    ColumnItem,
    ColumnKeptItem,
    EntriesItem,
    LinkCheckItem,
    MessagesItem,
    PageItem,
    PageLinks,
    ReviewItem,
    SiteFactItem,
    SiteFactsItem,
    SiteItem,
)
from review.aggregate import PERSONAL, WORDING, Candidate
from storage.store import Store

ARTICLE_BATCH = 100  # pages and entry pages (with their links) written per transaction

# Sent by the caller of a crawl stopped before the spider closed (a forced stop): write what is buffered.
flush_store = object()


class StorePipeline:
    """Owns the store for the crawl; starts and finishes a run when the CLI did not."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store: Store | None = None
        self.own_run = False
        self.pages: list[PageItem | ArticleItem] = []  # (entry) pages read since the last batch was written
        self.run_id = 0  # the run written to (set when the spider opens)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.flush, signal=flush_store)
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        spider = spider or self.crawler.spider
        self.store = Store(spider.db)
        run_id = spider.run_id
        if run_id is None:
            self.store.sync_registry(spider.config.units, spider.config.sites)
            run_id, _ = self.store.start_run("run", spider.as_of, str(spider.config.path or ""))
            self.own_run = True
        crawl = spider.config.crawl
        self.run_id = run_id
        spider.remember(run_id, self.store.crawl_memory(
            run_id, [s.name for s in spider.sites], as_of=spider.as_of, incremental=spider.incremental,
            recheck_days=crawl.recheck_days, check_links=crawl.check_links))

    def close_spider(self, spider: Any = None) -> None:
        spider = spider or self.crawler.spider
        assert self.store is not None
        self.flush()
        self.store.refresh_latest(spider.run_id)
        self.store.close()

    def flush(self) -> None:
        """Write the pages and entry pages read since the last full batch, in their order, in one transaction."""
        if self.pages and self.store is not None:
            batch, self.pages = self.pages, []
            with self.store.transaction():
                for item in batch:
                    write_page(self.store, self.run_id, item)

    def spider_closed(self, spider: Any, reason: str) -> None:
        """A run this pipeline started ends complete, or interrupted for the next run to resume."""
        if self.own_run:
            with Store(spider.db) as store:
                store.finish_run(spider.run_id, "complete" if reason == "finished" else "interrupted")

    def process_item(self, item: Any, spider: Any = None) -> Any:
        spider = self.crawler.spider
        assert self.store is not None
        if isinstance(item, ArticleItem | PageItem):  # written a batch at a time (write_item scrubs the others)
            self.pages.append(scrub(item))
            if len(self.pages) >= ARTICLE_BATCH:
                self.flush()
            return item
        fails = write_item(self.store, spider.run_id, item)
        if isinstance(item, LinkCheckItem):
            spider.link_checks.checker.fails[(item.site, item.url)] = fails
        return item


def write_item(store: Store, run: int, item: Any) -> Any:
    """Write one crawl item into the store; the one item→store dispatch, shared by the in-process pipeline and a
    distributed run's coordinator. Returns what the store answers (for a link check: its failed checks in a
    row), else None. Scraped text enters the store without control, C1 and bidi override characters
    (``core.text``)."""
    item = scrub(item)
    if isinstance(item, ArticleItem | PageItem):
        with store.transaction():
            write_page(store, run, item)
    elif isinstance(item, EntriesItem):
        store.record_entries(run, item.column_id, item.site, item.entries)
    elif isinstance(item, ColumnItem):
        store.record_column(run, item.site, column_id=item.column_id, name=item.name, url=item.url,
                            parent=item.parent, kind=item.kind, category=item.category,
                            status=item.status, error=item.error, meta=item.meta,
                            page_date=item.page_date, final_url=item.final_url, redirects=item.redirects,
                            blocked=item.blocked, found=item.found, rendered=item.rendered)
    elif isinstance(item, ColumnDoneItem):
        store.complete_column(run, item.column_id, item.entry_count, prune=item.complete, cut=item.cut)
    elif isinstance(item, ColumnKeptItem):
        store.keep_column(run, item.column_id, parent=item.parent, category=item.category)
    elif isinstance(item, CatalogItem):
        store.record_catalog(run, item.site, url=item.url, source=item.source, evidence=item.evidence)
    elif isinstance(item, LinkCheckItem):
        return store.record_link_check(run, item.site, item.url, status=item.status, error=item.error,
                                       outcome=item.outcome)
    elif isinstance(item, SiteFactsItem):
        store.record_site_facts(run, item.site, item.facts)
    elif isinstance(item, SiteFactItem):
        store.record_site_fact(run, item.site, item.key, item.value)
    elif isinstance(item, MessagesItem):
        store.record_messages(run, item.site, item.column, item.url, item.kind, item.messages)
    elif isinstance(item, ReviewItem):
        store.record_candidates(item.site, item.url, candidates(item.candidates), run=run)
    elif isinstance(item, AttachmentItem):
        store.record_attachment({**asdict(item), "last_run": run})
    elif isinstance(item, SiteItem):
        store.record_site(run, item.site, url=item.url, status=item.status, error=item.error,
                          title=item.title, identifiers=item.identifiers, home_dates=item.home_dates,
                          home_entries=[_jsonable(e) for e in item.home_entries],
                          final_url=item.final_url, redirects=item.redirects, blocked=item.blocked)
    return None


def candidates(rows: list[dict[str, Any]]) -> list[Candidate]:
    """A review item's candidates rebuilt (a distributed worker's message is untrusted: only whole candidates
    of a known kind, text fields only)."""
    names = [f.name for f in fields(Candidate)]
    return [Candidate(**{n: str(row[n]) for n in names}) for row in rows
            if all(isinstance(row.get(n), str) for n in names) and row["kind"] in (PERSONAL, WORDING)]


def write_page(store: Store, run: int, item: PageItem | ArticleItem) -> None:
    """Write a (scrubbed) page or entry page and the links it showed; the caller holds the transaction."""
    if isinstance(item, ArticleItem):
        store.record_articles(run, [{f.name: getattr(item, f.name) for f in fields(item) if f.name != "links"}])
        store.record_checked(run, [(item.url, item.status)])
    else:
        store.record_page(run, item.url, status=item.status, etag=item.etag, last_modified=item.last_modified,
                          content_hash=item.content_hash, encoding=item.encoding)
    links: PageLinks | None = item.links
    if links is not None:
        store.record_page_links(run, links.site, links.page, links.place, links.column, links.links)


def _jsonable(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in entry.items()}
