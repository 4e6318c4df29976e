"""Article extraction: HTML helpers, decoding, meta tags, title and publish date with their decoys."""

import codecs
from datetime import date

import pytest

from crawler.extract.article import extract_article
from crawler.extract.encoding import decode_html, normalize_encoding
from crawler.extract.html import is_hidden, is_valid_selector, parse_html, select, text_of
from crawler.extract.meta import extract_meta

URL = "http://example.gov.cn/zwgk/gzdt/202611/t20261118_1001.html"


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


# --- html helpers -------------------------------------------------------------------------------


def test_parse_html_survives_jsp_nested_html_and_uppercase():
    text = (
        '<%-- comment --%>\n<%@ page contentType="text/html;charset=UTF-8" %>\n'
        '<HTML><BODY><DIV CLASS="a">one</DIV><jsp:include page="x.jsp"/>'
        '<html><head><title>inner</title></head><body><P class="b">two</P></body></html></BODY></HTML>'
    )
    root = parse_html(text)
    assert [text_of(el) for el in select(root, "div.a, p.b")] == ["one", "two"]
    assert "page contentType" not in text_of(root)


@pytest.mark.parametrize("junk", ["", "   ", "\x00\x01", "<<<>>>", '<?xml version="1.0" encoding="gbk"?>'])
def test_parse_html_never_raises(junk):
    root = parse_html(junk)
    assert root.tag == "html"


def test_select_css_and_xpath():
    root = parse_html(page('<ul><li><a href="/a">A</a></li><li><a href="/b">B</a></li></ul>'))
    assert [a.get("href") for a in select(root, "ul li a")] == ["/a", "/b"]
    assert [a.get("href") for a in select(root, "//li/a")] == ["/a", "/b"]
    assert select(root, "(//a)[2]/@href") == ["/b"]
    ul = select(root, "ul")[0]
    assert len(select(ul, "./li")) == 2
    with pytest.raises(ValueError):
        select(root, "ul[[")
    assert is_valid_selector("div.title") and not is_valid_selector("//a[")


def test_text_of_collapses_every_kind_of_space():
    root = parse_html(page("<p>发布时间：2026-11-18&nbsp;&nbsp;&#32;&#32;来源：\u3000本站<br>浏览<!-- x --></p>"))
    assert text_of(select(root, "p")[0]) == "发布时间：2026-11-18 来源： 本站 浏览"


def test_text_of_skips_scripts_styles_and_optionally_hidden():
    root = parse_html(page("<div>a<script>var b</script><style>.c{}</style><span hidden>d</span>e</div>"))
    div = select(root, "div")[0]
    assert text_of(div) == "ade"
    assert text_of(div, skip_hidden=True) == "ae"
    assert "var" not in text_of(div)


def test_is_hidden():
    root = parse_html(
        page(
            '<div style="display: none"><p id="a">x</p></div><div style="VISIBILITY:hidden" id="b">y</div>'
            '<p id="c" hidden>z</p><template><p id="d">t</p></template><p id="e">ok</p>'
        )
    )
    hidden = {el.get("id"): is_hidden(el) for el in root.iter() if el.get("id")}
    assert hidden == {"a": True, "b": True, "c": True, "d": True, "e": False}


# --- encoding -----------------------------------------------------------------------------------

GBK_HTML = page("<p>发布人：张喆 李堃</p>")


def test_gbk_declared_in_header_keeps_gbk_only_chars():
    text, enc = decode_html(GBK_HTML.encode("gbk"), "GB2312")
    assert enc == "gb18030" and "张喆 李堃" in text


def test_gbk_declared_in_meta():
    body = page("<p>张喆</p>", '<meta http-equiv="Content-Type" content="text/html; charset=gbk">')
    assert decode_html(body.encode("gbk")) == (body, "gb18030")
    body = page("<p>李堃</p>", '<meta charset="gb2312">')
    assert decode_html(body.encode("gbk")) == (body, "gb18030")


def test_gbk_undeclared_falls_back_to_gb18030():
    assert decode_html(GBK_HTML.encode("gbk")) == (GBK_HTML, "gb18030")


