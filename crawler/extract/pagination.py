"""Pagination of list pages: TRS createPageHTML, Hanweb datastore/dataproxy, 下一页/尾页 links.

`extract_pagination` returns the list pages that FOLLOW the given page (never the page itself or earlier
ones), as absolute URLs on the page's own host, at most MAX_PAGES of them, to be fetched with GET. For
Hanweb columns `pages` is empty: the following records come from POSTs to `dataproxy.jsp`, described by
`Pagination.hanweb` and spelled out by `hanweb_requests`.
"""

from __future__ import annotations

import html as htmllib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urljoin, urlsplit

from core.vocabulary import PAGINATION_STYLES
from crawler.extract.html import is_hidden, parse_html, shown_text, text_of
from crawler.extract.html import lowered as lowered_page

MAX_PAGES = 1000
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
DEFAULT_PER_PAGE = 15
STYLES = PAGINATION_STYLES

_NEXT_TEXTS = frozenset({"下一页", "下页", ">", "›", "»", ">>", "下一頁", "next", "next>", "后页", "下一页>"})
_LAST_TEXTS = frozenset({"尾页", "末页", "最后一页", "尾頁", "last", ">|", ">>|"})


@dataclass(frozen=True)
class HanwebPaging:
    proxy_url: str
    params: dict[str, str]
    total_records: int
    per_page: int
    first_group: int


@dataclass(frozen=True)
class Pagination:
    style: str
    pages: list[str] = field(default_factory=list)
    total_pages: int | None = None
    hanweb: HanwebPaging | None = None


NONE = Pagination("none", [], None)


# ---------------------------------------------------------------- TRS createPageHTML

_CREATE_CALL_RE = re.compile(r"createPageHTML\s*\(([^()]*)\)\s*;?", re.I)
_JS_NAME_RE = re.compile(r"[A-Za-z_$][\w$]*")  # a script variable's name
_TRS_COUNT_RE = re.compile(r"\bcountPage\s*=\s*['\"]?(\d+)")
_TRS_CURRENT_RE = re.compile(r"\bcurrentPage\s*=\s*['\"]?(\d+)")
_PAGE_EXT_RE = re.compile(r"^(?:s?html?|jsp|php|aspx?)$", re.I)
_RENDERED_INDEX_RE = re.compile(r"""href\s*=\s*\\?["']?([A-Za-z]\w*)_\d+\.(s?html?)""", re.I)


def _int(digits: str) -> int:
    """A page number or count as written; absurd lengths (a hostile page) become a large bounded number."""
    digits = str(digits).strip()
    return int(digits) if len(digits) <= 9 else 10**9


@lru_cache(maxsize=64)
def _js_assignment(name: str) -> re.Pattern[str]:
    """An assignment ``name = 12`` (the number quoted or not, ended by ; , a newline or a comment: stock TRS
    templates write ``var countPage = 4//共多少页``). It starts with the name itself, a literal the regex engine
    finds by fast search: reading every variable of the page with one findall cost about 1 ms a page."""
    return re.compile(re.escape(name) + r"\s*=\s*['\"]?(\d+)['\"]?\s*(?:[;,\n]|//|/\*|$)")


def _js_int(text: str, name: str) -> int | None:
    """The integer last assigned to the script variable ``name`` in the page, or None."""
    value = None
    for match in _js_assignment(name).finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        if not (before.isalnum() or before == "_"):  # a word boundary: not the end of a longer name
            value = match.group(1)
    return _int(value) if value is not None else None


def _split_args(raw: str) -> list[str]:
    return [a.strip() for a in raw.split(",") if a.strip()]


