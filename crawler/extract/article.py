"""Article pages: title and publish date (weighed from the page's evidence, see ``published``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml.html import HtmlElement

from crawler.extract.dates import date_from_url, parse_date, parse_machine_date
from crawler.extract.html import collapse_ws, is_hidden, parse_html, select, text_of
from crawler.extract.meta import extract_meta
from crawler.extract.published import SHOWN_SOURCES, DateCandidate, weigh_publish_date


@dataclass(frozen=True)
class Article:
    """What an article page says about itself."""

    title: str | None
    published: date | None
    published_time: str | None
    published_raw: str | None
    published_from: str | None  # a source of ``published.WEIGHTS`` ("label", "byline", "meta", "url" …)
    published_status: str | None  # "ok" | "invalid" | "future" | None (no date at all)
    meta_date: date | None
    url_date: date | None
    meta: dict[str, str]
    date_candidates: tuple[DateCandidate, ...] = ()

    @property
    def date_shown(self) -> bool:
        """True when a reader sees the publish date on the page (not only in a meta tag or the URL)."""
        return self.published_from in SHOWN_SOURCES


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
    weighed = weigh_publish_date(root, url, as_of=as_of, selector=date_selector)
    won = weighed.winner
    meta_parsed = parse_date(meta.get("PubDate", "")) or parse_machine_date(meta.get("PubDate", ""))
    return Article(
        title=extract_title(root, meta, title_selector),
        published=won.value if won else None,
        published_time=won.time if won else None,
        published_raw=won.raw if won else None,
        published_from=won.source if won else None,
        published_status=won.status if won else None,
        meta_date=meta_parsed.value if meta_parsed else None,
        url_date=date_from_url(url),
        meta=meta,
        date_candidates=weighed.candidates,
    )
