"""An entry page's text as the review reads it: the article's container, not the site's frame (a wrong word in
a footer would otherwise make a candidate on every page)."""

from __future__ import annotations

from lxml import html

from crawler.attachments import is_attachment, text_blocks
from review.scan import scan
from review.wording import WordingChecker, load_words

CHECKER = WordingChecker(load_words())

PAGE = """<html><body><div class="nav"><a href="/">首页</a> 清河县人民攻府</div>
<div class="main"><div class="content"><p>认真贯彻中华人民共合国政府信息公开条例。</p>
<table><tr><td>“攻府”为误写</td></tr></table></div></div>
<div class="footer">主办：清河县人民攻府 网站标识码：3299000099</div></body></html>"""


def test_only_the_article_container_is_reviewed() -> None:
    blocks = text_blocks(html.document_fromstring(PAGE))
    assert [b.text for b in blocks] == ["认真贯彻中华人民共合国政府信息公开条例。", "“攻府”为误写"]
    found = scan(blocks, source="页面", url="u", checker=CHECKER)
    assert [c.summary for c in found] == ["页面 正文 出现“中华人民共合国”，应为“中华人民共和国”（1 处）"]


def test_a_page_without_a_container_is_read_whole() -> None:
    root = html.document_fromstring("<html><body><p>清河县人民攻府</p><p>第二段</p></body></html>")
    assert [b.text for b in text_blocks(root)] == ["清河县人民攻府", "第二段"]


def test_document_links_by_extension() -> None:
    assert is_attachment("http://a/b/名单.XLSX") and is_attachment("http://a/f.wps?x=1")
    assert not any(is_attachment(u) for u in ("http://a/b/", "http://a/b.html", "http://a/xls/index.html"))
