"""Article pages: title and publish date (the labelled date a reader sees, then meta PubDate, then URL)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml.etree import XPath
from lxml.html import HtmlElement

from crawler.extract.dates import ParsedDate, date_at_start, date_from_url, parse_date
from crawler.extract.html import collapse_ws, is_hidden, iter_text, parse_html, select, text_of
from crawler.extract.meta import extract_meta


@dataclass(frozen=True)
class Article:
    """What an article page says about itself."""

    title: str | None
    published: date | None
    published_time: str | None
    published_raw: str | None
    published_from: str | None  # "selector" | "label" | "meta" | "url" | None
    published_status: str | None  # "ok" | "invalid" | "future" | None (no date at all)
    meta_date: date | None
    url_date: date | None
    meta: dict[str, str]


_COLON = r"\s*[：:∶]\s*"
# Labels that name the publish date outright, wherever they stand.
_STRONG_LABEL_RE = re.compile(rf"(?:发布时间|发布日期|发文日期|更新时间|发稿时间|公开日期){_COLON}")
# Bare 日期/时间 only when not the tail of another word (成文日期, 生成日期, 页面生成时间, 会议时间 ...).
_WEAK_LABEL_RE = re.compile(rf"(?<![\u4e00-\u9fff])(?:日期|时间){_COLON}")
_PUBTIME_ATTR_RE = re.compile(
    r"pub_?-?time|pub_?-?date|publish_?-?(?:time|date)|release_?-?(?:time|date)|fbsj|fbrq|fbtime",
    re.I,
)
_PUBTIME_MAX_CHARS = 40


_LABEL_WINDOW = 40  # characters after a label in which its date must start


def _labelled(text: str, label_re: re.Pattern, as_of: date | None) -> ParsedDate | None:
    for match in label_re.finditer(text):
        parsed = date_at_start(text[match.end() : match.end() + _LABEL_WINDOW], as_of)
        if parsed is not None:
            return parsed
    return None


# Elements whose id or class might name a publish time (pubtime, publish-date, fbsj …): a C-level
# pre-filter; the regex below decides.
_PUBTIME_CANDIDATES = XPath(
    "//*[contains(translate(concat(@id, ' ', @class), 'PUBLISHFRT', 'publishfrt'), 'pub')"
    " or contains(translate(concat(@id, ' ', @class), 'FB', 'fb'), 'fb')"
    " or contains(translate(concat(@id, ' ', @class), 'RELASE', 'relase'), 'release')]")


def _pubtime_element(root, as_of: date | None) -> ParsedDate | None:
    for el in _PUBTIME_CANDIDATES(root):
        attrs = f"{el.get('id', '')} {el.get('class', '')}"
        if not _PUBTIME_ATTR_RE.search(attrs) or is_hidden(el):
            continue
        text = text_of(el, skip_hidden=True)
        if len(text) > _PUBTIME_MAX_CHARS:
            continue
        parsed = parse_date(text, as_of)
        if parsed is not None:
            return parsed
    return None


def _selected_date(root, selector: str, as_of: date | None) -> ParsedDate | None:
    for el in select(root, selector):
        parsed = parse_date(el if isinstance(el, str) else text_of(el, skip_hidden=True), as_of)
        if parsed is not None:
            return parsed
    return None


_MORE = object()  # a label's date may lie beyond the text read so far
_FIRST_READ = 1024  # characters of body text read before the first look for a label; doubled each time


def _first_labelled(text: str, label_re: re.Pattern, as_of: date | None, complete: bool):
    """The first label followed by a date; ``_MORE`` when that could still change with more text."""
    for match in label_re.finditer(text):
        if not complete and match.end() + _LABEL_WINDOW > len(text):
            return _MORE
        parsed = date_at_start(text[match.end() : match.end() + _LABEL_WINDOW], as_of)
        if parsed is not None:
            return parsed
    return None if complete else _MORE


def _visible_date(root, as_of: date | None) -> ParsedDate | None:
    """The labelled publish date a reader sees. Body text is read in growing prefixes: the 发布时间 label
    usually stands near the top, so long articles are not walked to the end to find it."""
    body = root.find("body")
    pieces = iter_text(body if body is not None else root, skip_hidden=True)
    raw: list[str] = []
    size, limit = 0, _FIRST_READ
    while True:
        complete = True
        for piece in pieces:
            raw.append(piece)
            size += len(piece)
            if size >= limit:
                complete = False
                break
        text = collapse_ws("".join(raw))
        found = _first_labelled(text, _STRONG_LABEL_RE, as_of, complete)
        if found is not _MORE:
            break
        limit *= 2
    return found or _pubtime_element(root, as_of) or _labelled(text, _WEAK_LABEL_RE, as_of)


def _publish_date(root, meta: dict[str, str], url: str, as_of, date_selector):
    """(parsed date or None, where it came from) following selector > label > meta > URL."""
    if date_selector:
        parsed = _selected_date(root, date_selector, as_of)
        if parsed is not None:
            return parsed, "selector"
    parsed = _visible_date(root, as_of)
    if parsed is not None:
        return parsed, "label"
    parsed = parse_date(meta.get("PubDate", ""), as_of)
    if parsed is not None:
        return parsed, "meta"
    url_date = date_from_url(url)
    if url_date is not None:
        status = "future" if as_of is not None and url_date > as_of else "ok"
        return ParsedDate(url_date, url_date.isoformat(), None, status), "url"
    return None, None


_SEPARATORS = ("_", "|", "｜", "－", " - ", "-")
_SITE_SUFFIXES = (
    "网",
    "网站",
    "政府",
    "门户",
    "平台",
    "局",
    "委",
    "办",
    "厅",
    "院",
    "中心",
    "办公室",
    "部",
    "会",
)
_TITLE_CLASS_RE = re.compile(r"title|biaoti", re.I)
_HEADINGS = frozenset({"h1", "h2", "h3"})


def _looks_like_site(tail: str, known: set[str]) -> bool:
    return tail in known or (not re.search(r"\d", tail) and len(tail) >= 2 and tail.endswith(_SITE_SUFFIXES))


def _known_names(meta: dict[str, str]) -> set[str]:
    return {v for v in (meta.get("SiteName"), meta.get("ColumnName")) if v}


def _strip_site_suffix(title: str, known: set[str]) -> str:
    """<title> without its '_站点名' / '-站点名' / '_栏目_站点名' tail; '' when it is only the site name."""
    title = collapse_ws(title)
    while title and title not in known:
        for sep in _SEPARATORS:
            head, found, tail = title.rpartition(sep)
            tail = tail.strip()
            if found and head.strip() and (sep in "_|｜" or _looks_like_site(tail, known)):
                title = head.strip()
                break
        else:
            return title
    return "" if title in known else title


def _is_heading(el) -> bool:
    if not isinstance(el.tag, str):
        return False
    return el.tag in _HEADINGS or bool(_TITLE_CLASS_RE.search(f"{el.get('class', '')} {el.get('id', '')}"))


def _heading_candidates(root) -> list[str]:
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("title", "meta", "html", "head", "body"):
            continue
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag not in _HEADINGS and not _TITLE_CLASS_RE.search(attrs):
            continue
        if any(_is_heading(child) for child in el.iterdescendants()):
            continue  # a wrapper such as div.main-title: its inner heading is the candidate
        text = text_of(el, skip_hidden=True)
        if 2 <= len(text) <= 200 and not is_hidden(el):
            strong = el.tag == "h1" or bool(_TITLE_CLASS_RE.search(attrs))
            found.append((not strong, text))
    found.sort(key=lambda item: item[0])  # h1 and title-classed elements first, order kept otherwise
    return [text for _, text in found]


def _best_heading(candidates: list[str], page_title: str, site_like: bool) -> str | None:
    """The heading matching <title>; when <title> is only a site name (or empty), the first real heading."""
    if not page_title:
        return _first_real(candidates, page_title)
    squeezed = page_title.replace(" ", "")
    for text in candidates:
        if text.replace(" ", "") == squeezed:
            return text
    for text in candidates:  # one of the two truncated ("...") or carrying a short extra
        flat = text.replace(" ", "").rstrip(".…")
        short, long_ = sorted((flat, squeezed.rstrip(".…")), key=len)
        if len(short) >= max(4, 0.6 * len(long_)) and long_.startswith(short):
            return text
    return _first_real(candidates, page_title) if site_like else page_title


def _first_real(candidates: list[str], default: str) -> str:
    headings = [text for text in candidates if not text.endswith((":", "："))]
    return headings[0] if headings else default


def extract_title(root, meta: dict[str, str], title_selector: str | None = None) -> str | None:
    """Selector override, else meta ArticleTitle, else the heading matching <title>, else <title>."""
    if title_selector:
        for el in select(root, title_selector):
            text = collapse_ws(el) if isinstance(el, str) else text_of(el, skip_hidden=True)
            if text:
                return text
    if meta.get("ArticleTitle"):
        return collapse_ws(meta["ArticleTitle"])
    title_el = root.find(".//title")
    known = _known_names(meta)
    page_title = _strip_site_suffix(text_of(title_el), known) if title_el is not None else ""
    site_like = _looks_like_site(page_title, known)
    return _best_heading(_heading_candidates(root), page_title, site_like) or None


def extract_article(
    html: str | HtmlElement,
    url: str,
    *,
    as_of: date | None = None,
    title_selector: str | None = None,
    date_selector: str | None = None,
) -> Article:
    """Read title and publish date from an article page (HTML text or an already parsed root)."""
    root = parse_html(html) if isinstance(html, str) else html
    meta = extract_meta(root)
    parsed, source = _publish_date(root, meta, url, as_of, date_selector)
    meta_parsed = parse_date(meta.get("PubDate", ""))
    return Article(
        title=extract_title(root, meta, title_selector),
        published=parsed.value if parsed else None,
        published_time=parsed.time if parsed else None,
        published_raw=collapse_ws(parsed.raw) if parsed else None,
        published_from=source,
        published_status=parsed.status if parsed else None,
        meta_date=meta_parsed.value if meta_parsed else None,
        url_date=date_from_url(url),
        meta=meta,
    )