def test_utf8_mislabelled_as_gbk_header():
    text = page("<p>张喆 €</p>")
    assert decode_html(text.encode("utf-8"), "utf-8") == (text, "utf-8")
    # declared utf-8 but really GBK: strict utf-8 fails, gb18030 succeeds
    assert decode_html(GBK_HTML.encode("gbk"), "utf-8") == (GBK_HTML, "gb18030")


def test_utf16_bom_beats_gb2312_declaration():
    html = page("<p>发布时间：2024-09-30 09:24</p>", '<meta charset="gb2312">')
    body = codecs.BOM_UTF16_LE + html.encode("utf-16-le")
    assert decode_html(body, "gb2312") == (html, "utf-16")
    assert decode_html(codecs.BOM_UTF16_BE + html.encode("utf-16-be")) == (html, "utf-16")
    assert decode_html(codecs.BOM_UTF8 + html.encode("utf-8"), "gbk") == (html, "utf-8")


def test_unknown_declaration_and_garbage():
    text, enc = decode_html(b"<p>\xff\xfe\xfd\x80</p>", "x-unknown")
    assert enc in {"utf-8", "gb18030"} and text.startswith("<p>")
    assert decode_html(b"", "GBK") == ("", "gb18030")
    assert normalize_encoding("x-gbk") == "gb18030"
    assert normalize_encoding("UTF8") == "utf-8"
    assert normalize_encoding("nonsense") is None


# --- meta ---------------------------------------------------------------------------------------


def test_extract_meta_case_order_quotes_and_empty():
    head = (
        '<meta content="3702000025" name="SiteIDCode" />'
        "<META NAME='pubdate' CONTENT='2022-12-06 08:56'>"
        '<meta name="ColumnName" content="">'
        '<meta name="Maketime" content="2019-03-22 12:28:37">'
        '<meta name="ArticleTitle" content=" 标题 ">'
        '<meta name="articletitle" content="第二个">'
        '<!-- <meta name="SiteName" content="注释里的"> -->'
    )
    meta = extract_meta(parse_html(page("", head)))
    assert meta == {"SiteIDCode": "3702000025", "PubDate": "2022-12-06 08:56", "ColumnName": "", "ArticleTitle": "标题"}


# --- article: publish date ----------------------------------------------------------------------


def article(body: str, head: str = "", url: str = URL, **kw):
    return extract_article(page(body, head), url, **kw)


@pytest.mark.parametrize(
    ("body", "expected", "time"),
    [
        ("<span>发布时间：2026-11-10 10:08</span>", date(2026, 11, 10), "10:08"),
        ("<p><strong>发布日期</strong>：2026年11月10日</p>", date(2026, 11, 10), None),
        ("<span>发布日期 : 2026-11-10</span>", date(2026, 11, 10), None),
        ("<td>发布时间：\n  <span>2026-11-10</span></td>", date(2026, 11, 10), None),
        ("<span>时间：2026年11月10日</span>", date(2026, 11, 10), None),
        ("<span>日期∶2026-11-10 10∶08</span>", date(2026, 11, 10), "10:08"),
        ("<span>发文日期：2026.11.10</span>", date(2026, 11, 10), None),
        ("<span>更新时间：2026/11/10</span>", date(2026, 11, 10), None),
        ("<span>发布时间：2026-11-10&nbsp;&nbsp;&nbsp;来源：本站</span>", date(2026, 11, 10), None),
        ('<span id="pubtime">\n2026年11月10日 09:15\n</span>', date(2026, 11, 10), "09:15"),
        ('<div class="info-pubtime">2026-11-10</div>', date(2026, 11, 10), None),
        ('<span class="fbsj">[2026-11-10]</span>', date(2026, 11, 10), None),
    ],
)
def test_labelled_date(body, expected, time):
    got = article(body, '<meta name="PubDate" content="2026-11-19 16:00:26">')
    assert (got.published, got.published_time, got.published_status) == (expected, time, "ok")
    assert got.published_from in {"label", "weak-label", "element"} and got.date_shown
    assert got.meta_date == date(2026, 11, 19)
    assert got.url_date == date(2026, 11, 18)


