"""A page's links for the link check: each http(s) target once, joined as urljoin joins it, fragment off."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from crawler.extract.html import parse_html
from crawler.extract.links import extract_links

HREFS = ["/xxgk/t20261118_1.html", " /art/2026/11/18/art_1_2.html?id=3#p ", "/", "/a//b/", "/a/./b.html",
         "/a/../b.html", "/a;jsessionid=1?x=2", "/a?", "/a#", "/中文/页面.html", "//cdn.qh.gov.cn/x.js", "t2.html",
         "../up.html", "./202611/t20261118_1.html", "./", "./?p=2#x", ".//x.html", "a//b.html", "a b.html",
         "a;x=1.html", "sub/", "HTTP://www.qh.gov.cn", "https://www.gov.cn/zhengce/", "?page=2", "#top",
         "javascript:;", "mailto:x@qh.gov.cn", "ftp://files.qh.gov.cn/a.zip", "子目录/页面.html?id=3&p=4"]


@pytest.mark.parametrize("base", ["http://www.qh.gov.cn/xxgk/zcwj/index_2.html?x=1#top", "HTTPS://Xxgk.QH.gov.cn:8443/",
                                  "http://www.qh.gov.cn", "http://www.qh.gov.cn/xxgk/./zcwj/../tzgg//list.jsp;s=1"])
def test_links_are_joined_as_urljoin_joins_them(base: str) -> None:
    anchors = "".join(f'<li><a href="{h}">链接{i}</a></li>' for i, h in enumerate(HREFS))
    links = extract_links(parse_html(f"<html><body><ul>{anchors}</ul></body></html>"), base)
    expected: dict[str, str] = {}
    for i, href in enumerate(HREFS):
        href = href.strip()
        if href.lower().startswith(("javascript:", "mailto:", "#")):
            continue
        url = urldefrag(urljoin(base, href))[0]
        if urlsplit(url).scheme in ("http", "https"):
            expected.setdefault(url, f"链接{i}")
    assert [(link.url, link.text) for link in links] == list(expected.items())
