"""Column discovery beyond the catalog: a bounded walk of the menus a reader uses (导航, 更多, 左侧菜单, 框架).

Pure bookkeeping; the spider fetches. From the home page and from every column page, the site's own
navigation links are followed (at most ``MAX_DEPTH`` hops from home, at most ``budget`` pages in all). A page
that lists entries becomes a column; a page that lists nothing but has the look of the site's list pages is a
blank column, decided once the walk has seen the site's lists (``settle``); any other page only leads on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crawler.addresses import column_url_key
from crawler.extract.menus import NavLink

MAX_DEPTH = 3  # hops from the home page
_EMPTY_RE = re.compile(r"暂无(?:信息|数据|内容|记录|相关|文章|公开)|"
                       r"没有(?:相关|找到|符合条件的)(?:信息|记录|数据|内容)")


def says_empty(text: str) -> bool:
    """The page says its list has nothing yet (暂无信息, 暂无数据, 没有相关信息 …)."""
    return _EMPTY_RE.search(text) is not None
FOUND_HOW = {"catalog": "信息公开目录", "config": "配置", "menu": "导航菜单", "more": "“更多”链接",
             "frame": "框架页", "home": "首页"}
_TITLE_SPLIT_RE = re.compile(r"\s*[_|\-–—－｜]\s*")


@dataclass(frozen=True)
class Candidate:
    """A page to look at: what named it, how, from which page and how deep."""

    url: str
    name: str | None
    how: str
    via: str
    depth: int


@dataclass
class EmptyPage:
    """A page that listed one dated row or none: a column if it has the look of the site's list pages (or
    says it has nothing yet: 暂无信息). A catalog column's page waits here too: a blank list, or a single page."""

    candidate: Candidate
    name: str
    shapes: frozenset[str]
    response: Any  # the answer, read again as a column's first page when it is one (its parsed tree is not
    # kept: every site's walk waits with pages here, and lxml trees would hold most of a crawl's memory)
    column: Any = None  # the catalog column (a ColumnWalk) whose first page this is; None: found by the walk
    parent: str | None = None
    category: str | None = None
    says_empty: bool = False  # 暂无信息, 暂无数据 …


@dataclass
class Exploration:
    """One site's discovery walk."""

    budget: int
    asked: set[str] = field(default_factory=set)
    pending: int = 0
    list_shapes: set[str] = field(default_factory=set)
    empty: list[EmptyPage] = field(default_factory=list)
    unread: list[dict[str, str | None]] = field(default_factory=list)  # named pages that could not be read
    over_budget: bool = False  # a page was left unread because the walk's budget was spent
    said: bool = False  # the spent budget was recorded with the catalog's evidence

    def claim(self, url: str) -> bool:
        """Reserve a page of the walk; False when asked for already or over the budget."""
        key = column_url_key(url)
        if key in self.asked or len(self.asked) >= self.budget:
            self.over_budget = self.over_budget or key not in self.asked
            return False
        self.asked.add(key)
        self.pending += 1
        return True

    def candidates(self, links: list[NavLink], via: str, depth: int,
                   is_column: Callable[[str], bool]) -> list[Candidate]:
        """The links of a page worth a look (not columns already, within the depth)."""
        if depth > MAX_DEPTH:
            return []
        return [Candidate(link.url, link.name, link.how, via, depth) for link in links
                if not is_column(link.url) and column_url_key(link.url) not in self.asked]

    def settle(self) -> list[tuple[EmptyPage, bool]]:
        """When no page of the walk (nor a catalog column's first page) is pending, every waiting page with
        whether it is a list: it says it has nothing yet, or has the look of a list seen on the site."""
        if self.pending > 0:
            return []
        settled = [(p, p.says_empty or bool(p.shapes & self.list_shapes)) for p in self.empty]
        self.empty = []
        return settled


def column_name(candidate: Candidate, meta: dict[str, str], title: str | None) -> str:
    """A discovered column's name: what the menu called it, else the page's ColumnName, else its title's
    first part (``通知公告_中国福彩网`` → 通知公告)."""
    if candidate.name:
        return candidate.name
    if meta.get("ColumnName"):
        return meta["ColumnName"].strip()
    if title:
        first = _TITLE_SPLIT_RE.split(title.strip())[0].strip()
        if first:
            return first[:30]
    return candidate.url.rstrip("/").rsplit("/", 1)[-1] or candidate.url
