"""Entries of a list page: the main list's rows with title, absolute URL and the date shown.

The main list is found generically: among all groups of sibling blocks (li, tr, dl, dd, div, p, a …) that
each hold one to three content links, prefer the groups whose rows show dates, then the ones whose links
look like articles. Navigation, breadcrumbs, pagers, hidden template lists and commented-out links never
qualify. Hanweb `<datastore>` records (HTML in CDATA) are entries too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from crawler.extract.dates import ParsedDate, find_dates
from crawler.extract.entry import ListEntry
from crawler.extract.html import hiding_elements, lowered, parse_html, select, shown_text, text_of, within
from crawler.extract.listyears import resolve_list_years
from crawler.extract.urls import absolute_url as absolute_url  # re-exported for the readers

_BAD_SCHEMES = ("javascript:", "mailto:", "tel:", "vbscript:", "data:")
_PAGER_TEXTS = frozenset({
    "首页", "上一页", "下一页", "上页", "下页", "尾页", "末页", "最后一页", "更多", "更多>>", "more", "more>>",
    "更多>", ">>", "<<", ">", "<", "…", "...", "返回", "返回首页", "打印", "关闭", "收藏", "加入收藏", "设为首页",
})
_MORE_LINK_RE = re.compile(r"^[+\s>》»【\[]*(?:更多|more|查看更多)[+\s>》»】\].…]*$", re.I)
_TEMPLATE_ATTRS = ("ms-repeat", "ms-for", "ms-each", "v-for", "ng-repeat", "x-for", "th:each", "wx:for")
_TEMPLATE_MARKS = ("{{", "}}", "${", "<%", "el.doctitle", "el.title")
_TRUNCATION = ("...", "…", "..", "……")
_ARTICLE_FILE_RE = re.compile(r"(?:^t\d{8}_\d+|^art_\d+|content_\d+|\d{4,})", re.I)
_ARTICLE_QUERY_RE = re.compile(r"(?:^|&)(?:id|docid|articleid|infoid|newsid|contentid|aid|cid)=\w+", re.I)
_MAX_ITEM_LINKS = 3
_MAX_ROW_DATES = 3  # more dates than a row shows (发布/成文): the "row" holds other rows
_PINNED_MARK_RE = re.compile(r"^\s*[\[【(（〔]?\s*置顶\s*[\]】)）〕]?\s*[:：]?\s*")
_PINNED_TOKENS = frozenset({"zhiding", "zd", "istop", "is-top", "is_top", "settop", "top-icon", "icon-top",
                            "icon_top", "ding", "sticky", "pinned", "stick", "zding", "top"})
_PINNED_FILE_RE = re.compile(r"(?:^|[/_\-])(?:top|zd|zhiding|ding|sticky|stick)\d*\.(?:gif|png|jpe?g|svg)$", re.I)
_HEADER_LABELS = frozenset({"标题", "名称", "文件名称", "信息名称", "标 题", "主题", "日期", "发布日期", "发布时间",
                            "成文日期", "时间", "索引号", "文号", "发文字号", "发布机构", "发文机关", "序号", "来源"})
_INDEX_FILE_RE = re.compile(r"/(?:index|default)(?:_\d+)?\.(?:s?html?|jsp|php|aspx?)$", re.I)
_RECORD_OPEN_RE = re.compile(r"<record\b[^<>]{0,200}>", re.I)
_RECORD_CLOSE_RE = re.compile(r"</record\s*>", re.I)
MAX_LINKS = 1500  # candidate links read per page (real list pages show a few hundred at most)
MAX_RECORDS = 5000  # a dataproxy answer holds a page of records (15–100); more is a hostile page


# ---------------------------------------------------------------- URL helpers (shared with catalog)

def _registrable(host: str) -> str:
    labels = host.lower().split(":")[0].split(".")
    second_level = {"gov", "com", "edu", "org", "net", "ac"}
    keep = 3 if len(labels) >= 3 and labels[-2] in second_level and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def same_host(a: str, b: str) -> bool:
    return urlsplit(a).netloc.lower() == urlsplit(b).netloc.lower()


def same_site(a: str, b: str) -> bool:
    """Same host, or hosts under one registrable domain (www.x.gov.cn and xxgk.x.gov.cn)."""
    host_a, host_b = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    return bool(host_a) and (host_a == host_b or _registrable(host_a) == _registrable(host_b))


@lru_cache(maxsize=8192)
def is_article_url(url: str) -> bool:
    """True for URLs shaped like a document page (t20261118_1.html, art_1_2.html, content_3.html, ?id=4)."""
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1]
    if name and "." in name and _ARTICLE_FILE_RE.search(name.rsplit(".", 1)[0]):
        return True
    return bool(_ARTICLE_QUERY_RE.search(parts.query))


def usable_href(anchor) -> str | None:
    """The anchor's href when it can be followed (no javascript:, mailto:, bare #, template marks)."""
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(_BAD_SCHEMES):
        return None
    if any(mark in href for mark in _TEMPLATE_MARKS):
        return None
    return href