def test_decoys_are_never_the_publish_date():
    body = (
        '<img src="a.png" alt="时间：2020-01-01" title="发布时间：2020-01-02">'
        '<div style="display:none">Produced By CMS publishdate:2024/01/05 22:09:58 发布时间：2024-01-05</div>'
        "<!-- <p>发布日期：2020-01-03</p> --><script>var s = '发布时间：2020-01-04';</script>"
        "<td>生成日期: 2026-11-19</td><td>成文日期：2026-11-01</td><p>页面生成时间：2026-11-19</p>"
        "<p>打印时间：2026-11-19</p><p>会议时间：2026年12月1日</p>"
        "<p>发布日期：2026-11-15</p><div class='footer'>Copyright © 2026 版权所有</div>"
    )
    head = '<meta name="Maketime" content="2026-11-19 12:28:37"><meta name="others" content="页面生成时间 2026-11-19">'
    got = article(body, head)
    assert (got.published, got.published_from, got.published_raw) == (date(2026, 11, 15), "label", "2026-11-15")


def test_generation_and_creation_dates_are_a_last_resort():
    """A shown 生成日期 that is the only date is taken (it is shown, not nothing); any publish evidence beats it."""
    got = article("<p>成文日期：2026-11-01</p><p>生成日期：2026-11-02</p>", url="http://example.gov.cn/a.html")
    assert (got.published, got.published_from, got.date_shown) == (date(2026, 11, 2), "generated", True)
    only_written = article("<p>成文日期：2026-11-01</p>", url="http://example.gov.cn/a.html")
    assert (only_written.published, only_written.published_from) == (date(2026, 11, 1), "document")
    with_url = article("<p>生成日期：2026-11-02</p>", url="http://example.gov.cn/art/2026/10/30/art_1_2.html")
    assert (with_url.published, with_url.published_from) == (date(2026, 10, 30), "url")


def test_meta_pubdate_fallback_with_chinese_form():
    got = article("<p>正文</p>", '<meta name="PubDate" content="2020年08月02日">')
    assert (got.published, got.published_from, got.published_raw) == (date(2020, 8, 2), "meta", "2020年08月02日")


def test_meta_pubdate_two_spaces_and_time():
    got = article("<p>正文</p>", "<meta name='pubdate' content='2023-11-30  14:52'>")
    assert (got.published, got.published_time, got.published_from) == (date(2023, 11, 30), "14:52", "meta")


def test_url_fallback_then_nothing():
    got = article("<p>正文</p>", url="http://example.gov.cn/art/2026/11/3/art_1_2.html")
    assert (got.published, got.published_from, got.published_status) == (date(2026, 11, 3), "url", "ok")
    none = article("<p>正文</p>", url="http://example.gov.cn/art/2020/art_0a1b2c.html")
    assert (none.published, none.published_from, none.published_status, none.url_date) == (None, None, None, None)


def test_future_and_invalid_labelled_dates():
    future = article("<p>发布时间：2027-01-05</p>", as_of=date(2026, 11, 20))
    assert (future.published, future.published_status) == (date(2027, 1, 5), "future")
    invalid = article("<p>发布日期：2026-02-30</p>", '<meta name="PubDate" content="2026-02-28">')
    assert (invalid.published, invalid.published_status, invalid.published_raw) == (None, "invalid", "2026-02-30")
    assert invalid.published_from == "label" and invalid.meta_date == date(2026, 2, 28)


def test_yearless_label_uses_as_of():
    got = article("<p>发布时间：12-30</p>", url="http://example.gov.cn/a.html", as_of=date(2027, 1, 3))
    assert (got.published, got.published_from) == (date(2026, 12, 30), "label")


def test_date_selector_override():
    body = "<p>发布时间：2026-11-10</p><div class='riqi'>2026-11-12</div>"
    got = article(body, date_selector="div.riqi")
    assert (got.published, got.published_from) == (date(2026, 11, 12), "selector")
    fallback = article(body, date_selector="div.nothing")
    assert (fallback.published, fallback.published_from) == (date(2026, 11, 10), "label")


# --- article: title -----------------------------------------------------------------------------


