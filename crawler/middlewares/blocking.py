"""Mark answers that come from a WAF / anti-bot layer instead of the page (巡查被拦截).

A downloader middleware placed after decompression: when :func:`crawler.extract.blocked.detect_block`
recognises the answer, the request's meta gets ``blocked`` (the Chinese reason) and ``dont_retry`` (asking
again only draws more blocks), and the spider's callbacks read ``response.meta["blocked"]``.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.extract.blocked import detect_block


class BlockedAnswerMiddleware:
    """Downloader middleware: recognise block pages and JavaScript challenges; see the module docstring."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if 300 <= response.status < 400 and response.status != 304 or request.meta.get("site") is None:
            return response
        reason = detect_block(response.body, response.status, response.headers.items())
        if reason:
            request.meta["blocked"] = reason
            request.meta["dont_retry"] = True
        return response