_TEMPLATE_XPATH = etree.XPath("//*[@*[" + " or ".join(f"name()='{a}'" for a in _TEMPLATE_ATTRS) + "]]")


_TEMPLATE_ATTR_SET = frozenset(_TEMPLATE_ATTRS)


@lru_cache(maxsize=8)
def _template_roots(document) -> frozenset:
    """Elements of a document that carry a client-side template attribute (usually none): one walk over the
    elements (several times faster than ``_TEMPLATE_XPATH``'s test of every attribute's name, same set)."""
    return frozenset(el for el in document.iter() if isinstance(el.tag, str) and el.attrib
                     and not _TEMPLATE_ATTR_SET.isdisjoint(el.attrib.keys()))


def in_template(el) -> bool:
    """True inside a client-side template list (avalon ms-repeat, Vue v-for …)."""
    return within(el, _template_roots(el.getroottree().getroot()))


@lru_cache(maxsize=64)
def _page_place(page: str) -> tuple[str, str, str]:
    """The page's host (lowered), its own column folder and its address without a fragment (per page)."""
    parts = urlsplit(page)
    own = _INDEX_FILE_RE.sub("/", parts.path or "/")
    own = own if own.endswith("/") else own.rsplit("/", 1)[0] + "/"
    return parts.netloc.lower(), own, absolute_url(page, "")


@lru_cache(maxsize=8192)
def _is_own_column_or_above(url: str, page: str) -> bool:
    """True for the page's own column root and every folder above it on the same host: the column's
    self-link (its title, 当前栏目), the breadcrumb (首页 > 信息公开 > …) — never entries of its list."""
    host, own, _ = _page_place(page)
    parts = urlsplit(url)
    if parts.netloc.lower() != host or parts.query:
        return False
    target = _INDEX_FILE_RE.sub("/", parts.path or "/")
    return target.endswith("/") and own.startswith(target)


# ---------------------------------------------------------------- rows

# Rows are judged several times (candidate, group scoring, entry); elements are hashable by identity
# and the caches keep them alive, so a cached answer never belongs to another page's element.
@lru_cache(maxsize=4096)
def _title(anchor) -> str:
    text = _unpinned(shown_text(anchor).lstrip("·•●▪■□◆◇>》 ")).strip()
    if _MORE_LINK_RE.match(text):
        return "更多"
    if text.endswith(_CLOSING_BRACKETS):  # 标题(2020-12-16): a date given inside the link's text
        text = _LINK_DATE_RE.sub("", text).strip() or text
    attr = _unpinned(" ".join((anchor.get("title") or "").split())).strip()
    if not text or (attr and text.endswith(_TRUNCATION) and len(attr) >= len(text.rstrip(".…"))):
        return attr or text
    return text


_CLOSING_BRACKETS = (")", "）", "]", "】")  # what _LINK_DATE_RE's date must be closed by, at the end


def _unpinned(text: str) -> str:
    """The text without a leading 置顶 mark (the pattern runs only where the word is)."""
    return _PINNED_MARK_RE.sub("", text) if "置顶" in text else text


