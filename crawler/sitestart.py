"""Where a site's walk starts from: what the store already holds for it (resume, incremental, link checks).

The in-process crawl reads it from the store when it opens; a distributed run's coordinator reads it the
same way and sends it to the worker that crawls the site (workers have no database), with the stored
validators of the site's pages for conditional requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from core.config import CrawlSettings, SiteConfig
from crawler.walk import site_hosts
from storage.store import Store


@dataclass
class SiteStart:
    """The stored state a site's walk in this run starts from."""

    walked: set[str] = field(default_factory=set)  # column ids whose walk this run completed (resumed run)
    walked_entries: dict[str, date | None] = field(default_factory=dict)  # their entries: URL → list date
    skip_articles: set[str] = field(default_factory=set)  # entry pages not to fetch again
    known: dict[str, set[str]] = field(default_factory=dict)  # incremental: column id → entry URLs listed before
    link_fails: dict[str, int] = field(default_factory=dict)  # link target → failed checks in a row
    settled_links: set[str] | None = None  # incremental link checks: targets checked fine within recheck_days
    validators: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL → stored validators (workers only)

    def to_json(self) -> dict[str, Any]:
        return {"walked": sorted(self.walked), "skip_articles": sorted(self.skip_articles),
                "walked_entries": {u: d.isoformat() if d else None for u, d in self.walked_entries.items()},
                "known": {cid: sorted(urls) for cid, urls in self.known.items()}, "link_fails": self.link_fails,
                "settled_links": None if self.settled_links is None else sorted(self.settled_links),
                "validators": self.validators}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SiteStart:
        settled = data.get("settled_links")
        return cls(walked=set(data["walked"]), skip_articles=set(data["skip_articles"]),
                   walked_entries={u: date.fromisoformat(d) if d else None
                                   for u, d in data.get("walked_entries", {}).items()},
                   known={cid: set(urls) for cid, urls in data["known"].items()},
                   link_fails=dict(data["link_fails"]), settled_links=None if settled is None else set(settled),
                   validators=dict(data.get("validators") or {}))


def site_start(store: Store, site: SiteConfig, *, run_id: int | None, as_of: date, incremental: bool,
               crawl: CrawlSettings, validators: bool = False) -> SiteStart:
    """Read a site's :class:`SiteStart` from the store.

    Without a run (``scrapy crawl portal`` alone) nothing is resumed or kept. ``validators`` adds the stored
    validators of the pages on the site's hosts, for a worker that cannot ask the store.
    """
    start = SiteStart()
    if run_id is not None:
        start.walked = store.walked_columns(run_id, site.name)
        if start.walked:
            start.walked_entries = store.walked_entry_dates(run_id, site.name)
        start.skip_articles = settled_articles(store, site.name, run_id=run_id, as_of=as_of,
                                               incremental=incremental, recheck_days=crawl.recheck_days)
        if incremental:
            start.known = store.incremental_columns(site.name)
    if crawl.check_links:
        start.link_fails = store.link_fails(site.name)
        if incremental:
            start.settled_links = store.settled_link_urls(site.name, as_of - timedelta(days=crawl.recheck_days))
    if validators and incremental:
        hosts = site_hosts([site.url, site.catalog, *(c.url for c in site.columns), *store.stored_site_urls(site.name)])
        start.validators = store.validators_under([f"{scheme}://{host}/" for host in sorted(hosts)
                                                   for scheme in ("http", "https")])
    return start


def settled_articles(store: Store, site: str, *, run_id: int, as_of: date, incremental: bool,
                     recheck_days: int) -> set[str]:
    """Entry pages not to fetch again: answered within ``recheck_days`` (incremental), or in this very run
    (a resumed full run). Broken links are fetched on every run."""
    if incremental:
        return store.settled_article_urls(site, checked_after=as_of - timedelta(days=recheck_days))
    return store.settled_article_urls(site, run_id=run_id)
