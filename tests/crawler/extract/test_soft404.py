"""Soft 404s (软 404): error pages that answer 200 are told from real pages by generic signs."""

from __future__ import annotations

import pytest
from helpers import SHARED

from crawler.extract.notfound import not_found_sign

FRAME = ('<div class="top"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a><a href="/hdjl/">互动交流</a>'
         '</div>{main}<div class="footer">主办单位：清河市人民政府办公室　网站标识码：3299000001</div>')


def _page(title: str, main: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{FRAME.format(main=main)}</body></html>"


@pytest.mark.parametrize("html", [
    _page("404 - 页面不存在 - 清河市人民政府", "<p>x</p>"),
    _page("Error 404 Not Found", ""),
    _page("页面未找到_清河市人民政府", ""),
    _page("清河市人民政府", '<div class="error404"><img src="/images/404.png">'
          '<p>抱歉，您访问的页面不存在或已被删除！</p><a href="/">返回首页</a></div>'),
    _page("清河市人民政府", "<p>对不起，找不到您要访问的页面。</p><p>5秒后自动返回首页</p>"),
    _page("提示信息", "<h2>信息已删除</h2>"),
])
def test_error_pages_answering_200_are_soft_404s(html: str) -> None:
    assert not_found_sign(html.encode("utf-8")) is not None


def test_a_gbk_error_page_is_read_in_its_encoding() -> None:
    html = _page("清河市教育局", "<p>您访问的页面不存在</p>").replace("<head>", '<head><meta charset="gb2312">')
    assert not_found_sign(html.encode("gbk"), charset="gb2312") == "页面显示“您访问的页面不存在”"


@pytest.mark.parametrize("html", [
    _page("关于政府网站页面不存在问题的整改情况通报_清河市人民政府", "<h1>关于政府网站页面不存在问题的整改情况通报</h1>"
          + "<p>经检查，部分网站存在页面不存在、链接无法打开等问题。</p>" * 30),
    _page("关于公布404名优秀教师的通知", "<p>正文</p>" * 200),
    _page("清河市2026年国民经济和社会发展统计公报", "<p>全市共有404个行政村。</p>" + "<p>正文内容。</p>" * 100),
    _page("政策文件", '<ul><li><a href="/a.html">关于清理已失效文件的通知</a></li></ul>' + "<p>栏目说明。</p>" * 80),
    "",
])
def test_real_pages_are_no_soft_404s(html: str) -> None:
    assert not_found_sign(html.encode("utf-8")) is None


def test_a_redirect_to_an_error_address_is_a_soft_404() -> None:
    assert not_found_sign(b"<title>x</title>", "http://a.gov.cn/404.html", redirected=True) is not None
    assert not_found_sign(b"<title>x</title>", "http://a.gov.cn/error.jsp?code=1", redirected=True) is not None
    assert not_found_sign(b"<title>x</title>", "http://a.gov.cn/notfound.html", redirected=True) is not None
    assert not_found_sign(b"<title>x</title>", "http://a.gov.cn/index.html", redirected=True) is None
    assert not_found_sign(b"<title>x</title>", "http://a.gov.cn/404.html", redirected=False) is None  # linked so


def test_no_real_page_is_taken_for_a_soft_404() -> None:
    pages = [*(SHARED / "realpages").glob("*.htm*"), *(SHARED / "realsites").rglob("*.htm*")]
    if not pages:
        pytest.skip("the real pages (/work/shared) are not here")
    flagged = [(p.name, sign) for p in pages if (sign := not_found_sign(p.read_bytes()))]
    assert flagged == [] and len(pages) > 20
