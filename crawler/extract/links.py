"""Every link (<a href>) of a page with its text, for the link check (链接可用性)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from crawler.extract.urls import plain_join

_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "#")
_MAX_TEXT = 80


@dataclass(frozen=True)
class PageLink:
    """A link as a reader sees it: absolute target (no fragment) and its text (title/alt when textless)."""

    url: str
    text: str


def _text(a) -> str:
    text = " ".join(a.text_content().split())
    if not text:
        text = (a.get("title") or "").strip()
    if not text:
        img = a.find(".//img")
        text = (img.get("alt") or img.get("title") or "").strip() if img is not None else ""
    return text[:_MAX_TEXT]


def extract_links(root, base_url: str) -> list[PageLink]:
    """All http(s) links of a parsed page in document order, each target once (its first text kept).

    ``javascript:``, ``mailto:``, ``tel:`` and same-page ``#`` links are skipped; ``<base href>`` is honoured.
    """
    base = base_url
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base_url, base_el.get("href").strip())
    seen: dict[str, PageLink] = {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIPPED_SCHEMES):
            continue
        url = plain_join(base, href)  # http(s) when given
        if url is None:
            url = urldefrag(urljoin(base, href))[0]
            if urlsplit(url).scheme not in ("http", "https"):
                continue
        if url in seen:
            continue
        seen[url] = PageLink(url=url, text=_text(a))
    return list(seen.values())
