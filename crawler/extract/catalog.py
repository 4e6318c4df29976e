"""The column tree of a 信息公开目录 (or a site's navigation), and the 信息公开 link of a home page.

Generic: every group of sibling blocks holding one column link of the page's host each (ul/li navs,
left-nav tables, dl/dd, runs of <a>) is scored by how many column links it holds and how many carry
the standard 信息公开 column words (指南, 制度, 年报, 法定主动公开 …); the best group is read as
a tree — nested lists become child columns, link-less headings (or javascript:/# headings) group
what follows them or what they contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.extract.html import is_hidden, parse_html, select, text_of
from crawler.extract.listing import absolute_url, in_template, is_article_url, same_host, same_site, usable_href


@dataclass(frozen=True)
class CatalogNode:
    name: str
    url: str | None
    parent: str | None


_LIST_TAGS = frozenset({"ul", "ol", "dl", "table", "tbody", "thead", "menu", "nav"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "span", "strong", "b", "p", "div", "li",
                           "td", "th", "tr", "em", "font", "label"})
_SKIP_NAME_RE = re.compile(
    r"^(?:网站)?首页$|返回首页|上一页|下一页|上页|下页|尾页|搜索|检索|登录|注册|无障碍|english|繁体|简体|长者|"
    r"关怀版|适老|更多|more|网站地图|设为首页|加入收藏|收藏本站|移动版|手机版|打印|关闭|注销",
    re.I,
)
_STRONG_WORDS = ("公开指南", "公开制度", "年报", "年度报告", "法定主动公开", "主动公开", "依申请公开",
                 "公开目录")
_MAX_NAME = 30
_MAX_HEADING = 20
_HOME_LINK_WORDS = ("政府信息公开", "信息公开", "政务公开")


def _name(anchor) -> str:
    text = text_of(anchor).replace(" ", "") or (anchor.get("title") or "").strip()
    if not text:
        img = anchor.find(".//img[@alt]")
        text = (img.get("alt") or "").strip() if img is not None else ""
    return text


def _is_home(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") or re.fullmatch(r"/index\.(?:s?html?|jsp|php|aspx?)", parts.path) is not None


class _Reader:
    """Judges links and reads nodes relative to one page URL."""

    def __init__(self, url: str) -> None:
        self.page = absolute_url(url, "")
        self.seen: set[tuple[str, str | None]] = set()

    def column(self, anchor) -> tuple[str, str] | None:
        """(name, absolute url) of a link that is a column of this site, else None."""
        href = usable_href(anchor)
        if href is None:
            return None
        name = _name(anchor)
        if not name or len(name) > _MAX_NAME or _SKIP_NAME_RE.search(name) or name.isdigit():
            return None
        url = absolute_url(self.page, href)
        if not same_host(url, self.page) or is_article_url(url) or _is_home(url):
            return None
        if is_hidden(anchor) or in_template(anchor):
            return None
        return name, url


def _nested_lists(item) -> list:
    """The outermost list elements inside item (not item itself)."""
    found = []
    stack = list(item)
    while stack:
        el = stack.pop(0)
        if not isinstance(el.tag, str):
            continue
        if el.tag in _LIST_TAGS:
            found.append(el)
        else:
            stack[0:0] = list(el)
    return found


def _own_anchors(item, nested: list) -> list:
    if item.tag == "a":
        return [item]
    inside = {a for n in nested for a in n.iter("a")}
    return [a for a in item.iter("a") if a not in inside]


def _heading_text(item, nested: list) -> str | None:
    if item.tag not in _HEADING_TAGS or is_hidden(item):
        return None
    text = text_of(item).replace(" ", "")
    for n in nested:
        text = text.replace(text_of(n).replace(" ", ""), "", 1)
    if 2 <= len(text) <= _MAX_HEADING and not any(ch.isdigit() for ch in text):
        return text
    return None


def _head(item, reader: _Reader) -> tuple[str, str | None] | None:
    """What an item stands for: a column link, a link-less heading, or None."""
    nested = _nested_lists(item)
    own = _own_anchors(item, nested)
    for anchor in own:
        column = reader.column(anchor)
        if column is not None:
            return column
    if own and usable_href(own[0]) is None and not is_hidden(own[0]):
        name = _name(own[0])
        return (name, None) if 2 <= len(name) <= _MAX_HEADING and not _SKIP_NAME_RE.search(name) else None
    if own:
        return None
    heading = _heading_text(item, nested)
    return (heading, None) if heading else None


def _row_columns(item, reader: _Reader) -> list[tuple[str, str]]:
    """Column links standing side by side in one row (a table row or a block of several links)."""
    nested = _nested_lists(item)
    found = [reader.column(a) for a in _own_anchors(item, nested)]
    return [c for c in found if c is not None]


def _row_label(item) -> str | None:
    """The link-less text of a row that holds several column links (法定主动公开内容 | 通知公告 政策文件 …)."""
    text = text_of(item).replace(" ", "")
    for anchor in item.iter("a"):
        text = text.replace(text_of(anchor).replace(" ", ""), "", 1)
    text = text.strip("：:|｜·-")
    if 2 <= len(text) <= _MAX_HEADING and not any(ch.isdigit() for ch in text):
        return text
    return None


def _score(container, reader: _Reader) -> int:
    """Column links among the container's items, the 信息公开 column words counting extra; a container
    of headings each followed by a list scores the lists it groups."""
    items = [item for item in container if isinstance(item.tag, str)]
    heads = [_head(item, reader) for item in items]
    lists = [item for item in items if item.tag in _LIST_TAGS]
    pairs = list(zip(items, heads, strict=True))
    grouped = len(lists) >= 2 and any(h and h[1] is None and i.tag not in _LIST_TAGS for i, h in pairs)
    score = 0
    for item, head in pairs:
        if grouped and item.tag in _LIST_TAGS:
            score += _score(item, reader)
        elif head is not None and head[1] is not None:
            score += 1 + 3 * any(w in head[0] for w in _STRONG_WORDS) + ("公开" in head[0])
            if item.tag not in _LIST_TAGS:
                score += max(len(_row_columns(item, reader)) - 1, 0)
    return score


def _best_container(root, reader: _Reader):
    best, best_score = None, 1
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "head", "script", "style") or is_hidden(el):
            continue
        if sum(1 for c in el if isinstance(c.tag, str)) < 2:
            continue
        score = _score(el, reader)
        if score > best_score:
            best, best_score = el, score
    return best


def _climb_to_tree(container, reader: _Reader):
    """From a sub-list to the tree it belongs to: while the list sits under a link-less heading item
    (法定主动公开内容 > 通知公告 …) whose own list holds further column links, take that outer list."""
    while True:
        item = container.getparent()
        outer = item.getparent() if item is not None else None
        if item is None or outer is None or item.tag in _LIST_TAGS or outer.tag not in _LIST_TAGS:
            return container
        head = _head(item, reader)
        siblings = [s for s in outer if s is not item and isinstance(s.tag, str)]
        if head is None or head[1] is not None or not any(
                (h := _head(s, reader)) is not None and h[1] is not None for s in siblings):
            return container
        container = outer


def _build(container, parent: str | None, reader: _Reader, out: list[CatalogNode]) -> None:
    heading = parent
    for item in container:
        if not isinstance(item.tag, str) or is_hidden(item) or in_template(item):
            continue
        nested = _nested_lists(item)
        if item.tag in _LIST_TAGS:
            _build(item, heading, reader, out)
            continue
        row = _row_columns(item, reader)
        if len(row) >= 2 and item.tag not in ("a",):
            label = _row_label(item)
            group = heading
            if label:
                _add(out, reader, CatalogNode(label, None, heading))
                group = label
            for name, url in row:
                _add(out, reader, CatalogNode(name, url, group))
            for n in nested:
                _build(n, group, reader, out)
            continue
        head = _head(item, reader)
        if head is None:
            for n in nested:
                _build(n, heading, reader, out)
            continue
        name, url = head
        if url is None and not nested:
            _add(out, reader, CatalogNode(name, None, parent))
            heading = name
            continue
        _add(out, reader, CatalogNode(name, url, heading))
        for n in nested:
            _build(n, name, reader, out)


def _add(out: list[CatalogNode], reader: _Reader, node: CatalogNode) -> None:
    key = (node.name, node.url)
    if key not in reader.seen:
        reader.seen.add(key)
        out.append(node)


def _prune_empty_headings(nodes: list[CatalogNode]) -> list[CatalogNode]:
    parents = {n.parent for n in nodes}
    return [n for n in nodes if n.url is not None or n.name in parents]


def extract_catalog(html: str, url: str, *, link_selector: str | None = None) -> list[CatalogNode]:
    """The columns of a 信息公开目录 page, each with its parent column's name, in page order."""
    if not html:
        return []
    root = parse_html(html)
    reader = _Reader(url)
    out: list[CatalogNode] = []
    if link_selector:
        for el in select(root, link_selector):
            anchor = el if el.tag == "a" else el.find(".//a[@href]")
            column = reader.column(anchor) if anchor is not None else None
            if column is not None:
                _add(out, reader, CatalogNode(column[0], column[1], None))
        return out
    container = _best_container(root, reader)
    if container is None:
        return []
    container = _climb_to_tree(container, reader)
    _build(container, None, reader, out)
    return _prune_empty_headings(out)


def find_catalog_link(html: str, url: str) -> str | None:
    """On a home page: the link to the 政府信息公开 / 信息公开 / 政务公开 section of the same site."""
    if not html:
        return None
    root = parse_html(html)
    page = absolute_url(url, "")
    best: tuple[int, int] | None = None
    found = None
    for anchor in root.iter("a"):
        href = usable_href(anchor)
        name = _name(anchor) if href else ""
        if not name or len(name) > 12:
            continue
        rank = next((i for i, w in enumerate(_HOME_LINK_WORDS) if name == w), None)
        if rank is None:
            rank = next((i + 3 for i, w in enumerate(_HOME_LINK_WORDS) if w in name), None)
        if rank is None or any(w in name for w in ("指南", "年报", "制度", "申请", "规定", "近期", "最新", "动态")):
            continue
        target = absolute_url(page, href)
        if target == page or not same_site(target, page) or is_article_url(target) or is_hidden(anchor):
            continue
        if best is None or (rank, len(name)) < best:
            best, found = (rank, len(name)), target
    return found
