"""In-page redirect stubs: meta refresh, location scripts, document.write, frames — and pages that are not."""

from __future__ import annotations

import pytest

from crawler.extract.stub import redirect_stub

URL = "http://www.qinghe.gov.cn/xxgk/"

STUBS = [
    ('<html><head><meta http-equiv="refresh" content="0; url=./gzdt/index.html"></head><body></body></html>',
     "http://www.qinghe.gov.cn/xxgk/gzdt/index.html"),
    ("<HTML><HEAD><META HTTP-EQUIV='Refresh' CONTENT='0;URL=/zwgk/'></HEAD><BODY>正在跳转…</BODY></HTML>",
     "http://www.qinghe.gov.cn/zwgk/"),
    ('<html><body><script type="text/javascript">window.location.href = "index.shtml";</script>'
     "页面跳转中，请稍候</body></html>", "http://www.qinghe.gov.cn/xxgk/index.shtml"),
    ('<script language="javascript">location.replace("http://www.qinghe.gov.cn/col/col12/index.html")</script>',
     "http://www.qinghe.gov.cn/col/col12/index.html"),
    ("<script>self.location='../zfxxgk/fdzdgknr/';</script>", "http://www.qinghe.gov.cn/zfxxgk/fdzdgknr/"),
    ('<script>document.write("<meta http-equiv=\\"refresh\\" content=\\"0;url=../zfxxgk/\\">")</script>',
     "http://www.qinghe.gov.cn/zfxxgk/"),
    ('<script>if(/android|iphone/i.test(navigator.userAgent)){window.location.href="http://m.qinghe.gov.cn/";}'
     'else{window.location.href="/xxgk/pc/index.html";}</script>', "http://www.qinghe.gov.cn/xxgk/pc/index.html"),
    ('<html><frameset rows="100%"><frame src="list.html" name="main"></frameset></html>',
     "http://www.qinghe.gov.cn/xxgk/list.html"),
]


@pytest.mark.parametrize(("html", "target"), STUBS)
def test_stub_target(html, target):
    assert redirect_stub(html, URL) == target


def _full_page(extra: str) -> str:
    rows = "".join(f'<li><a href="./202611/t2026111{i}_{i}.html">清河县第{i}次常务会议</a>'
                   f"<span>2026-11-1{i}</span></li>" for i in range(8))
    return f"<html><head>{extra}</head><body><h1>工作动态</h1><ul>{rows}</ul><p>{'说明文字' * 60}</p></body></html>"


NOT_STUBS = [
    # a search box handler: concatenated target inside a function body
    _full_page('<script>function ywss(){var q=document.getElementById("q").value;'
               'window.location.href="http://search.qinghe.gov.cn/?q="+q;}</script>'),
    # a full page that reloads itself every five minutes
    _full_page('<meta http-equiv="refresh" content="300">'),
    # a full list page with an unconditional script assignment (analytics, old mobile redirect): not thin
    _full_page('<script>if(false){location.href="/m/";}</script>'),
    # a stub pointing at itself
    '<meta http-equiv="refresh" content="0;url=http://www.qinghe.gov.cn/xxgk/">',
    # a javascript: target
    "<script>location.href='javascript:void(0)';</script>",
    "",
]


@pytest.mark.parametrize("html", NOT_STUBS)
def test_not_a_stub(html):
    assert redirect_stub(html, URL) is None


def test_meta_refresh_with_short_delay_wins_even_on_a_full_page():
    html = _full_page('<meta http-equiv="refresh" content="2;URL=http://www.qinghe.gov.cn/new/xxgk/">')
    assert redirect_stub(html, URL) == "http://www.qinghe.gov.cn/new/xxgk/"