_SCRIPT_HREF_RE = re.compile(r"^\s*(?:javascript\s*:|#\s*$)", re.I)
_SCRIPT_TARGET_RE = re.compile(r"""(?:open|href|location|url)\w*\s*[(=]\s*['"]([^'"\s]+\.(?:s?html?|jsp|aspx?|php)"""
                               r"""(?:\?[^'"\s]*)?)['"]""", re.I)
_DATA_TARGETS = ("data-href", "data-url", "data-link")
SCRIPT_ROW_MARK = "#row-"  # the fragment of a row that opens its page by script (no address of its own)


def _script_row_url(anchor, base: str, page: str) -> str | None:
    """A row link opened by script (``javascript:;``, ``javascript:void(0)``, ``onclick="show('12')"``): the
    address the script or a data attribute names when it can be read, else the list page's address with a
    ``#row-`` fragment made from the title (stable across runs; never fetched)."""
    href = (anchor.get("href") or "").strip()
    if href and not _SCRIPT_HREF_RE.match(href):
        return None
    for attr in _DATA_TARGETS:
        if (value := (anchor.get(attr) or "").strip()) and not value.lower().startswith(_BAD_SCHEMES):
            return absolute_url(base, value)
    script = href + " " + (anchor.get("onclick") or "")
    found = _SCRIPT_TARGET_RE.search(script)
    if found and not any(mark in found.group(1) for mark in _TEMPLATE_MARKS):
        return absolute_url(base, found.group(1))
    if not href and not anchor.get("onclick"):
        return None
    digest = hashlib.sha1(_title(anchor).encode("utf-8")).hexdigest()[:12]
    return absolute_url(page, "") + SCRIPT_ROW_MARK + digest


def is_script_row(url: str) -> bool:
    """True for the address of a row opened by script: it names no page to fetch."""
    return SCRIPT_ROW_MARK in url


def _classify(anchor, base: str, page: str, hidden: frozenset, templated: frozenset) -> tuple[str, bool] | None:
    """The absolute URL of a link that can be a list entry and whether it is hidden by style (such links
    count for a list that scripts show), else None. ``hidden``/``templated``: the document's links under a
    hiding element / a client-side template."""
    href = usable_href(anchor)
    title = _title(anchor)
    if not title or title.lower() in _PAGER_TEXTS or title.isdigit() or title in _HEADER_LABELS:
        return None
    if href is None:
        if anchor in templated or any(m in title for m in _TEMPLATE_MARKS):
            return None
        url = _script_row_url(anchor, base, page)
        return None if url is None else (url, anchor in hidden)
    if any(mark in title for mark in _TEMPLATE_MARKS):
        return None
    url = absolute_url(base, href)
    if url == _page_place(page)[2] or _is_own_column_or_above(url, page) or anchor in templated:
        return None
    return url, anchor in hidden


def _links_under(elements: frozenset) -> frozenset:
    """The links inside ``elements`` (each included when it is a link itself)."""
    return frozenset(a for el in elements for a in el.iter("a"))


@lru_cache(maxsize=4096)
def _row_date(item, anchor, as_of: date | None) -> ParsedDate | None:
    """The date shown in a row outside its title link; then in the text right after it."""
    link_text = shown_text(anchor)
    rest = text_of(item, skip_hidden=True)
    rest = rest.replace(link_text, " ", 1) if item is not anchor else ""
    found = find_dates(rest, as_of)
    if len(found) >= _MAX_ROW_DATES and item.tag != "tr":
        return None  # a block holding a whole dated list (and one stray link) is no row of it
    if found:
        return found[0]
    tail = item.tail or ""
    sibling = item.getnext()
    if sibling is not None and isinstance(sibling.tag, str) and sibling.find(".//a") is None \
            and sibling.tag.lower() != "a":
        tail += " " + text_of(sibling, skip_hidden=True)
    found = find_dates(tail, as_of)
    if found:
        return found[0]
    inside = _LINK_DATE_RE.search(link_text)  # 标题(2020-12-16): the date given inside the link's text
    found = find_dates(inside.group(1), as_of) if inside else []
    return found[0] if found else None


_LINK_DATE_RE = re.compile(
    r"[(（\[【]\s*((?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)\s*[)）\]】]\s*$")


