"""Bookkeeping of one crawl: which columns are being walked and which URLs were already asked for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from core.config import SiteConfig
from core.ids import stable_id


def column_key(site: str, name: str, url: str | None) -> str:
    """The stable id of a column: its site, name and URL."""
    return stable_id(site, name, url)


DEFAULT_PORTS = {"http": 80, "https": 443}


def netloc(url: str) -> str:
    """``host[:port]`` of a URL, lower case, without the scheme's default port (http and https agree)."""
    parts = urlsplit(url)
    host = parts.netloc.lower().rsplit("@", 1)[-1]
    try:
        port = parts.port
    except ValueError:
        return host
    if port is not None and port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host.rsplit(":", 1)[0]
    return host


def www_variant(host: str) -> str | None:
    """``xxx.gov.cn`` ↔ ``www.xxx.gov.cn`` (port kept); None for IP addresses and single labels."""
    name, sep, port = host.partition(":")
    if not name or name.replace(".", "").isdigit() or "." not in name or name.startswith("["):
        return None
    other = name[4:] if name.startswith("www.") else "www." + name
    return other + sep + port if "." in other else None


def site_hosts(urls: Iterable[str | None]) -> set[str]:
    """The hosts that count as one site: those of ``urls`` and their ``www.`` variants.

    Scheme variants (http ↔ https) need nothing more: :func:`netloc` ignores the scheme's default port.
    """
    hosts: set[str] = set()
    for url in urls:
        if url:
            host = netloc(url)
            hosts.add(host)
            other = www_variant(host)
            if other:
                hosts.add(other)
    return hosts


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
    known: set[str] | None = None  # incremental: entry URLs listed before this run (None: a full walk)
    stopped: bool = False  # an incremental walk stopped at a page of known entries

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
    known: dict[str, set[str]] = field(default_factory=dict)  # incremental: column id → entry URLs known

    def owns(self, url: str) -> bool:
        return netloc(url) in self.hosts