def _trs_from_call(text: str) -> tuple[int, int, str, str] | None:
    """``createPageHTML(count, current, "index", "html")`` (TRS: 0-based, page k is index_k.html), or the
    site-group platforms' ``createPageHTML('page_div', count, current, 'list', 'shtml', total)`` (1-based:
    page 1 is list.shtml, page k is list_k.shtml; returned with current made 0-based)."""
    for match in _CREATE_CALL_RE.finditer(text):
        ints: list[int] = []
        strings: list[str] = []
        args = _split_args(match.group(1))
        one_based = len(args) >= 6 and args[0][:1] in "'\""  # an element id first: the 1-based variant
        for arg in args:
            if arg[:1] in "'\"" and arg[-1:] == arg[:1] and len(arg) >= 2:
                strings.append(arg[1:-1])
            elif arg.lstrip("-").isdigit():
                ints.append(_int(arg))
            elif _JS_NAME_RE.fullmatch(arg) and (value := _js_int(text, arg)) is not None:
                ints.append(value)
        ext_at = next((i for i, s in enumerate(strings) if _PAGE_EXT_RE.match(s)), None)
        if len(ints) < 2 or ext_at is None or ext_at == 0:
            continue  # e.g. the `function createPageHTML(_nPageCount, ...)` definition
        if one_based:
            return ints[0], max(ints[1] - 1, 0), strings[ext_at - 1], strings[ext_at]
        return ints[0], ints[1], strings[ext_at - 1], strings[ext_at]
    return None


def _trs_from_vars(text: str) -> tuple[int, int, str, str] | None:
    count, current = _TRS_COUNT_RE.search(text), _TRS_CURRENT_RE.search(text)
    if not count or not current:
        return None
    rendered = _RENDERED_INDEX_RE.search(text)
    prefix, ext = (rendered.group(1), rendered.group(2)) if rendered else ("index", "html")
    if not rendered:
        quoted_ext = re.search(r"['\"]\.?(s?html?)['\"]", text[count.start() :])
        ext = quoted_ext.group(1) if quoted_ext else ext
    return _int(count.group(1)), _int(current.group(1)), prefix, ext


_PAGER_CALL_RE = re.compile(r"(?<![\w$.])[A-Za-z_$]?[\w$]*page[\w$]*\s*\(\s*\{([^{}]*)\}", re.I)
_PAGER_KV_RE = re.compile(r"""["']?([A-Za-z_]\w*)["']?\s*:\s*(?:'([^']*)'|"([^"]*)"|([^,\s}]+))""")
_PAGER_COUNT_KEYS = ("size", "pagecount", "countpage", "totalpage", "totalpages", "pagetotal", "pagesize_total")
_PAGER_CURRENT_KEYS = ("current", "currentpage", "curpage", "pageindex", "curr")


def _trs_from_pager_object(text: str, url: str) -> tuple[int, int, str, str] | None:
    """A pager object call such as `Pager({size:3, current:0, prefix:'index', suffix:'html'})`: TRS
    numbering (page 0 is prefix.suffix, page k is prefix_k.suffix), 0-based current page."""
    for match in _PAGER_CALL_RE.finditer(text):
        pairs = {k.lower(): (a or b or c) for k, a, b, c in _PAGER_KV_RE.findall(match.group(1))}
        count = next((pairs[k] for k in _PAGER_COUNT_KEYS if k in pairs), None)
        prefix, ext = pairs.get("prefix"), (pairs.get("suffix") or pairs.get("ext") or "").lstrip(".")
        if count is None or not count.isdigit() or not prefix or not _PAGE_EXT_RE.match(ext):
            continue
        current = next((pairs[k] for k in _PAGER_CURRENT_KEYS if k in pairs), None)
        if current is None or not current.isdigit():
            numbered = re.search(rf"/{re.escape(prefix)}_(\d+)\.{re.escape(ext)}$", urlsplit(url).path)
            current = numbered.group(1) if numbered else "0"
        return _int(count), _int(current), prefix, ext
    return None


