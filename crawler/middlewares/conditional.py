"""Conditional requests (条件请求): ask only for what changed since the page was last read.

A request whose ``meta["conditional"]`` is set carries ``If-None-Match`` / ``If-Modified-Since`` from the
validators the ``pages`` table holds for its URL (ETag, Last-Modified, written from the previous run's
answers). An answer is marked ``meta["unchanged"]``:

- ``"304"``: the server said Not Modified;
- ``"hash"``: the server has no validators (or ignored them) but the body is byte for byte the one read last
  time (``pages.content_hash``, SHA-1 of the decoded-transfer body, as the spider stores it).

The spider then keeps what it read from that page last time instead of reading it again. Redirected
requests pass through again with their new URL, so the validators always belong to the URL asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from scrapy import signals
from scrapy.http import Request, Response

from storage.store import Store

CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class ConditionalRequestMiddleware:
    """Downloader middleware: validators out, ``meta["unchanged"]`` in (see the module docstring)."""

    def __init__(self) -> None:
        self.store: Store | None = None
        self.lookup: Callable[[str], dict[str, Any] | None] | None = None  # URL → stored validators

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalRequestMiddleware:
        middleware = cls()
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        lookup = getattr(spider, "page_validators", None)  # a distributed worker: validators sent with the site
        if lookup is not None:
            self.lookup = lookup
            return
        db = getattr(spider, "db", None)
        self.store = Store(db) if db else None
        self.lookup = self.store.page_validators if self.store is not None else None

    def spider_closed(self, spider: Any) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def process_request(self, request: Request, spider: Any = None) -> None:
        if not request.meta.get("conditional") or request.method != "GET":
            return None
        for header in CONDITIONAL_HEADERS:  # a redirected request inherits the previous URL's headers
            request.headers.pop(header, None)
        stored = self.lookup(request.url) if self.lookup is not None else None
        if not stored or stored["status"] not in (200, 304):
            request.meta["stored_hash"] = None
            return None
        if stored["etag"]:
            request.headers[b"If-None-Match"] = stored["etag"].encode("latin-1")
        if stored["last_modified"]:
            request.headers[b"If-Modified-Since"] = stored["last_modified"].encode("latin-1")
        request.meta["stored_hash"] = stored["content_hash"]
        return None

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if not request.meta.get("conditional") or request.method != "GET":
            return response
        if response.status == 304:
            request.meta["unchanged"] = "304"
        elif response.status == 200 and request.meta.get("stored_hash") \
                and hashlib.sha1(response.body).hexdigest() == request.meta["stored_hash"]:
            request.meta["unchanged"] = "hash"
        else:
            request.meta.pop("unchanged", None)
        return response
