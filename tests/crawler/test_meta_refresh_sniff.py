"""The meta-refresh middleware answers a page without the word "refresh" before Scrapy decodes it, and
still follows every refresh Scrapy's own reader finds (any case, GBK and UTF-16 pages)."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_meta_refresh
from scrapy.utils.test import get_crawler

from crawler.middlewares.redirects import SiteMetaRefreshMiddleware, may_refresh

URL = "http://www.qh.gov.cn/xxgk/jgzn/"


def _middleware() -> SiteMetaRefreshMiddleware:
    crawler = get_crawler(settings_dict={"METAREFRESH_ENABLED": True})
    return SiteMetaRefreshMiddleware.from_crawler(crawler)


def _response(markup: str, encoding: str = "utf-8") -> HtmlResponse:
    body = markup.encode(encoding)
    return HtmlResponse(URL, body=body, headers={"Content-Type": f"text/html; charset={encoding}"},
                        request=Request(URL))


PAGES = [
    ('<html><head><meta http-equiv="refresh" content="0;url=/xxgk/jgzn/index.html"></head><body></body></html>',
     "utf-8"),
    ('<html><head><META HTTP-EQUIV="Refresh" CONTENT="0; URL=index.html"></head></html>', "utf-8"),
    ('<html><head><meta content="2;url=/a.html" http-equiv="REFRESH"></head></html>', "utf-8"),
    ('<html><head><title>机构职能</title><meta http-equiv="refresh" content="0;url=/jg/"></head>'
     '<body>页面已迁移</body></html>', "gbk"),
    ('<html><head><meta http-equiv="refresh" content="0;url=/u16.html"></head></html>', "utf-16"),
]


@pytest.mark.parametrize(("markup", "encoding"), PAGES)
def test_every_refresh_scrapy_finds_is_followed(markup: str, encoding: str) -> None:
    response = _response(markup, encoding)
    assert get_meta_refresh(response)[1] is not None  # Scrapy's reader finds it
    assert may_refresh(response.body)
    result = _middleware().process_response(Request(URL), _response(markup, encoding))
    assert isinstance(result, Request) and result.url != URL


@pytest.mark.parametrize("markup", [
    "<html><head><title>机构职能</title></head><body><p>内设机构&#65306;办公室</p></body></html>",
    '<html><head><meta http-equiv="&#82;efresh" content="0;url=/a.html"></head></html>',  # not read as one
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html\"></head><body>" + "政务公开" * 3000
    + '<meta http-equiv="refresh" content="0;url=/late.html"></body></html>',  # past Scrapy's 4,096 characters
])
def test_a_page_without_a_refresh_is_answered_unread(markup: str) -> None:
    response = _response(markup)
    assert get_meta_refresh(_response(markup))[1] is None
    assert not may_refresh(response.body)
    assert _middleware().process_response(Request(URL), response) is response
    assert response._cached_ubody is None  # the body was never decoded to look