def _trs(text: str, url: str) -> Pagination | None:
    lowered = lowered_page(text)
    if "createpagehtml" in lowered or "countpage" in lowered:  # cheap test before the regexes
        found = _trs_from_call(text) or _trs_from_vars(text)
    elif "prefix" in lowered and "page" in lowered:
        found = _trs_from_pager_object(text, url)
    else:
        return None
    if found is None:
        return None
    count, current, prefix, ext = found
    last = min(count, current + 1 + MAX_PAGES)
    if one_based_call(text):  # page k (0-based) is prefix_{k+1}.ext
        pages = [urljoin(url, f"{prefix}_{i + 1}.{ext}") for i in range(current + 1, last)]
    else:
        pages = [urljoin(url, f"{prefix}_{i}.{ext}") for i in range(max(current + 1, 1), last)]
    return Pagination("trs", pages, count)


def one_based_call(text: str) -> bool:
    """The page's pager is the site-group platforms' 6-argument, 1-based ``createPageHTML``."""
    match = _CREATE_CALL_RE.search(text)
    while match is not None:
        args = _split_args(match.group(1))
        if len(args) >= 6 and args[0][:1] in "'\"" and any(a.lstrip("-").isdigit() for a in args[1:3]):
            return True
        match = _CREATE_CALL_RE.search(text, match.end())
    return False


# ---------------------------------------------------------------- Hanweb jpage / datastore

_DATASTORE_RE = re.compile(r"<datastore\b.*?(?:</datastore>|$)", re.I | re.S)
_RECORD_RE = re.compile(r"<record\b[^>]*>", re.I)
_AJAX_PARAM_RE = re.compile(r"ajaxParam[\"']?\s*[:=]\s*\{([^{}]*)\}", re.I)
_KV_RE = re.compile(r"""["']?([A-Za-z_]\w*)["']?\s*:\s*(?:'([^']*)'|"([^"]*)"|([^,\s}]+))""")
_NEXTGROUP_OPEN_RE = re.compile(r"<nextgroup>", re.I)
_NEXTGROUP_CLOSE_RE = re.compile(r"</nextgroup>", re.I)
_HREF_RE = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)


_MAX_CONFIG_HITS = 200  # occurrences of a config name looked at (a real page has one or two)


def _config_int(text: str, *names: str) -> int | None:
    """``name: 12`` / ``name = "12"`` / ``<name>12</name>`` in a page's script or XML, first name first.

    Each name's occurrences are found with ``str.find`` and matched where they stand: a hostile page of
    megabytes costs one scan per name, not a regular-expression search per character.
    """
    lowered = lowered_page(text)
    for name in dict.fromkeys(n.lower() for n in names):
        value = re.compile(rf"""{name}["']?\s*[:=]\s*["']?(\d+)""", re.I)
        tagged = re.compile(rf"""<{name}>\s*(\d+)\s*</{name}>""", re.I)
        at, hits = lowered.find(name), 0
        while at >= 0 and hits < _MAX_CONFIG_HITS:
            hits += 1
            before = lowered[at - 1] if at else ""
            match = tagged.match(text, at - 1) if before == "<" else None
            if match is None and not (before.isalnum() or before == "_"):
                match = value.match(text, at)
            if match:
                return _int(match.group(1))
            at = lowered.find(name, at + 1)
    return None


def _nextgroup(text: str) -> str | None:
    """The content of the first closed <nextgroup> (CDATA unwrapped), found in linear time."""
    opening = _NEXTGROUP_OPEN_RE.search(text)
    closing = _NEXTGROUP_CLOSE_RE.search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        return None
    inner = text[opening.end():closing.start()].strip()
    if inner.startswith("<![CDATA[") and inner.endswith("]]>"):
        inner = inner[9:-3]
    return inner


