"""What a crawl needs to remember from earlier runs before it starts (read by the item pipeline)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from storage.crawl import CrawlMixin
from storage.links import LinksMixin


@dataclass
class CrawlMemory:
    """The store's answers a crawl starts from: nothing of it is written back by the spider."""

    walked: set[str] = field(default_factory=set)  # column ids whose walk completed in this run (a resume)
    walked_entries: dict[str, dict[str, date | None]] = field(default_factory=dict)  # site → their entries' URL →
    # list date: the entry pages the interrupted run may not have stored are read again
    settled_articles: dict[str, set[str]] = field(default_factory=dict)  # site → entry pages not to fetch again
    known: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # site → column id → known entry URLs
    link_fails: dict[tuple[str, str], int] = field(default_factory=dict)  # (site, target) → failed checks in a row
    settled_links: dict[str, set[str]] = field(default_factory=dict)  # site → targets checked fine lately


class MemoryMixin(CrawlMixin, LinksMixin):
    """Builds a :class:`CrawlMemory` from the crawl and link tables."""

    def crawl_memory(self, run_id: int, sites: Sequence[str], *, as_of: date, incremental: bool,
                     recheck_days: int, check_links: bool) -> CrawlMemory:
        """What the crawl of ``sites`` under ``run_id`` starts from.

        Columns walked and entry pages read in this run already (a resumed run) are skipped.
        ``incremental``: columns unchanged since earlier runs are kept, and entry pages and link targets
        answered within ``recheck_days`` are not fetched again.
        """
        memory = CrawlMemory()
        recent = as_of - timedelta(days=recheck_days)
        memory.walked = self.walked_columns(run_id)
        for site in sites:
            if memory.walked:
                memory.walked_entries[site] = self.walked_entry_dates(run_id, site)
            memory.settled_articles[site] = (self.settled_article_urls(site, checked_after=recent)
                                             if incremental else self.settled_article_urls(site, run_id=run_id))
            if incremental:
                memory.known[site] = self.incremental_columns(site)
        if check_links:
            for site in sites:
                memory.link_fails.update(((site, url), n) for url, n in self.link_fails(site).items())
                if incremental:
                    memory.settled_links[site] = self.settled_link_urls(site, recent)
        return memory