def _entry(item, anchor, url: str, as_of: date | None, date_el=None) -> ListEntry:
    if date_el is not None:
        found = find_dates(text_of(date_el), as_of)
        parsed = found[0] if found else None
    else:
        parsed = _row_date(item, anchor, as_of)
    pinned = _is_pinned(item, anchor)
    if parsed is None:
        return ListEntry(_title(anchor), url, None, None, None, pinned=pinned)
    return ListEntry(_title(anchor), url, parsed.value, parsed.raw, parsed.status, yearless=parsed.yearless,
                     pinned=pinned)


def _is_pinned(item, anchor) -> bool:
    """A 置顶 row: the word 置顶 in the row or a title/alt, or a pinned class or icon on the row or inside it."""
    if "置顶" in shown_text(item) or "置顶" in (anchor.get("title") or ""):
        return True
    for el in item.iter():
        if not isinstance(el.tag, str):
            continue
        classes = el.get("class")
        tokens = set(classes.lower().split()) if classes else set()
        if _PINNED_TOKENS & tokens and ("top" not in tokens or el is item or not text_of(el)):
            return True  # a bare "top" class counts on the row itself or on an empty icon element
        if el.tag == "img" and ("置顶" in (el.get("alt") or "") + (el.get("title") or "")
                                or _PINNED_FILE_RE.search((el.get("src") or "").split("?")[0])):
            return True
    return False


# ---------------------------------------------------------------- main-list heuristic

@dataclass
class _Group:
    container: Any  # an lxml element
    rows: list  # (item, anchor, url)
    depth: int
    dated: int = -1  # rows showing a date; -1 until counted
    articles: int = 0

    def key(self) -> tuple:
        return (self.dated * 2 + self.articles + len(self.rows), self.depth)


@lru_cache(maxsize=8)
def _classified(root, base: str, page: str) -> tuple[tuple[Any, str, bool], ...]:
    """Every link of the page that can be an entry (anchor, URL, hidden by style), in page order, until
    ``MAX_LINKS`` shown ones: read once for both the shown list and the one scripts show. Which links are
    hidden or templated is read once from the (usually few) hiding and template elements."""
    hidden, templated = _links_under(hiding_elements(root)), _links_under(_template_roots(root))
    found = []
    shown = 0
    for anchor in root.iter("a"):
        classified = _classify(anchor, base, page, hidden, templated)
        if classified is not None:
            found.append((anchor, *classified))
            shown += not classified[1]
            if shown >= MAX_LINKS:
                break
    return tuple(found)


def _candidates(root, base: str, page: str, hidden: bool = False) -> dict:
    """The candidate links (anchor: URL), at most ``MAX_LINKS``; ``hidden``: links hidden by style too."""
    found = {}
    for anchor, url, hides in _classified(root, base, page):
        if hidden or not hides:
            found[anchor] = url
            if len(found) >= MAX_LINKS:
                break
    return found


def _link_counts(links: dict) -> dict:
    counts: dict = {}
    for anchor in links:
        node = anchor
        while node is not None:
            counts[node] = counts.get(node, 0) + 1
            node = node.getparent()
    return counts


def _best_anchor(item, links: dict):
    anchors = [a for a in item.iter("a") if a in links]
    return max(anchors, key=lambda a: len(_title(a))) if anchors else None


def _groups(root, links: dict, with_frame: bool = False) -> list[_Group]:
    """Every container whose children hold one to three candidate links each, with its article count;
    how many rows show a date is left to ``_main_groups``, which reads it only where it can matter. The page's
    frame is left out (``with_frame``: kept, for explaining the choice)."""
    counts = _link_counts(links)
    groups = []
    frame = _frame_elements(root) if not with_frame else frozenset()
    framed = _framed(root) if not with_frame else frozenset()
    holders = _list_holders(root)
    for container, total in counts.items():
        if total < 1 or not isinstance(container.tag, str) or container.tag == "a" or container in framed:
            continue
        rows = []
        for item in container:
            if isinstance(item.tag, str) and 1 <= counts.get(item, 0) <= _MAX_ITEM_LINKS and item not in frame \
                    and not _holds_list(item, holders):
                anchor = _best_anchor(item, links)
                rows.append((item, anchor, links[anchor]))
        if rows:
            groups.append(_Group(container, rows, _depth(container)))
    for group in groups:
        group.articles = sum(is_article_url(url) for _, _, url in group.rows)
    return groups