def _proxy_and_params(text: str) -> tuple[str | None, dict[str, str]]:
    proxy = re.search(r"""proxyUrl["']?\s*[:=]\s*["']([^"']+)["']""", text, re.I)
    params: dict[str, str] = {}
    ajax = _AJAX_PARAM_RE.search(text)
    if ajax:
        for key, single, double, bare in _KV_RE.findall(ajax.group(1)):
            params[key] = single or double or bare
    nextgroup = _nextgroup(text)
    href = _HREF_RE.search(htmllib.unescape(nextgroup)) if nextgroup else None
    proxy_url = proxy.group(1) if proxy else None
    if href and "dataproxy" in href.group(1):
        parts = urlsplit(href.group(1))
        proxy_url = proxy_url or parts.path
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if key.lower() not in ("page", "startrecord", "endrecord", "perpage"):
                params.setdefault(key, value)
    return proxy_url, params


def _hanweb(text: str, url: str) -> Pagination | None:
    lowered = lowered_page(text)
    if "<datastore" not in lowered and "jpage" not in lowered and "dataproxy" not in lowered:
        return None
    store = _DATASTORE_RE.search(text)
    first_group = len(_RECORD_RE.findall(store.group(0))) if store else 0
    proxy_url, params = _proxy_and_params(text)
    total = _config_int(text, "totalRecord", "totalrecord")
    if store is None and total is None and proxy_url is None:
        return None
    per_page = _config_int(text, "perPage", "perpage") or DEFAULT_PER_PAGE
    total = total if total is not None else first_group
    paging = HanwebPaging(urljoin(url, proxy_url or DEFAULT_PROXY), params, total, per_page, first_group)
    return Pagination("hanweb", [], max(1, math.ceil(total / per_page)) if total else 1, paging)


def hanweb_requests(paging: HanwebPaging, group_size: int | None = None) -> list[tuple[str, dict[str, str]]]:
    """The dataproxy POSTs (url, form data) that fetch the records after the first group."""
    group = group_size or paging.first_group or paging.per_page * 3
    requests: list[tuple[str, dict[str, str]]] = []
    start = paging.first_group + 1
    while start <= paging.total_records and len(requests) < MAX_PAGES:
        end = min(start + group - 1, paging.total_records)
        query = f"startrecord={start}&endrecord={end}&perpage={paging.per_page}"
        sep = "&" if "?" in paging.proxy_url else "?"
        requests.append((f"{paging.proxy_url}{sep}{query}", dict(paging.params)))
        start = end + 1
    return requests


# ---------------------------------------------------------------- 下一页 / 尾页 / numbered links

_NUMBER_IN_URL_RE = re.compile(r"(\d+)")
_TOTAL_TEXT_RE = re.compile(r"共\s*(\d+)\s*页")


@dataclass(frozen=True)
class _Template:
    """A page URL split around its page number: prefix + N + suffix."""

    prefix: str
    suffix: str
    style: str

    def url(self, number: int) -> str:
        return f"{self.prefix}{number}{self.suffix}"


def _template(link: str) -> tuple[_Template, int] | None:
    parts = urlsplit(link)
    query_match = re.search(
        r"(?:^|&)(?:page|pageNo|pageno|pageIndex|pageindex|currentPage|curpage|p|pn)=(\d+)", parts.query
    )
    if query_match:
        start, end = query_match.span(1)
        base = link[: len(link) - len(parts.query) - (len(parts.fragment) + 1 if parts.fragment else 0)]
        return _Template(base + parts.query[:start], parts.query[end:], "page-query"), _int(
            query_match.group(1)
        )
    path_match = re.search(r"/([A-Za-z]\w*?)_(\d+)\.(s?html?|jsp|php|aspx?)$", parts.path)
    if path_match:
        cut = link.index(parts.path) + path_match.start(2)
        tail = link[cut + len(path_match.group(2)) :]
        return _Template(link[:cut], tail, "index-n"), _int(path_match.group(2))
    return None


def _current_number(url: str, template: _Template, offset: int) -> int:
    """The page's own number in the template; an unnumbered first page is number ``1 - offset``."""
    if url.startswith(template.prefix) and url.endswith(template.suffix):
        middle = (
            url[len(template.prefix) : len(url) - len(template.suffix)]
            if template.suffix
            else url[len(template.prefix) :]
        )
        if middle.isdigit():
            return _int(middle)
    return 1 - offset


