"""Bookkeeping of one crawl: which columns are being walked and which URLs were already asked for."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from core.config import SiteConfig
from core.ids import stable_id
from crawler.addresses import DEFAULT_PORTS, column_url_key, netloc

__all__ = ["DEFAULT_PORTS", "column_url_key", "netloc"]  # re-exported: the crawl's modules import them from here

if TYPE_CHECKING:
    from crawler.explore import Exploration
    from crawler.extract.menus import NavLink


def column_key(site: str, name: str, url: str | None) -> str:
    """The stable id of a column: its site, name and URL."""
    return stable_id(site, name, url)


def host_skipped(url: str, skip_hosts: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether ``url``'s host is one of ``skip_hosts`` (``[crawl] link_skip_hosts``) or a subdomain of one."""
    if not skip_hosts:
        return False
    host = (urlsplit(url).hostname or "").rstrip(".")
    return any(host == h or host.endswith("." + h) for h in (s.lower().rstrip(".") for s in skip_hosts))


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


# Query parameters that name a session or defeat caches, not a page: URLs differing only in them are one page.
SESSION_PARAMS = frozenset({
    "jsessionid", "phpsessid", "aspsessionid", "sessionid", "session", "sid", "ssid", "sessid", "cfid", "cftoken",
    "_", "_t", "t", "ts", "timestamp", "time", "rnd", "rand", "random", "r", "nocache", "cachebust", "token",
    "csrftoken", "_csrf", "nonce", "v_t",
})
_TOKEN_RE = re.compile(r"^(?=[0-9A-Za-z_-]*\d)(?=[0-9A-Za-z_-]*[A-Za-z])[0-9A-Za-z_-]{16,}$|^\d{10,}$")
_PATH_SESSION_RE = re.compile(r";[A-Za-z_]*sess[A-Za-z_]*id=[^/?#]*", re.I)


def page_key(url: str) -> str:
    """A list page's URL without session-like parts (``;jsessionid=…``, ``sid=``, ``_=1700000000000``, random
    tokens): two pages with the same key are one page asked for twice."""
    parts = urlsplit(url)
    path = _PATH_SESSION_RE.sub("", parts.path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in SESSION_PARAMS and not _TOKEN_RE.match(v)]
    return urlunsplit((parts.scheme.lower(), netloc(url), path or "/", urlencode(sorted(query)), ""))


# A list page's next link that differs from earlier ones only in a random-looking parameter (letters and
# digits, 8 or more) leads to the same page again under a fresh token: after this many such values on
# otherwise equal URLs the walk is a session trap and is cut.
TRAP_VARIANTS = 3
_RANDOM_VALUE_RE = re.compile(r"^(?=[0-9A-Za-z_-]*\d)(?=[0-9A-Za-z_-]*[A-Za-z])[0-9A-Za-z_-]{8,}$")


def random_variants(url: str) -> list[tuple[tuple[str, str], str]]:
    """Each random-looking query parameter of ``url`` as ((its name, the URL's key without it), its value)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    out = []
    for i, (name, value) in enumerate(query):
        if _RANDOM_VALUE_RE.match(value):
            rest = urlencode(sorted(query[:i] + query[i + 1:]))
            base = urlunsplit((parts.scheme.lower(), netloc(url), _PATH_SESSION_RE.sub("", parts.path) or "/", rest,
                               ""))
            out.append(((name, base), value))
    return out


def trap_text(name: str) -> str:
    return f"翻页链接每次带不同的随机参数“{name}”（会话陷阱），已停止翻页，部分页面未检查"


def limit_text(limit: int) -> str:
    return f"栏目翻页超过{limit}页上限，部分页面未检查"


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
    cut: str | None = None  # why a limit (page limit, site budget, off-site paging) cut the walk short
    keys: set[str] = field(default_factory=set)  # page_key of every claimed page
    variants: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # random parameter → values seen
    found: str | None = None  # how the crawl found it: catalog, config, menu, more, frame

    def claim_page(self, url: str, limit: int) -> bool:
        """Reserve a list page of this column; False when seen already (session parameters aside) or over
        the page limit (the walk is then cut)."""
        key = page_key(url)
        if url in self.pages or key in self.keys:
            return False
        if len(self.pages) >= limit:
            self.stop(limit_text(limit))
            return False
        for variant, value in random_variants(url):
            seen = self.variants.setdefault(variant, set())
            seen.add(value)
            if len(seen) >= TRAP_VARIANTS:
                self.stop(trap_text(variant[0]))
                return False
        self.pages.add(url)
        self.keys.add(key)
        self.pending += 1
        return True

    def stop(self, reason: str) -> None:
        """A limit cut the walk: what it did not reach is not judged (neither blank nor stale)."""
        self.partial = True
        self.cut = self.cut or reason


@dataclass
class SiteWalk:
    """Per-site state: the hosts that belong to it, its columns, the articles already requested."""

    site: SiteConfig
    hosts: set[str]
    columns_by_url: dict[str, ColumnWalk] = field(default_factory=dict)
    articles: set[str] = field(default_factory=set)
    home_links: set[str] = field(default_factory=set)  # targets linked from the home page (its frame: 导航, 页脚)
    skip_articles: set[str] = field(default_factory=set)
    walked: set[str] = field(default_factory=set)
    known: dict[str, set[str]] = field(default_factory=dict)  # incremental: column id → entry URLs known
    explore: Exploration | None = None  # discovery beyond the catalog (None: configured columns only)
    seeds: list[NavLink] = field(default_factory=list)  # the home page's menu links, where discovery starts
    frame: frozenset[str] = frozenset()  # every address the home page links (the site's frame, its news too)
    page_links: dict[str, list[NavLink]] = field(default_factory=dict)  # catalog pages read → their menu links

    column_keys: set[str] = field(default_factory=set)  # column_url_key of every column's address
    renders: int = 0  # pages rendered in headless Chromium for this site (crawler.middlewares.render)
    catalog_item: Any = None  # the CatalogItem recorded for the site (the discovery walk's figures join it)

    def owns(self, url: str) -> bool:
        return netloc(url) in self.hosts

    def is_column(self, url: str) -> bool:
        """A column's address already (spelt with or without its slash or index file)."""
        return column_url_key(url) in self.column_keys

    def add_column(self, url: str, column: ColumnWalk) -> None:
        self.columns_by_url.setdefault(url, column)
        self.column_keys.add(column_url_key(url))