_FRAME_TAGS = frozenset({"footer", "header", "nav"})
_FRAME_TOKEN_RE = re.compile(
    r"^(?:(?:[a-z]*[-_])|left|right|sub|side|main|site|top|g|m|page)?(?:foot(?:er)?|bottom|copyright|copy|banquan|"
    r"bq|header|top[-_]?(?:nav|bar|menu|links?|wrap)|head[-_]?(?:nav|bar|menu|wrap)|nav(?:bar)?|"
    r"mainnav|menu|sitemap|wzdt|yqlj|links?|friendlinks?)(?:[-_]?(?:\d+|box|wrap|con|nav|bar|bg|link|links|"
    r"menu|in|inner|main))*$", re.I)


@lru_cache(maxsize=4096)
def _frame_token(name: str) -> bool:
    """An id or class token naming a part of the frame (class names repeat across a site's pages)."""
    return _FRAME_TOKEN_RE.match(name) is not None


@lru_cache(maxsize=8)
def _frame_elements(root) -> frozenset:
    """The page's frame: header, navigation, menus, site map, footer and its 友情链接 (by tag, id or class).
    Their links are the site's, shared by every page: never a column's entries."""
    found = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in _FRAME_TAGS:
            found.append(el)
            continue
        ids, classes = el.get("id"), el.get("class")
        if (ids or classes) and any(_frame_token(name) for name in f"{ids or ''} {classes or ''}".split()):
            found.append(el)
    return frozenset(found)


@lru_cache(maxsize=8)
def _framed(root) -> frozenset:
    """Every element inside the page's frame (the frame's elements included): ``within(el, frame)`` as a
    set, for the many containers a page's links sit in."""
    return frozenset(el for part in _frame_elements(root) for el in part.iter())


_LIST_TAGS = ("ul", "ol", "table", "dl")


@lru_cache(maxsize=8)
def _list_holders(root) -> frozenset:
    """The elements of a document that hold a list (ul, ol, table, dl) below them: one walk up from each
    list, stopping where an earlier walk passed."""
    holders: set = set()
    for el in root.iter(*_LIST_TAGS):
        node = el.getparent()
        while node is not None and node not in holders:
            holders.add(node)
            node = node.getparent()
    return frozenset(holders)


def _holds_list(item, holders: frozenset) -> bool:
    """A block holding a list of its own (a side menu, a content column) is no row of the list around it."""
    return item.tag not in ("ul", "ol", "table", "tbody", "dl", "tr") and item in holders


def _count_dated(group: _Group, as_of: date | None) -> _Group:
    if group.dated < 0:
        group.dated = sum(_row_date(item, anchor, as_of) is not None for item, anchor, _ in group.rows)
    return group


def _depth(el) -> int:
    depth = 0
    while el is not None:
        depth += 1
        el = el.getparent()
    return depth


def _is_dated(g: _Group) -> bool:
    return g.dated > 0 and g.dated * 2 >= len(g.rows)


def _is_articles(g: _Group) -> bool:
    return g.articles > 0 and g.articles * 2 >= len(g.rows)


MIN_SCRIPT_ROWS = 3  # undated rows opened by script that make a list
MIN_TITLED_ROWS = 5  # undated rows whose addresses say nothing that make a list (a video list, covers)
MIN_TITLE = 12  # characters such rows' titles have on average (menu items are short names)


def _is_script_list(g: _Group) -> bool:
    """Undated rows with titles as long as documents' (not a menu): all opened by script, or many."""
    scripted = all(is_script_row(url) for _, _, url in g.rows)
    if len(g.rows) < (MIN_SCRIPT_ROWS if scripted else MIN_TITLED_ROWS):
        return False
    return sum(len(_title(anchor)) for _, anchor, _ in g.rows) >= MIN_TITLE * len(g.rows)


