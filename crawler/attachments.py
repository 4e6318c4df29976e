"""The spider's part for content review (issue 21): the article text of entry pages, and their links to
documents (xls, xlsx, et, doc, docx, wps, pdf) fetched within the site's budget and read for personal data
and wrong wording.

Attachment requests go through ``PortalSpider._request`` (site hosts, budget and URL policy of
``crawler.middlewares.guard``), carry ``download_maxsize`` (``[review] max_bytes``) and are conditional
(``crawler.middlewares.conditional``): an unchanged file (304, or the same bytes) is not read again. At most
``[review] max_files`` attachments per site and run.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import asdict
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from core.config import ReviewSettings, SiteConfig
from crawler.extract.content import CONTENT_HINT, FOOTER_WORDS
from crawler.failures import failed_request
from crawler.items import AttachmentItem, ReviewItem
from review.aggregate import Candidate
from review.attachments import EXTENSIONS, Reading, read
from review.blocks import Block
from review.scan import scan
from review.wording import WordingChecker, load_words

logger = logging.getLogger(__name__)

_BLOCK_TAGS = ("p", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "font")
_NESTED = {"p", "div", "table", "ul", "ol", "li", "td", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
ReviewRequest = Callable[..., Request]  # PortalSpider._request(url, callback, site, errback, **meta)


def is_attachment(url: str) -> bool:
    """A document link to review, by the extension of its path."""
    path = urlsplit(url).path.lower()
    return path.rsplit(".", 1)[-1] in EXTENSIONS if "." in path.rsplit("/", 1)[-1] else False


def content_root(root: Any) -> Any:
    """The article's own container (``<article>``, or a content/zoom/text … block) holding the most text and no
    footer; else the page. The site's frame (menus, footer) is on every page: reviewed there, one wrong word
    in it would make a candidate per page."""
    best, size = root, -1
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        hint = f"{el.get('class') or ''} {el.get('id') or ''}"
        if el.tag != "article" and not CONTENT_HINT.search(hint):
            continue
        text = "".join(str(t) for t in el.itertext())
        if len(text) > size and not any(word in text for word in FOOTER_WORDS):
            best, size = el, len(text)
    return best


def text_blocks(root: Any) -> list[Block]:
    """A page's article text, one block per innermost block element (paragraph, cell, list item), in order."""
    blocks: list[Block] = []
    for n, el in enumerate(content_root(root).iter(*_BLOCK_TAGS), start=1):
        if any(child.tag in _NESTED for child in el):
            continue
        if el.getparent() is not None and el.tag in ("span", "font") and el.getparent().tag in _BLOCK_TAGS:
            continue  # read with its parent
        text = " ".join(" ".join(el.itertext()).split())
        if text:
            blocks.append(Block(text, "正文", f"第{n}处"))
    return blocks


def _name(url: str, text: str) -> str:
    file = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return (text.strip() or file)[:60] if not text.strip().endswith(file) else file


class SpiderReview:
    """Held by the spider when ``[review] enabled``; counts attachments per site against ``max_files``."""

    def __init__(self, settings: ReviewSettings, request: ReviewRequest) -> None:
        self.settings = settings
        self.request = request
        self.checker = WordingChecker(load_words(settings.words or None))
        self.fetched: Counter[str] = Counter()
        self.seen: set[str] = set()
        self.stopping = threading.Event()  # set when the spider closes: a reading in a thread stops at once

    def stop(self, spider: Any = None) -> None:
        """On spider_closed: readings still in their threads end (Ctrl-C stops a run within seconds)."""
        self.stopping.set()

    def page(self, site: SiteConfig, owns: Callable[[str], bool], url: str, root: Any,
             links: list[Any]) -> Iterator[Any]:
        """An entry page: its text reviewed, its document links requested."""
        found = scan(text_blocks(root), source="页面", url=url, checker=self.checker, site=site.name)
        yield ReviewItem(site=site.name, url=url, candidates=[asdict(c) for c in found])  # none: earlier ones gone
        for link in links:
            if is_attachment(link.url) and owns(link.url):
                yield from self.attachment(site, link.url, page_url=url, name=_name(link.url, link.text))

    def attachment(self, site: SiteConfig, url: str, *, page_url: str | None, name: str) -> Iterator[Request]:
        """The GET of one document, unless seen in this run or over the site's count."""
        if url in self.seen or self.fetched[site.name] >= self.settings.max_files:
            return
        self.seen.add(url)
        self.fetched[site.name] += 1
        yield self.request(url, self.parse_attachment, site, self.attachment_failed, conditional=True,
                           download_maxsize=self.settings.max_bytes, download_warnsize=0,
                           review_page=page_url, review_name=name)

    async def parse_attachment(self, response: Response) -> AsyncIterator[Any]:
        """Read a fetched document in a thread (the crawl goes on meanwhile), within ``file_seconds``."""
        meta = response.meta
        site, url = meta["site"], (meta.get("redirect_urls") or [response.url])[0]

        def header(key: bytes) -> str | None:
            return (response.headers.get(key) or b"").decode("latin-1") or None

        base = {"site": site, "url": url, "page_url": meta.get("review_page"), "name": meta.get("review_name"),
                "size": len(response.body), "etag": header(b"ETag"), "last_modified": header(b"Last-Modified")}
        if meta.get("unchanged"):  # 304 or the same bytes: read last time, its candidates stand
            return
        if response.status >= 400:
            yield AttachmentItem(**base, kind="", sha256=None, status="http-error", note=f"HTTP {response.status}")
            return
        source = f"附件 {meta.get('review_name') or url}"
        reading, found = await maybe_deferred_to_future(deferToThread(self._read, response.body, source, url, site))
        logger.info("附件 %s：%s，%d 条候选", url, reading.label, len(found))
        settled = reading.status in ("read", "unreadable", "no-libreoffice", "unsupported")  # else: again next run
        yield AttachmentItem(**base, kind=reading.kind, sha256=hashlib.sha256(response.body).hexdigest(),
                             content_hash=hashlib.sha1(response.body).hexdigest() if settled else None,
                             status=reading.status,
                             note=reading.note, candidates=len(found))
        yield ReviewItem(site=site, url=url, candidates=[asdict(c) for c in found])

    def _read(self, data: bytes, source: str, url: str, site: str) -> tuple[Reading, list[Candidate]]:
        reading = read(data, max_bytes=self.settings.max_bytes, seconds=self.settings.file_seconds,
                       stop=self.stopping.is_set)
        return reading, scan(reading.blocks, source=source, url=url, checker=self.checker, site=site)

    def attachment_failed(self, failure: Any) -> Iterator[Any]:
        """A document that did not arrive (refused, too large, timed out): listed, never taken as clean."""
        request = failed_request(failure)
        meta = request.meta
        kind = type(failure.value).__name__
        status = "too-large" if "maxsize" in str(failure.value).lower() or "Cancelled" in kind else "failed"
        yield AttachmentItem(site=meta["site"], url=request.url, page_url=meta.get("review_page"),
                             name=meta.get("review_name"), kind="", size=0, sha256=None, etag=None,
                             last_modified=None, status=status, note=kind)