def test_title_prefers_meta_article_title():
    head = '<meta name="ArticleTitle" content="关于开展检查的通知"><title>别的_某市人民政府</title>'
    assert article("<h1>页面标题</h1>", head).title == "关于开展检查的通知"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("关于开展检查的通知_某市人民政府", "关于开展检查的通知"),
        ("关于开展检查的通知-某市人民政府网", "关于开展检查的通知"),
        ("关于开展检查的通知 - 某市人民政府门户网站", "关于开展检查的通知"),
        ("关于开展检查的通知_通知公告_某市人民政府", "关于开展检查的通知"),
        ("1-10月全县固定资产投资结构趋稳", "1-10月全县固定资产投资结构趋稳"),
    ],
)
def test_title_from_title_tag_without_site_suffix(title, expected):
    names = '<meta name="SiteName" content="某市人民政府"><meta name="ColumnName" content="通知公告">'
    head = f"<title>{title}</title>{names}"
    assert article("<p>正文</p>", head).title == expected


def test_title_prefers_full_heading_over_truncated_title():
    head = "<title>关于开展2026年度政务公开检查工作...</title>"
    body = "<h3><a href='/'>首 页</a></h3><h1 class='t'>关于开展2026年度政务公开检查工作的通知</h1>"
    assert article(body, head).title == "关于开展2026年度政务公开检查工作的通知"


def test_title_tag_that_is_only_the_site_name():
    head = '<title>某市重大项目办公室</title><meta name="SiteName" content="某市重大项目建设办公室">'
    body = (
        "<div class='nav'><h3><a href='/'>首页</a></h3></div>"
        "<div class='bt'><h3 class='title'>市直机关举办书法讲座</h3><span>时间：2026年11月14日</span></div>"
    )
    got = article(body, head)
    assert (got.title, got.published) == ("市直机关举办书法讲座", date(2026, 11, 14))
    assert (
        article(
            "<p>x</p>", "<title>某市重大项目建设办公室</title><meta name='SiteName' content='某市重大项目建设办公室'>"
        ).title
        is None
    )


def test_title_ignores_hidden_heading_and_wrapper():
    body = (
        "<div style='display:none' id='NewsArticleTitle'>隐藏标题</div>"
        "<div class='main-title'><h1 class='title'>\n真正的标题\n</h1><span id='pubtime'>2026-11-10</span></div>"
    )
    assert article(body).title == "真正的标题"


def test_title_selector_override():
    head = '<meta name="ArticleTitle" content="元标题">'
    assert article("<span class='txt2'>选择器标题</span>", head, title_selector="span.txt2").title == "选择器标题"


def test_no_title_at_all():
    assert article("<p>正文</p>").title is None


# --- dates as evidence: forms real portals use ----------------------------------------------------


def test_unlabelled_byline_date_beside_source():
    body = ('<div class="meta">2024-03-03 15:54:07 <span>来源：市文化和旅游局</span> <span>阅读：</span></div>'
            "<div class='TRS_Editor'><p>报名时间：2024年3月7日。</p><p>市文旅局</p><p>2024年3月1日</p></div>")
    got = article(body, '<meta name="PubDate" content="2024-03-03 15:54:07">')
    assert (got.published, got.published_time, got.published_from) == (date(2024, 3, 3), "15:54", "byline")


def test_byline_with_chinese_hours_and_a_generation_time_pubdate():
    head = ('<meta name="PubDate" content="2022-10-14 10:16:14">'
            '<meta name="others" content="页面生成时间 2022-10-14 10:16:14">')
    body = ('<ul class="attr"><li>2020年09月15日 09时32分</li><li>来源：省卫生健康委</li></ul>'
            '<div class="xglj">相关链接 <a href="/a/2020/9/10/x.shtml">某文</a> 2020-09-10</div>')
    got = article(body, head, url="http://example.gov.cn/10462/2020/9/15/abc.shtml")
    assert (got.published, got.published_time, got.published_from) == (date(2020, 9, 15), "09:32", "byline")
    meta = next(c for c in got.date_candidates if c.where == "meta[name=PubDate]")
    assert meta.source == "decoy" and "页面生成时间" in meta.note


