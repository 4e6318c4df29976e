"""The column tree of a 信息公开目录 (or a site's navigation), and the links that lead to it from a home page.

Generic: every group of sibling blocks holding one column link of the page's host each (ul/li navs,
left-nav tables, dl/dd, runs of <a>, menus written by inline scripts) is scored by how many column links
it holds and how many carry the standard 信息公开 column words (指南, 制度, 年报, 法定主动公开 …); the
best group is read as a tree — nested lists become child columns, link-less headings (or javascript:/#
headings) group what follows them or what they contain. Groups that are not a catalog lose: the site's
header navigation (it links the home page), a list of people (领导之窗 names), a list of dated news.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from crawler.extract.html import is_hidden, parse_html, select, text_of
from crawler.extract.listing import absolute_url, in_template, is_article_url, same_host, same_site, usable_href
from crawler.extract.scripted import expand_scripts, script_additions


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
_HOME_NAME_RE = re.compile(r"首页|主页|home", re.I)
_MAX_NAME = 30
_MAX_HEADING = 20
_HOME_LINK_WORDS = ("政府信息公开", "信息公开", "政务公开", "党务公开")  # 党务公开: a 群团 or 党委 organ's catalog


def _name(anchor) -> str:
    """What a link says: its text, else its title, else its image's alt or title."""
    text = text_of(anchor).replace(" ", "") or (anchor.get("title") or "").strip()
    if not text:
        img = anchor.find(".//img")
        text = ((img.get("alt") or img.get("title") or "").strip()) if img is not None else ""
    return text.replace(" ", "")


def _href(anchor) -> str | None:
    """The anchor's followable href; "" for a present but empty href (TRS writes the current column so),
    which resolves to the page itself."""
    raw = anchor.get("href")
    if raw is not None and not raw.strip():
        return ""
    return usable_href(anchor)


def _is_home(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") or re.fullmatch(r"/index\.(?:s?html?|jsp|php|aspx?)", parts.path) is not None


_STATE_CLASSES = frozenset({"on", "cur", "current", "active", "hover", "sel", "selected", "first", "last"})


def _shape(item) -> tuple:
    """An item's look: its tag, its classes without state classes, the tags down to its first link."""
    anchor = item if item.tag == "a" else next(item.iter("a"), None)
    path = []
    el = anchor
    while el is not None and el is not item:
        path.append(el.tag)
        el = el.getparent()
    classes = frozenset((item.get("class") or "").split()) - _STATE_CLASSES
    return item.tag, classes, tuple(path)


def _dead_column(item, reader: _Reader) -> bool:
    """A dead link (javascript:, #) shaped like its siblings that are live column links: a column whose
    link is not published, not a heading."""
    parent = item.getparent()
    if parent is None:
        return False
    shape = _shape(item)
    for sibling in parent:
        if sibling is item or not isinstance(sibling.tag, str) or _shape(sibling) != shape:
            continue
        if any(reader.column(a) is not None for a in _own_anchors(sibling, _nested_lists(sibling))):
            return True
    return False


# The most common surnames: a list whose links are mostly 2-3 character names starting with one of them
# is a list of people (领导之窗), not of columns.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康"
    "施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝")
_COLUMN_CHARS = frozenset("务政公开件息态告划报年算计理度南构能导规章读闻题单法罚可购标目金生育障房建设作制职")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
_DATE_RE = re.compile(r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}|(?<!\d)\d{1,2}[-/]\d{1,2}(?!\d)")


def _looks_like_person(name: str) -> bool:
    return (_NAME_RE.match(name) is not None and name[0] in _SURNAMES
            and not any(ch in _COLUMN_CHARS for ch in name[1:]))


class _Reader:
    """Judges links and reads nodes relative to one page URL."""

    def __init__(self, url: str) -> None:
        self.page = absolute_url(url, "")
        self.seen: set[tuple[str, str | None]] = set()

    def column(self, anchor) -> tuple[str, str] | None:
        """(name, absolute url) of a link that is a column of this site, else None."""
        href = _href(anchor)
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
    if own and _href(own[0]) is None and not is_hidden(own[0]):
        if not nested and _dead_column(item, reader):
            return None
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


def _not_a_catalog(container, reader: _Reader) -> bool:
    """The site's header navigation (an item links the home page), a list of people, or dated news."""
    items = [item for item in container if isinstance(item.tag, str) and not is_hidden(item)]
    names, dated = [], 0
    for item in items:
        own = _own_anchors(item, _nested_lists(item))
        for anchor in own:
            href = _href(anchor)
            if href is not None and _is_home(target := absolute_url(reader.page, href)) \
                    and same_host(target, reader.page) and _HOME_NAME_RE.search(_name(anchor)):
                return True
        head = _head(item, reader)
        if head is not None and head[1] is not None:
            names.append(head[0])
            dated += _DATE_RE.search(text_of(item)) is not None
    if len(names) < 2:
        return False
    people = sum(_looks_like_person(n) for n in names)
    return people * 2 >= len(names) or dated * 2 > len(names)


def _score(container, reader: _Reader) -> int:
    """Column links among the container's items, the 信息公开 column words counting extra; a container
    of headings each followed by a list scores the lists it groups."""
    if _not_a_catalog(container, reader):
        return 0
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
            for row_name, row_url in row:
                _add(out, reader, CatalogNode(row_name, row_url, group))
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


def link_name(anchor) -> str:
    """What a link says: its text, else its title, else its image's alt or title."""
    return _name(anchor)