def _main_groups(groups: list[_Group], as_of: date | None, frame: frozenset[str] = frozenset()) -> list[_Group]:
    """The main list: the best group whose rows mostly show dates, else whose links mostly look like
    articles; equal sibling lists (tabs) are merged. Dates are read group by group, largest possible
    score first, and no further once no remaining group could beat the best dated one."""
    best_dated = None
    for g in sorted(groups, key=lambda g: 3 * len(g.rows) + g.articles, reverse=True):
        if best_dated is not None and 3 * len(g.rows) + g.articles < best_dated.key()[0]:
            break
        if _is_dated(_count_dated(g, as_of)) and (best_dated is None or g.key() > best_dated.key()):
            best_dated = g
    if best_dated is not None:
        best, qualifies = best_dated, _is_dated
    else:
        pool = [g for g in groups if _is_articles(g)  # undated links the site's home page shows too: its frame
                and sum(url in frame for _, _, url in g.rows) * 2 <= len(g.rows)]
        pool += [g for g in groups if _is_script_list(g)]
        if not pool:
            return []
        best = max(pool, key=_Group.key)
        qualifies = _is_script_list if _is_script_list(best) else _is_articles
    parent = best.container.getparent()
    siblings = [g for g in groups if parent is not None and g.container.getparent() is parent
                and g.container.tag == best.container.tag
                and g.container.get("class") == best.container.get("class")
                and qualifies(_count_dated(g, as_of))]
    if len(siblings) <= 1:
        return _boxes(best, groups, qualifies, as_of)
    order = {el: i for i, el in enumerate(parent)}
    return sorted(siblings, key=lambda g: order.get(g.container, 0))


def _same_look(a, b) -> bool:
    return a.tag == b.tag and a.get("class") == b.get("class")


def _boxes(best: _Group, groups: list[_Group], qualifies, as_of: date | None) -> list[_Group]:
    """A landing page's boxes: equal lists each in an equal wrapper (a heading and its 更多 link beside it),
    side by side; the page lists them all, in page order."""
    parent = best.container.getparent()
    grand = parent.getparent() if parent is not None else None
    if grand is None:
        return [best]
    boxes = [g for g in groups if (p := g.container.getparent()) is not None and p.getparent() is grand
             and _same_look(p, parent) and _same_look(g.container, best.container)
             and qualifies(_count_dated(g, as_of))]
    if len(boxes) <= 1:
        return [best]
    order = {el: i for i, el in enumerate(grand)}
    return sorted(boxes, key=lambda g: order.get(g.container.getparent(), 0))


def _dedupe(entries: list[ListEntry]) -> list[ListEntry]:
    seen: set[str] = set()
    result = []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            result.append(entry)
    return result


def _base(root, url: str) -> str:
    base = root.find(".//base[@href]")
    return urljoin(url, base.get("href")) if base is not None else url


# ---------------------------------------------------------------- datastore (Hanweb)

def _record_fragments(xml_text: str) -> list[str]:
    """The HTML of each <record> (CDATA unwrapped), in one linear pass: every record is closed by the
    first </record> after it, and an unclosed record ends the scan."""
    fragments: list[str] = []
    at = 0
    while len(fragments) < MAX_RECORDS and (opening := _RECORD_OPEN_RE.search(xml_text, at)):
        closing = _RECORD_CLOSE_RE.search(xml_text, opening.end())
        if closing is None:
            break
        inner = xml_text[opening.end():closing.start()].strip()
        if inner.startswith("<![CDATA[") and inner.endswith("]]>"):
            inner = inner[9:-3].strip()
        if inner:
            fragments.append(inner)
        at = closing.end()
    return fragments


def _record_entries(xml_text: str, base: str, as_of: date | None) -> list[ListEntry]:
    fragments = _record_fragments(xml_text)
    if not fragments:
        return []
    # one parse for all records: each becomes a <div> of one wrapper document
    wrapper = lxml.html.fragment_fromstring(
        "".join(f"<div>{f}</div>" for f in fragments), create_parent="div")
    entries = []
    for item in wrapper:
        if not isinstance(item.tag, str):
            continue
        links = {a: absolute_url(base, usable_href(a)) for a in item.iter("a") if usable_href(a) and _title(a)}
        anchor = _best_anchor(item, links)
        if anchor is not None:
            entries.append(_entry(item, anchor, links[anchor], as_of))
    return entries


