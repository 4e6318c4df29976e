"""The search for a site's 信息公开目录: home page → 信息公开 landing page → 政府信息公开目录.

Pure bookkeeping and decisions; the spider fetches. A search tries the links the home page offers
(``catalog_links``) best first, follows a redirect stub page or a landing page's link to the catalog
itself for a bounded number of hops, never leaves the site, and keeps what it tried as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.extract.catalog import CatalogLink, CatalogNode, catalog_strength

MAX_DEPTH = 3  # hops from the home page: landing page, redirect stub, catalog
MAX_PAGES = 6  # pages fetched in all while searching
MIN_COLUMNS = 2  # column links a tree needs to be a catalog
STRONG_HOME_TREE = 8  # a home page's own tree counts only when plainly a 信息公开 catalog (指南, 年报 …)

@dataclass(frozen=True)
class Step:
    """One page to fetch in the search: where it came from and how deep it is."""

    url: str
    name: str
    how: str
    depth: int


@dataclass
class CatalogSearch:
    """The state of one site's search (held by the spider across its requests)."""

    home: str
    explicit: bool = False
    candidates: list[CatalogLink] = field(default_factory=list)
    home_tree: list[CatalogNode] = field(default_factory=list)
    tried: list[dict[str, Any]] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    held: tuple[str, list[CatalogNode]] | None = None  # a landing page's tree while its 目录 link is tried
    done: bool = False

    def first(self) -> Step | None:
        """The next home-page candidate not yet visited, within the page budget."""
        while self.candidates and len(self.visited) < MAX_PAGES and not self.explicit:
            link = self.candidates.pop(0)
            if link.url not in self.visited:
                return Step(link.url, link.name, link.how, 1)
        return None

    def follow(self, step: Step, url: str, how: str, name: str) -> Step | None:
        """A further hop from ``step`` (a stub's target, a landing page's 目录 link) if allowed."""
        if step.depth >= MAX_DEPTH or len(self.visited) >= MAX_PAGES or url in self.visited:
            return None
        return Step(url, name, how, step.depth + 1)

    def note(self, step: Step, result: str) -> None:
        self.tried.append({"url": step.url, "link": step.name, "how": step.how, "depth": step.depth,
                           "result": result})

    def evidence(self) -> dict[str, Any]:
        return {"home": self.home, "tried": self.tried}


def qualifies(nodes: list[CatalogNode]) -> bool:
    """A tree with enough column links to be read as the catalog."""
    return sum(n.url is not None for n in nodes) >= MIN_COLUMNS


def choose(landing: tuple[str, list[CatalogNode]] | None,
           catalog: tuple[str, list[CatalogNode]]) -> tuple[str, list[CatalogNode]] | None:
    """Between a landing page's tree and the tree of the catalog page it links: the catalog page's when it
    is one, else the landing page's when that is one."""
    if qualifies(catalog[1]):
        return catalog
    if landing is not None and qualifies(landing[1]):
        return landing
    return None


def home_fallback(search: CatalogSearch) -> list[CatalogNode]:
    """The home page's own tree, only when it is plainly the 信息公开 catalog (no link led anywhere)."""
    tree = search.home_tree
    return tree if qualifies(tree) and catalog_strength(tree) >= STRONG_HOME_TREE else []