def expanded_tree(html: str):
    """The page's tree with what its inline scripts write put in (a copy: parsed trees are shared)."""
    return _parse(html)


@lru_cache(maxsize=8)
def _parse(html: str):
    """The page's tree with what its inline scripts write put in: a copy when they write anything (parsed
    trees are shared), else the parsed tree itself. Kept per page (the catalog, its links and the menus
    read the same tree); read-only."""
    root = parse_html(html)
    additions = script_additions(root)
    if not additions:
        return root
    root = copy.deepcopy(root)
    expand_scripts(root, additions)
    return root


def extract_catalog(html: str, url: str, *, link_selector: str | None = None) -> list[CatalogNode]:
    """The columns of a 信息公开目录 page, each with its parent column's name, in page order."""
    if not html:
        return []
    root = _parse(html)
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


def catalog_strength(nodes: list[CatalogNode]) -> int:
    """How plainly a tree is a 信息公开目录: its column links, the standard column words counting extra."""
    return sum(1 + 3 * any(w in n.name for w in _STRONG_WORDS) for n in nodes if n.url is not None) + \
        sum(3 for n in nodes if n.url is None and any(w in n.name for w in _STRONG_WORDS))


@dataclass(frozen=True)
class CatalogLink:
    """A link that may lead to the 信息公开目录, with what says so and how strongly (lower rank first)."""

    url: str
    name: str  # the words that say what it is: link text, alt/title, image file name or URL path
    how: str  # "text" | "image" | "path"
    rank: int


# Words of a link to the catalog itself, then of a link to the 信息公开 section (exact before contained).
_CATALOG_WORDS = ("政府信息公开目录", "信息公开目录", "主动公开目录", "公开目录", "法定主动公开内容", "法定主动公开")
_NOT_ENTRY_WORDS = ("指南", "年报", "年度报告", "制度", "申请", "规定", "近期", "最新", "动态", "意见箱", "平台")
# Path segments, host labels and image file names by which CMSs name the 信息公开 section.
_PATH_HINT_RE = re.compile(r"(?:^|[^a-z])(?:zfxxgk|xxgkml|xxgk|zwgk|gkml|govinfo|zdgk)(?:$|[^a-z])", re.I)
_MAX_LINK_NAME = 12


def on_site(target: str, page: str) -> bool:
    """Same site (www. and sub-domains of one registrable domain); an IP address must match with its port."""
    host = urlsplit(page).hostname or ""
    if re.fullmatch(r"[\d.]+|\[[\da-f:]+\]", host, re.I):
        return same_host(target, page)
    return same_site(target, page)


def _rank_words(name: str) -> int | None:
    if any(w in name for w in _CATALOG_WORDS):
        return 0
    if any(w in name for w in _NOT_ENTRY_WORDS):
        return None
    exact = next((i for i, w in enumerate(_HOME_LINK_WORDS) if name == w), None)
    if exact is not None:
        return 1 + exact
    return next((4 + i for i, w in enumerate(_HOME_LINK_WORDS) if w in name), None)


def _hint(anchor, target: str) -> str | None:
    """For a link that says nothing in words: an image file name or URL path naming the 信息公开 section."""
    img = anchor.find(".//img")
    if img is not None:
        src = (img.get("src") or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if _PATH_HINT_RE.search(src):
            return src
    parts = urlsplit(target)
    host_label = (parts.hostname or "").split(".")[0]
    if _PATH_HINT_RE.fullmatch(host_label) or any(_PATH_HINT_RE.fullmatch(seg) for seg in parts.path.split("/")):
        return parts.netloc + parts.path if _PATH_HINT_RE.fullmatch(host_label) else parts.path
    return None


def catalog_links(html: str, url: str) -> list[CatalogLink]:
    """The links of a page that may lead to the site's 信息公开目录, best first: links naming the catalog
    (政府信息公开目录, 法定主动公开内容), then the 政府信息公开 / 信息公开 / 政务公开 section by text or by an
    image's alt/title, then image-only links whose file name or path says xxgk/zwgk/gkml. Links written by
    scripts count; links off the site, to the page itself, to the home page or to articles do not."""
    if not html:
        return []
    root = _parse(html)
    page = absolute_url(url, "")
    found: dict[str, CatalogLink] = {}
    order: dict[str, int] = {}
    for index, anchor in enumerate(root.iter("a")):
        href = usable_href(anchor)
        if href is None or is_hidden(anchor) or in_template(anchor):
            continue
        target = absolute_url(page, href)
        if target == page or not on_site(target, page) or is_article_url(target) \
                or (_is_home(target) and same_host(target, page)):
            continue
        name = _name(anchor)
        link = None
        if name and len(name) <= _MAX_LINK_NAME:
            rank = _rank_words(name)
            if rank is not None:
                link = CatalogLink(target, name, "text" if text_of(anchor).strip() else "image", rank)
        elif not name:
            hint = _hint(anchor, target)
            if hint is not None:
                link = CatalogLink(target, hint, "image" if anchor.find(".//img") is not None else "path", 7)
        if link is not None and (target not in found or link.rank < found[target].rank):
            found[target] = link
            order.setdefault(target, index)
    return sorted(found.values(), key=lambda link: (link.rank, len(link.name) if link.rank < 7 else 0,
                                                   order[link.url]))


def find_catalog_link(html: str, url: str) -> str | None:
    """On a home page: the best link to the 政府信息公开 / 信息公开 / 政务公开 section of the same site."""
    links = catalog_links(html, url)
    return links[0].url if links else None