def _pager_links(root, url: str) -> tuple[list[tuple[str, int]], str | None, str | None]:
    """Numbered links (URL, page label), the 下一页 and the 尾页 link of a page, on its own host."""
    host = urlsplit(url).netloc.lower()
    numbered: list[tuple[str, int]] = []
    next_url = last_url = None
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:")):
            continue
        label = shown_text(anchor).replace(" ", "").lower()
        if not label or len(label) > 8 or is_hidden(anchor):
            continue
        absolute = urljoin(url, href).split("#")[0]
        if urlsplit(absolute).netloc.lower() != host or absolute == url:
            continue
        if label in _NEXT_TEXTS and next_url is None:
            next_url = absolute
        elif label in _LAST_TEXTS and last_url is None:
            last_url = absolute
        elif label.isdigit():
            numbered.append((absolute, _int(label)))
    return numbered, next_url, last_url


def _offset(template: _Template, labelled: list[tuple[int, int]], next_number: int | None,
            url_is_numbered: bool) -> int:
    """Page label minus URL number: 1 for TRS (`index_1` is page 2), 0 for EmpireCMS/DedeCMS (`index_2` is
    page 2, the first page is the unnumbered `index.html`) and for most `?page=N`. Read from the numbered
    links' labels, else from where 下一页 leads from an unnumbered first page, else the style's custom."""
    votes = Counter(label - number for number, label in labelled if label - number in (0, 1))
    if votes:
        return votes.most_common(1)[0][0]
    if next_number is not None and not url_is_numbered and next_number in (1, 2):
        return 2 - next_number
    return 1 if template.style == "index-n" else 0


def _links(root, url: str) -> Pagination | None:
    numbered, next_url, last_url = _pager_links(root, url)
    if not (next_url or last_url or numbered):
        return None
    total_match = _TOTAL_TEXT_RE.search(text_of(root.find("body") if root.find("body") is not None else root))
    shown_total = _int(total_match.group(1)) if total_match else None
    known = [u for u in (next_url, *(u for u, _ in numbered), last_url) if u]
    templated = [(u, t) for u in known if (t := _template(u))]
    if not templated:
        return Pagination("next-link", [next_url], shown_total) if next_url else None
    template = templated[0][1][0]
    numbers = [n for _, (t, n) in templated if t == template]
    labelled = [(found[1], label) for u, label in numbered if (found := _template(u)) and found[0] == template]
    next_found = _template(next_url) if next_url else None
    next_number = next_found[1] if next_found and next_found[0] == template else None
    own = _template(url)
    offset = _offset(template, labelled, next_number, own is not None and own[0] == template)
    current = _current_number(url, template, offset)
    last = max([*numbers, current])
    if shown_total:
        last = max(last, shown_total - offset)
    start = current + 1
    pages = [template.url(n) for n in range(start, min(last, start + MAX_PAGES - 1) + 1)]
    if next_url and next_url not in pages and not _template(next_url):
        pages.insert(0, next_url)
    return Pagination(template.style, pages, shown_total or last + offset)


# ---------------------------------------------------------------- entry point


def extract_pagination(html: str, url: str, style: str = "auto") -> Pagination:
    """The pagination of a list page: its style, the following pages' URLs and the page count."""
    if style == "none" or not html:
        return NONE
    if style in ("auto", "trs"):
        found = _trs(html, url)
        if found or style == "trs":
            return found or Pagination("trs", [], None)
    if style in ("auto", "hanweb"):
        found = _hanweb(html, url)
        if found or style == "hanweb":
            return found or Pagination("hanweb", [], None)
    found = _links(parse_html(html), url)
    if found is None:
        return NONE if style == "auto" else Pagination(style, [], None)
    return found