def extract_datastore_entries(xml_text: str, url: str, as_of: date | None = None) -> list[ListEntry]:
    """Entries of a Hanweb dataproxy answer or of a page's `<datastore>` (records hold HTML in CDATA)."""
    return resolve_list_years(_dedupe(_record_entries(xml_text or "", url, as_of)), as_of)


# ---------------------------------------------------------------- overrides

def _override_entries(root, base: str, page: str, as_of, item_selector, title_selector, date_selector):
    if item_selector:
        items = select(root, item_selector)
    else:
        items = [_row_of(el) for el in select(root, title_selector)]
    entries = []
    for item in items:
        anchor = _override_anchor(item, title_selector)
        if anchor is None or usable_href(anchor) is None:
            continue
        dated = select(item, date_selector) if date_selector else []
        entries.append(_entry(item, anchor, absolute_url(base, usable_href(anchor)), as_of,
                              dated[0] if dated else None))
    return entries


def _row_of(el):
    node = el
    while node is not None and node.tag not in ("li", "tr", "dl", "p"):
        node = node.getparent()
    if node is not None:
        return node
    parent = el.getparent()
    return parent if parent is not None else el


def _override_anchor(item, title_selector: str | None):
    chosen = select(item, title_selector) if title_selector else [item]
    if not chosen:
        return None
    el = chosen[0]
    if el.tag == "a":
        return el
    inner = el.find(".//a[@href]")
    if inner is not None:
        return inner
    while el is not None and el.tag != "a":
        el = el.getparent()
    return el


# ---------------------------------------------------------------- entry point

def _shape_of(el) -> str:
    parent = el.getparent()
    own = f"{el.tag}.{' '.join(sorted((el.get('class') or '').split()))}"
    if parent is None or not isinstance(parent.tag, str):
        return own
    return f"{parent.tag}.{' '.join(sorted((parent.get('class') or '').split()))}/{own}"


def list_shape(html: str, url: str, *, as_of: date | None = None, frame: frozenset[str] = frozenset()) -> str | None:
    """The look of the page's main list (its container's tag and classes, and its parent's), or None: the
    pages of one list template share it, so an empty page of that template is a blank column."""
    if not html:
        return None
    root = parse_html(html)
    groups = _chosen(root, _base(root, url), url, as_of, frame, False)
    if not groups:
        groups = _chosen(root, _base(root, url), url, as_of, frame, True)
    if not groups:
        return None
    container = groups[0].container
    while container.tag in _ROW_TAGS and container.getparent() is not None:  # one row: the row, not its list
        container = container.getparent()
    shape = _shape_of(container)
    return shape if re.search(r"\.[^/]", shape) else None  # a bare <div><ul> says nothing


def _where(el) -> str:
    """Where an element stands, as a reader of the source finds it: ``div.list_content > ul.list-group``."""
    parts: list[str] = []
    node = el
    while node is not None and isinstance(node.tag, str) and len(parts) < 3 and node.tag not in ("body", "html"):
        label = node.tag + (f"#{node.get('id')}" if node.get("id") else "")
        label += "".join(f".{c}" for c in (node.get("class") or "").split()[:2])
        parts.append(label)
        node = node.getparent()
    return " > ".join(reversed(parts))


MAX_EXPLAINED = 8  # link groups explained besides the list


