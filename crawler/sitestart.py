"""Where a site's walk starts from: what the store already holds for it (resume, incremental, link checks).

A distributed run's coordinator reads each site's share of what the in-process crawl starts from
(:class:`storage.memory.CrawlMemory`, read by :func:`patrol.coordinator.site_start`) and sends it to the worker
that crawls the site (workers have no database), with the stored validators of the site's pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


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
