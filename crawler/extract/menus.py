"""The links by which a reader moves about a site: menus, 更多 links, site maps, frames.

Column discovery follows them: a page's same-host links that are not documents, not the page itself, not
the home page and not one of the page's own list entries, including links written by inline scripts
(``document.write`` / ``innerHTML`` with variables, menu arrays), ``<iframe>``/``<frame>`` sources and the
links that open in them. Each says how it was found; a 更多 link takes the name of the box it closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.extract.catalog import expanded_tree, link_name
from crawler.extract.listing import absolute_url, is_article_url, same_host, usable_href

_MORE_RE = re.compile(r"^[+\s>》»]*(?:更多|more|查看更多|更多内容)[+\s>》».…]*$", re.I)
_SKIP_RE = re.compile(
    r"^(?:网站)?首\s*页$|返回首页|上一页|下一页|上页|下页|尾页|末页|搜索|检索|登录|登陆|注册|无障碍|english|繁体|简体|"
    r"长者|关怀版|适老|设为首页|加入收藏|收藏本站|移动版|手机版|打印|关闭|注销|rss|联系我们|联系方式|网站声明|"
    r"隐私|免责|版权|纠错|^\d+$|^[»«<>‹›…\s.]+$", re.I)
_LIST_PAGE_RE = re.compile(r"[/_](?:index|default|list)_\d+\.\w+$", re.I)  # a list's page 2, 3 …: not a column
_DOCUMENT_RE = re.compile(r"\.(?:pdf|docx?|xlsx?|et|wps|pptx?|zip|rar|7z|jpe?g|png|gif|bmp|mp4|mp3|flv|avi|"
                          r"swf|apk|exe|txt|xml|css|js|ico)$", re.I)
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TITLE_CLASS_RE = re.compile(r"tit|head|hd|name|bt", re.I)
MAX_NAME = 30
# a menu item that navigates by script: onclick="location.href='/xxgk/'", window.open('…'), a <select>'s options
_SCRIPT_NAV_RE = re.compile(r"""(?:location(?:\.href)?\s*=|location\.(?:assign|replace)\s*\(|window\.open\s*\()\s*"""
                            r"""['"]([^'"\s]+)['"]""", re.I)


@dataclass(frozen=True)
class NavLink:
    """A link a reader could take to another part of the site."""

    url: str
    name: str | None  # None for a 更多 link whose box names nothing, or an image link saying nothing
    how: str  # "menu" | "more" | "frame"


def _is_home(url: str) -> bool:
    path = urlsplit(url).path
    return path in ("", "/") or re.fullmatch(r"/(?:index|default)\.(?:s?html?|jsp|php|aspx?)", path, re.I) is not None


def _box_name(anchor) -> str | None:
    """The heading of the box a 更多 link closes: a heading or title-classed element near it."""
    node = anchor
    for _ in range(4):
        node = node.getparent()
        if node is None:
            return None
        for el in node.iter():
            if el is anchor or not isinstance(el.tag, str):
                continue
            titled = el.tag in _HEADING_TAGS or _TITLE_CLASS_RE.search(el.get("class") or "")
            if not titled:
                continue
            text = "".join(el.itertext()).strip()
            text = re.sub(r"\s+", "", _MORE_RE.sub("", text))
            text = re.sub(r"[+>》»]*(?:更多|more)[+>》»]*", "", text, flags=re.I)
            if 2 <= len(text) <= 12:
                return text
    return None


def _scripted_target(el) -> str | None:
    """Where a non-link menu item goes: its onclick's location/window.open, or an <option>'s value under a
    <select> that navigates on change."""
    if el.tag == "option":
        select = el.getparent()
        while select is not None and select.tag != "select":
            select = select.getparent()
        value = (el.get("value") or "").strip()
        navigates = select is not None and _SCRIPT_NAV_RE.search(
            (select.get("onchange") or "").replace("this.value", "'" + value + "'") if value else "")
        return value if navigates and value and value[:1] in "/.h" else None
    found = _SCRIPT_NAV_RE.search(el.get("onclick") or "")
    return found.group(1) if found else None


def nav_links(html: str, url: str, *, skip: set[str] | frozenset[str] = frozenset()) -> list[NavLink]:
    """The page's links to other parts of its own host, in page order, each target once (``skip``: the
    page's entries and anything else not to take)."""
    if not html:
        return []
    root = expanded_tree(html)
    page = absolute_url(url, "")
    found: dict[str, NavLink] = {}

    def take(target: str, name: str | None, how: str) -> None:
        if target == page or target in skip or not same_host(target, page) or _is_home(target):
            return
        path = urlsplit(target).path
        if is_article_url(target) or _DOCUMENT_RE.search(path) or _LIST_PAGE_RE.search(path):
            return
        if urlsplit(target).scheme not in ("http", "https"):
            return
        known = found.get(target)
        if known is None or (known.name is None and name):
            found[target] = NavLink(target, name, how if known is None else known.how)

    for el in root.iter("a", "iframe", "frame", "area", "li", "div", "span", "td", "button", "option"):
        if el.tag not in ("a", "iframe", "frame", "area"):
            target = _scripted_target(el)
            if target is not None:
                name = " ".join("".join(el.itertext()).split())
                if name and len(name) <= MAX_NAME and not _SKIP_RE.search(name):
                    take(absolute_url(page, target), name, "menu")
            continue
        if el.tag in ("iframe", "frame"):
            src = (el.get("src") or "").strip()
            if src and not src.lower().startswith(("javascript:", "about:", "data:")):
                take(absolute_url(page, src), el.get("title") or None, "frame")
            continue
        href = usable_href(el)
        if href is None:
            continue
        name = link_name(el) if el.tag == "a" else (el.get("alt") or el.get("title") or "").strip()
        if _MORE_RE.match(name or ""):
            take(absolute_url(page, href), _box_name(el), "more")
            continue
        if name and (len(name) > MAX_NAME or _SKIP_RE.search(name)):
            continue
        take(absolute_url(page, href), name or None, "menu")
    return list(found.values())