def test_icon_title_is_a_label():
    body = ('<ul><li class="date"><i><img src="icon.png" title="发布时间"></i><span>2023-12-05</span></li>'
            '<li class="ly"><i><img src="i2.png" title="来源"></i><span>市政府</span></li></ul>')
    got = article(body, url="http://example.gov.cn/post_9360641.html")
    assert (got.published, got.published_from) == (date(2023, 12, 5), "label")


def test_header_today_date_and_other_articles_lose():
    body = ('<div class="top"><span id="date">2023年10月11日 星期三</span></div>'
            "<h1>标题</h1><p>来源：本站</p><p>正文……</p>"
            '<div class="prev-next">上一篇：<a href="/a.html">旧文</a> 发布时间：2023-01-02</div>')
    got = article(body, '<meta name="PubDate" content="2017-05-15 10:49:00">',
                  url="http://example.gov.cn/tjgb/201705/9c05.shtml")
    assert (got.published, got.published_from) == (date(2017, 5, 15), "meta")
    assert not got.date_shown
    notes = {c.raw: c.note for c in got.date_candidates if c.source == "decoy"}
    assert notes["2023年10月11日"] == "页头显示的当天日期"
    assert "其他文章" in notes["2023-01-02"]


def test_firstpublishedtime_and_script_variable():
    head = ('<meta name="firstpublishedtime" content="2007-08-20-23:59:59">'
            '<meta name="lastmodifiedtime" content="2023-10-23-11:23:36">')
    got = article("<p>决议正文</p>", head, url="http://example.gov.cn/gongbao/content/2007/content_711039.htm")
    assert (got.published, got.published_from, got.date_shown) == (date(2007, 8, 20), "meta", False)
    script = article("<p>发布时间：<span id='fbsj'></span></p><script>var pubdata='2020年11月27日';</script>")
    assert (script.published, script.published_from) == (date(2020, 11, 27), "script")


def test_shown_date_beats_url_and_url_is_a_cross_check():
    got = article("<p><span>日期：2024-07-22</span><span>来源：本委</span></p>",
                  url="http://example.gov.cn/zwgk/202407/t20240723_1.html")
    assert (got.published, got.url_date) == (date(2024, 7, 22), date(2024, 7, 23))
    winner = next(c for c in got.date_candidates if c.note.startswith("采用"))
    assert winner.source == "weak-label"
    assert any(c.source == "url" and c.value == date(2024, 7, 23) for c in got.date_candidates)


def test_yearless_shown_date_takes_the_year_of_the_url():
    got = article("<p>发布时间：10-19</p>", url="http://example.gov.cn/xw/202210/t20221019_5.html",
                  as_of=date(2026, 11, 20))
    assert got.published == date(2022, 10, 19)


def test_url_numbers_that_only_look_like_dates_are_not_dates():
    got = article("<p>正文</p>", url="http://example.gov.cn/zxw/t18993630.shtml")
    assert (got.published, got.url_date) == (None, None)


def test_an_events_dates_are_never_its_publish_date():
    """开始时间/结束时间/活动时间/截止时间/报名时间 say when the event is, not when the page was published."""
    html = page("""<div class="main"><h1>关于开展青年志愿服务活动的通知</h1>
    <div class="info"><p>活动时间：2026-11-20</p><p>开始时间：2026-11-20 09:00</p><p>结束时间：2026-11-25 17:00</p>
    <p>报名截止时间：2026-11-15</p></div><div class="content"><p>为深入开展志愿服务活动，现将有关事项通知如下。
    一、活动内容。二、参加对象。三、有关要求。请各单位认真组织，按时报名参加。</p></div></div>""",
                '<meta name="PubDate" content="2026-11-02 09:00">')
    article = extract_article(parse_html(html), "http://example.gov.cn/zwgk/tzgg/detail.html?id=9",
                              as_of=date(2026, 11, 30))
    assert (article.published, article.published_from) == (date(2026, 11, 2), "meta")
    decoys = {c.value for c in article.date_candidates if c.source == "decoy"}
    assert {date(2026, 11, 20), date(2026, 11, 25), date(2026, 11, 15)} <= decoys
