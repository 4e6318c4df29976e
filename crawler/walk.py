"""Bookkeeping of one crawl: which columns are being walked and which URLs were already asked for."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from patrol.config import SiteConfig


def column_key(site: str, name: str, url: str | None) -> str:
    """The stable id of a column: its site, name and URL."""
    raw = "\x1f".join([site, name, url or ""])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def netloc(url: str) -> str:
    return urlsplit(url).netloc.lower()


@dataclass
class ColumnWalk:
    """A column whose list pages are being fetched; done when no page is pending."""

    site: SiteConfig
    column_id: str
    name: str
    url: str
    pending: int = 0
    pages: set[str] = field(default_factory=set)
    entries: set[str] = field(default_factory=set)
    done: bool = False
    partial: bool = False  # a list page failed or a limit cut the walk: entries not seen may still exist

    def claim_page(self, url: str, limit: int) -> bool:
        """Reserve a list page of this column; False when seen already or over the page limit."""
        if url in self.pages:
            return False
        if len(self.pages) >= limit:
            self.partial = True
            return False
        self.pages.add(url)
        self.pending += 1
        return True


@dataclass
class SiteWalk:
    """Per-site state: the hosts that belong to it, its columns, the articles already requested."""

    site: SiteConfig
    hosts: set[str]
    columns_by_url: dict[str, ColumnWalk] = field(default_factory=dict)
    articles: set[str] = field(default_factory=set)
    skip_articles: set[str] = field(default_factory=set)
    walked: set[str] = field(default_factory=set)

    def owns(self, url: str) -> bool:
        return netloc(url) in self.hosts