def explain_list(html: str, url: str, *, as_of: date | None = None,
                 frame: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Why the page's list is what it is: the content area chosen (``area``), and the other groups of links
    with why they are not entries (``others``: where, links, why; Chinese)."""
    if not html:
        return {"area": [], "others": []}
    root = parse_html(html)
    base = _base(root, url)
    links = _candidates(root, base, url)
    chosen = _chosen(root, base, url, as_of, frame, False) or _chosen(root, base, url, as_of, frame, True)
    inside = {el for g in chosen for el in g.container.iter()}
    above = {a for g in chosen for a in g.container.iterancestors()}
    frame_els = _frame_elements(root)
    others = []
    seen: set = set()
    for g in sorted(_groups(root, links, with_frame=True), key=lambda g: -len(g.rows)):
        if g.container in inside or g.container in above or len(g.rows) < 2 or g.container in seen:
            continue
        seen.update(g.container.iter())
        dated = _count_dated(g, as_of).dated
        if within(g.container, frame_els):
            why = "页面框架（页头、导航、菜单、页脚），各页共用，不是条目"
        elif sum(u in frame for _, _, u in g.rows) * 2 > len(g.rows):
            why = "首页也有这些链接（全站共用的侧栏），不是条目"
        elif not dated and not g.articles:
            why = "链接没有日期、也不像文章（菜单、栏目导航）"
        elif not dated:
            why = "链接没有日期，页面上另有带日期的列表"
        else:
            why = f"有日期的链接较少（{dated}/{len(g.rows)}），不如所选列表"
        others.append({"where": _where(g.container), "links": len(g.rows), "why": why})
        if len(others) >= MAX_EXPLAINED:
            break
    return {"area": [_where(g.container) for g in chosen], "others": others}


_ROW_TAGS = frozenset({"li", "tr", "td", "dd", "dt", "p", "span", "h3", "h4", "font", "strong", "em"})
_SHAPED_TAGS = ("ul", "ol", "dl", "table", "tbody", "div")


def shapes_present(html: str, *, empty_only: bool = False) -> frozenset[str]:
    """The looks of every list-like element of a page (for :func:`list_shape` comparisons); ``empty_only``:
    of those that hold no link and little text (a list template with no rows)."""
    root = parse_html(html)
    return frozenset(_shape_of(el) for el in root.iter(*_SHAPED_TAGS)
                     if (el.get("class") or (el.getparent() is not None and el.getparent().get("class")))
                     and not (empty_only and (el.find(".//a[@href]") is not None
                                              or len(text_of(el, skip_hidden=True)) > 40)))


def extract_entries(html: str, url: str, *, as_of: date | None = None, item_selector: str | None = None,
                    title_selector: str | None = None, date_selector: str | None = None,
                    frame: frozenset[str] = frozenset()) -> list[ListEntry]:
    """The main list's entries in page order, de-duplicated by URL. ``frame``: the addresses the site's home
    page links (its frame: a sidebar of undated links repeated on every page is no column's list)."""
    if not html:
        return []
    if "<record" in (low := lowered(html)) and "<datastore" in low:
        records = _record_entries(html, url, as_of)
        if records:
            return resolve_list_years(_dedupe(records), as_of)
    root = parse_html(html)
    base = _base(root, url)
    if item_selector or title_selector:
        entries = _override_entries(root, base, url, as_of, item_selector, title_selector, date_selector)
        return resolve_list_years(_dedupe(entries), as_of)
    entries = _main_entries(root, base, url, as_of, date_selector, hidden=False, frame=frame)
    if not any(e.date for e in entries):  # a dated list the page hides until a script shows it
        shown_by_script = _main_entries(root, base, url, as_of, date_selector, hidden=True, frame=frame)
        if any(e.date for e in shown_by_script):
            entries = shown_by_script
    return resolve_list_years(_dedupe(entries), as_of)


@lru_cache(maxsize=16)
def _chosen(root, base: str, url: str, as_of: date | None, frame: frozenset[str], hidden: bool) -> tuple[_Group, ...]:
    """The page's main list groups (``hidden``: counting links hidden by style). Cached: the crawl reads a
    list page's entries and then its look (``list_shape``), ``patrol page`` explains the choice too, all on the
    one parsed tree."""
    return tuple(_main_groups(_groups(root, _candidates(root, base, url, hidden)), as_of, frame))


def _main_entries(root, base: str, url: str, as_of: date | None, date_selector: str | None,
                  hidden: bool, frame: frozenset[str]) -> list[ListEntry]:
    entries = []
    for group in _chosen(root, base, url, as_of, frame, hidden):
        for item, anchor, link in group.rows:
            date_el = (select(item, date_selector) or [None])[0] if date_selector else None
            entry = _entry(item, anchor, link, as_of, date_el)
            if entry.date is None and is_script_row(link) and not _is_script_list(group):
                continue  # a script link without a date of its own is no row a reader can place
            entries.append(entry)
    return entries
