"""What `patrol page URL` prints: one page read by the same extractors the crawler uses."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from crawler.extract.article import Article, extract_article
from crawler.extract.content import looks_like_content_page
from crawler.extract.encoding import decode_html
from crawler.extract.html import parse_html
from crawler.extract.identifiers import extract_identifiers
from crawler.extract.listing import ListEntry, extract_entries
from crawler.extract.pagination import Pagination, extract_pagination, hanweb_requests

if TYPE_CHECKING:
    from patrol.config import Overrides

KINDS = ("list", "article", "page", "other")
_ARTICLE_SOURCES = ("label", "selector")


def classify_page(article: Article, entries: list[ListEntry], pagination: Pagination, has_content: bool) -> str:
    """"list" when paged, "article" with a labelled date or ArticleTitle meta (or PubDate and a body),
    "list" with two or more dated entries, "page" for a content body without either, else "other"."""
    paged = pagination.hanweb is not None or bool(pagination.pages)
    if paged:
        return "list"
    labelled = article.published_from in _ARTICLE_SOURCES or bool(article.meta.get("ArticleTitle"))
    if labelled or ("PubDate" in article.meta and has_content):
        return "article"
    if sum(entry.date is not None for entry in entries) >= 2:
        return "list"
    if has_content:
        return "page"
    return "other"


def _entry_json(entry: ListEntry) -> dict:
    return {"title": entry.title, "url": entry.url, "date": entry.date.isoformat() if entry.date else None}


def _next_urls(pagination: Pagination) -> list[str]:
    """The following list pages; for Hanweb the dataproxy URLs that are POSTed with the jpage params."""
    if pagination.hanweb is not None:
        return [url for url, _ in hanweb_requests(pagination.hanweb)]
    return list(pagination.pages)


def inspect_page(body: bytes, url: str, *, status: int = 200, declared_encoding: str | None = None,
                 as_of: date | None = None, overrides: Overrides | None = None) -> dict:
    """The design.md `patrol page` JSON object for one fetched page."""
    text, encoding = decode_html(body, declared_encoding)
    root = parse_html(text)
    article = extract_article(root, url, as_of=as_of,
                              title_selector=overrides.article_title if overrides else None,
                              date_selector=overrides.article_date if overrides else None)
    entries = extract_entries(text, url, as_of=as_of,
                              item_selector=overrides.list_item if overrides else None,
                              title_selector=overrides.item_title if overrides else None,
                              date_selector=overrides.item_date if overrides else None)
    pagination = extract_pagination(text, url, overrides.pagination if overrides else "auto")
    kind = classify_page(article, entries, pagination, looks_like_content_page(root))
    dated = kind in ("article", "page") and article.published is not None
    return {
        "url": url,
        "status": status,
        "encoding": encoding,
        "kind": kind,
        "title": article.title,
        "published": article.published.isoformat() if dated else None,
        "published_from": article.published_from if dated else None,
        "meta": article.meta,
        "identifiers": extract_identifiers(root),
        "entries": [_entry_json(entry) for entry in entries],
        "next": _next_urls(pagination),
    }
