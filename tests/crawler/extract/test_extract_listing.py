"""Entries of list pages across CMS families: the main list only, with titles, absolute URLs and dates."""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest

from crawler.extract.listing import (
    absolute_url,
    extract_datastore_entries,
    extract_entries,
    is_article_url,
    is_script_row,
)

AS_OF = date(2026, 11, 20)
COLUMN = "http://127.0.0.1:8000/zwgk/gzdt/"

TRS_TABLE = """<HTML><BODY>
<TABLE><TR><TD><A href="../../">首页</A></TD><TD><A href="../">政务公开</A></TD></TR></TABLE>
<TABLE class="left"><TR><TD><A href="./">工作动态</A></TD></TR><TR><TD><A href="../tzgg/">通知公告</A></TD></TR>
<TR><TD><A href="../zcwj/">政策文件</A></TD></TR><TR><TD><A href="../rsxx/">人事信息</A></TD></TR></TABLE>
<TD class="pos"><A href="../../">首页</A>&gt;&gt;<A href="../">政务公开</A>&gt;&gt;<A href="./">工作动态</A></TD>
<TABLE><TBODY>
<TR><TD height=25><IMG src="dot.gif">&nbsp;<A
 href="./202611/t20261118_1001.html">清河市召开全市安全生产工作会议</A></TD>
<TD width="60">
   2026-11-18
</TD></TR>
<TR><TD><A href="./202611/t20261115_1000.html">市发改委开展节能宣传周活动</A></TD><TD>2026-11-15</TD></TR>
<TR height=1><TD colspan=2 class="GroupBlankLine"></TD></TR>
<TR><TD><A href="./202610/t20261030_999.html">清河市第四季度重点项目集中开工</A></TD><TD>2026-10-30</TD></TR>
</TBODY></TABLE>
<script>createPageHTML(3, 0, "index", "html");</script>
<a href="index_1.html">下一页</a> <a href="index_2.html">尾页</a>
<div class="footer"><a href="/wzdt/">网站地图</a> <a href="/lxwm/">联系我们</a></div>
</BODY></HTML>"""


def test_trs_table_rows_with_spacer_rows_and_uppercase_tags():
    entries = extract_entries(TRS_TABLE, COLUMN, as_of=AS_OF)
    assert [e.title for e in entries] == [
        "清河市召开全市安全生产工作会议", "市发改委开展节能宣传周活动", "清河市第四季度重点项目集中开工"]
    assert entries[0].url == COLUMN + "202611/t20261118_1001.html"
    assert entries[0].date == date(2026, 11, 18) and entries[0].date_status == "ok"
    assert entries[0].date_raw == "2026-11-18"
    assert entries[2].date == date(2026, 10, 30)


UL_LIST = """<html><body>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul>
<div class="side"><h3>相关栏目</h3><ul><li><a href="/zwgk/tzgg/">通知公告</a></li>
<li><a href="/zwgk/zcwj/">政策文件</a></li>
<li><a href="/zwgk/ghjh/">规划计划</a></li><li><a href="/zwgk/rsxx/">人事信息</a></li>
<li><a href="/zwgk/czzj/">财政资金</a></li></ul></div>
<div class="list"><ul>
 <li><a href="/zwgk/gzdt/content_3.html"
   title="关于开展2026年度政府信息公开工作检查的通知全文">关于开展2026年度政府信息公开工作…</a>
   <span>[2026-11-18]</span></li>
 <li><a href="/zwgk/gzdt/content_2.html#top">市政府召开常务会议</a><span>2026年11月02日</span></li>
 <li><a href="/zwgk/gzdt/content_2.html">市政府召开常务会议</a><span>2026年11月02日</span></li>
 <!--<li><a href="/zwgk/gzdt/content_1.html">已撤下的旧稿</a><span>2026-10-01</span></li>-->
 <li><a href="/zwgk/gzdt/content_0.html">全市秋冬季森林防火工作部署会召开</a><span>2026-10-09</span></li>
</ul>
<div class="page"><a href="?page=2">下一页</a><a href="?page=5">尾页</a><a href="?page=2">2</a></div></div>
</body></html>"""


def test_ul_list_ignores_nav_sidebar_pager_and_comments():
    entries = extract_entries(UL_LIST, "http://127.0.0.1:8000/zwgk/gzdt/", as_of=AS_OF)
    assert [e.url for e in entries] == [
        "http://127.0.0.1:8000/zwgk/gzdt/content_3.html",
        "http://127.0.0.1:8000/zwgk/gzdt/content_2.html",
        "http://127.0.0.1:8000/zwgk/gzdt/content_0.html",
    ]
    assert entries[0].title == "关于开展2026年度政府信息公开工作检查的通知全文"
    assert entries[0].date == date(2026, 11, 18)
    assert entries[1].date == date(2026, 11, 2)
    assert all("已撤下" not in e.title for e in entries)


DL_WITH_TEMPLATE = """<html><body>
<div class="tabs"><dl><dt>标题</dt><dt>发布日期</dt></dl>
<div class="rows" ms-visible="showStatic">
  <dl><dd><a href="./202603/t20260310_5.htm" title="2025年度政府信息公开工作年度报告">
    2025年度政府信息公开工作年度报告</a></dd>
      <dd>
        2026-03-10
      </dd></dl>
  <dl><dd><a href="./202503/t20250310_4.htm">2024年度政府信息公开工作年度报告</a></dd><dd> 2025-03-10 </dd></dl>
</div>
<div class="rows" ms-visible="!showStatic" style="display: none">
  <dl ms-repeat="list"><dd><a ms-attr-href="el.chnldocurl" ms-text="el.doctitle|html"></a></dd>
  <dd ms-text="el.docreltime|date('yyyy-MM-dd')"></dd></dl>
</div>
<ul class="tpl"><li v-for="d in docs"><a href="{{d.url}}">{{d.title}}</a><span>{{d.date}}</span></li>
<li v-for="d in more"><a href="/x/{{d.id}}.html">{{ d.title }}</a><span>2026-01-01</span></li></ul>
</div></body></html>"""


def test_dl_dd_rows_and_hidden_template_lists():
    entries = extract_entries(DL_WITH_TEMPLATE, "https://127.0.0.1/zfxxgk/nb/", as_of=AS_OF)
    assert [(e.title, e.date) for e in entries] == [
        ("2025年度政府信息公开工作年度报告", date(2026, 3, 10)),
        ("2024年度政府信息公开工作年度报告", date(2025, 3, 10)),
    ]
    assert entries[0].url == "https://127.0.0.1/zfxxgk/nb/202603/t20260310_5.htm"


def test_list_with_one_entry():
    html = """<html><body><ul class="menu"><li><a href="/a/">机构概况</a></li><li><a href="/b/">政策文件</a></li>
    <li><a href="/c/">人事信息</a></li><li><a href="/d/">财政信息</a></li></ul>
    <div class="list"><ul><li><a href="./202611/t20261101_1.html">唯一的一条信息</a>
    <span>2026-11-01</span></li></ul></div>
    </body></html>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    assert len(entries) == 1
    assert entries[0].title == "唯一的一条信息" and entries[0].date == date(2026, 11, 1)


def test_year_less_dates_take_the_latest_year_not_after_as_of():
    html = """<ul><li><a href="/n/101.html">十一月的新闻</a><span>11-18</span></li>
    <li><a href="/n/100.html">去年年底的新闻</a><span>12-25</span></li></ul>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    assert entries[0].date == date(2026, 11, 18)
    assert entries[1].date == date(2025, 12, 25)


def test_impossible_and_future_dates_keep_their_status():
    html = """<ul><li><a href="/n/201.html">日期错误的信息</a><span>2026-13-45</span></li>
    <li><a href="/n/202.html">日期在未来的信息</a><span>2027-01-05</span></li>
    <li><a href="/n/203.html">没有日期的信息</a></li>
    <li><a href="/n/204.html">正常的信息</a><span>2026-11-01</span></li></ul>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    invalid, future, undated, normal = entries
    assert (invalid.date, invalid.date_status, invalid.date_raw) == (None, "invalid", "2026-13-45")
    assert (future.date, future.date_status) == (date(2027, 1, 5), "future")
    assert (undated.date, undated.date_status, undated.date_raw) == (None, None, None)
    assert normal.date_status == "ok"


def test_flat_rows_date_after_the_link():
    html = """<table><tr><td class="list">
    <a href="/x/t20261110_7.html">第一条</a> 2026-11-10<br>
    <a href="/x/t20261109_6.html">第二条</a> 2026-11-09<br>
    </td></tr></table>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    assert [(e.title, e.date) for e in entries] == [("第一条", date(2026, 11, 10)), ("第二条", date(2026, 11, 9))]


HANWEB_PAGE = """<html><body><div class="nav"><a href="/">首页</a><a href="/col/col1/">机构</a></div>
<div id="4958"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2026/11/18/art_1229_3.html" title="关于2026年冬季供暖的通告"
 target="_blank">关于2026年冬季供暖的…</a><span>2026-11-18</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2026/11/2/art_1229_2.html">市发改委召开党组会议</a>
<span>2026-11-02</span></li>]]></record>
</recordset></datastore></script></div>
<script>$('#4958').jpage({totalRecord:2, perPage:15, proxyUrl:'/module/web/jpage/dataproxy.jsp'});</script>
</body></html>"""


def test_hanweb_datastore_records_are_entries():
    entries = extract_entries(HANWEB_PAGE, "http://127.0.0.1:8000/col/col1229/index.html", as_of=AS_OF)
    assert [e.title for e in entries] == ["关于2026年冬季供暖的通告", "市发改委召开党组会议"]
    assert entries[0].url == "http://127.0.0.1:8000/art/2026/11/18/art_1229_3.html"
    assert entries[1].date == date(2026, 11, 2)


def test_dataproxy_answer():
    xml = """<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[]]></nextgroup><recordset>
    <record><![CDATA[<tr><td><a href="/art/2026/10/1/art_1229_1.html">十月的通知</a></td>
    <td>2026-10-01</td></tr>]]></record>
    <record><![CDATA[<li><a href="/art/2026/9/30/art_1229_0.html">九月的通知</a><span>09-30</span></li>]]></record>
    </recordset></datastore>"""
    entries = extract_datastore_entries(xml, "http://127.0.0.1:8000/module/web/jpage/dataproxy.jsp", as_of=AS_OF)
    assert [(e.url.rsplit("/", 1)[1], e.date) for e in entries] == [
        ("art_1229_1.html", date(2026, 10, 1)), ("art_1229_0.html", date(2026, 9, 30))]


def test_selector_overrides_replace_the_heuristic():
    html = """<div class="news"><div class="item"><h4><a href="/n/1.html">甲</a></h4><em>发布 2026/11/03</em>
    <i>2020-01-01</i></div><div class="item"><h4><a href="/n/2.html">乙</a></h4><em>2026.11.04</em></div></div>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF, item_selector="div.item", title_selector="h4 a",
                              date_selector="em")
    assert [(e.title, e.date) for e in entries] == [("甲", date(2026, 11, 3)), ("乙", date(2026, 11, 4))]
    xpath = extract_entries(html, COLUMN, item_selector="//div[@class='item']", title_selector=".//h4/a")
    assert [e.url for e in xpath] == ["http://127.0.0.1:8000/n/1.html", "http://127.0.0.1:8000/n/2.html"]


def test_page_of_navigation_only_has_no_entries():
    html = """<ul><li><a href="/a/">机构概况</a></li><li><a href="/b/">政策文件</a></li></ul>
    <p>本栏目暂无信息</p>"""
    assert extract_entries(html, COLUMN, as_of=AS_OF) == []


def test_article_url_shapes():
    assert is_article_url("http://h/zwgk/202611/t20261118_1.html")
    assert is_article_url("http://h/art/2026/11/18/art_12_34.html")
    assert is_article_url("http://h/news/detail.jsp?id=88")
    assert not is_article_url("http://h/zwgk/gzdt/")
    assert not is_article_url("http://h/zwgk/gzdt/index_1.html")


# ---------------------------------------------------------------- read_page (`patrol page` and the crawl)

def test_read_page_gbk_list_page():
    from crawler.extract.reader import read_page

    html = TRS_TABLE.replace("<HTML>", '<HTML><HEAD><meta charset="gb2312"><TITLE>工作动态</TITLE></HEAD>')
    result = read_page(html.encode("gbk"), COLUMN, as_of=AS_OF).as_json()
    assert result["encoding"] == "gb18030"
    assert result["kind"] == "list"
    assert result["entries"][0] == {"title": "清河市召开全市安全生产工作会议",
                                    "url": COLUMN + "202611/t20261118_1001.html", "date": "2026-11-18"}
    assert result["next"] == [COLUMN + "index_1.html", COLUMN + "index_2.html"]
    assert set(result) == {"url", "status", "encoding", "kind", "title", "published", "published_time",
                           "published_from", "date_candidates", "meta", "identifiers", "entries", "next",
                           "list_area", "not_entries"}  # a list says where it was read and what was left out


def test_read_page_hanweb_list_offers_dataproxy_requests():
    from crawler.extract.reader import read_page

    html = HANWEB_PAGE.replace("totalRecord:2", "totalRecord:40")
    result = read_page(html.encode("utf-8"), "http://127.0.0.1:8000/col/col1229/index.html", as_of=AS_OF).as_json()
    assert result["kind"] == "list"
    assert result["next"] == [
        "http://127.0.0.1:8000/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=15"
    ] + [f"http://127.0.0.1:8000/module/web/jpage/dataproxy.jsp?startrecord={s}&endrecord={s + 1}&perpage=15"
         for s in range(5, 40, 2)]


def test_read_page_article_content_page_and_other():
    from crawler.extract.reader import read_page

    prose = "<p>" + "本机关依法公开政府信息，公民、法人和其他组织可以通过网站查阅相关内容。" * 8 + "</p>"
    article = f"""<html><head><meta name="ArticleTitle" content="关于冬季供暖的通告"><title>通告</title></head>
    <body><h1>关于冬季供暖的通告</h1><div class="info">发布时间：2026-11-18 09:30</div>
    <div class="content">{prose}</div></body></html>"""
    result = read_page(article.encode("utf-8"), COLUMN + "202611/t20261118_1.html", as_of=AS_OF).as_json()
    assert (result["kind"], result["published"], result["published_from"]) == ("article", "2026-11-18", "label")
    assert result["meta"]["ArticleTitle"] == "关于冬季供暖的通告"
    guide = f"<html><body><h1>政府信息公开指南</h1><div class='content'>{prose}</div></body></html>"
    assert read_page(guide.encode("utf-8"), COLUMN + "zn/", as_of=AS_OF).as_json()["kind"] == "page"
    assert read_page(b"", COLUMN, status=404).as_json()["kind"] == "other"


def test_breadcrumb_self_link_and_header_row_are_not_entries():
    """A table CMS: the column's title link, the breadcrumb and a header row share the rows' table."""
    html = """<html><body><table class="list">
    <tr><td colspan="2">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
        <a href="/zwgk/gzdt/index.html">工作动态</a></td></tr>
    <tr><td><a href="./">工作动态</a></td><td><a href="/zwgk/gzdt/index.html">更多</a></td></tr>
    <tr><th><a href="?order=title">标题</a></th><th><a href="?order=date">发布日期</a></th></tr>
    <tr><td><a href="/zwgk/gzdt/202611/t20261118_3.html">清河市召开防汛工作会议</a></td><td>2026-11-18</td></tr>
    <tr><td><a href="/zwgk/gzdt/202611/t20261110_2.html">市政府召开常务会议</a></td><td>2026-11-10</td></tr>
    <tr><td><a href="/zwgk/gzdt/202610/t20261030_1.html">全市秋粮收购工作启动</a></td><td>2026-10-30</td></tr>
    </table></body></html>"""
    for page in (COLUMN, COLUMN + "index.html", COLUMN + "index_2.html"):
        entries = extract_entries(html, page, as_of=AS_OF)
        assert [e.title for e in entries] == ["清河市召开防汛工作会议", "市政府召开常务会议", "全市秋粮收购工作启动"]


def test_dated_script_rows_are_the_entries_and_the_sidebar_is_not():
    """Dated rows whose links are all `javascript:;` are what a reader sees listed (title and date, the page
    opened by script): they are the entries, each with a stable address of its own that is never fetched;
    the sidebar's links are not taken for them."""
    rows = "".join(f'<li><span> 2017-06-{20 + i} </span><a href="javascript:;"><a href="javascript:;">处室{i}</a></li>'
                   for i in range(6))
    html = f"""<html><body><div class="main"><div class="side"><ul><li><a href="../dwjj/index.html">单位简介</a></li>
    <li><a href="../znjs/index.html">职能介绍</a></li><li><a href="">机构设置</a></li></ul></div>
    <div class="list"><ul>{rows}</ul></div></div>
    <div class="footer"><a href="/zddt/index.html">网站地图</a> 版权所有 © 2017</div></body></html>"""
    entries = extract_entries(html, "http://127.0.0.1:8000/jgjj/jgsz/", as_of=AS_OF)
    assert [(e.title, e.date.isoformat() if e.date else None) for e in entries] == [
        (f"处室{i}", f"2017-06-{20 + i}") for i in range(6)]
    assert all(is_script_row(e.url) and e.url.startswith("http://127.0.0.1:8000/jgjj/jgsz/#row-") for e in entries)
    assert len({e.url for e in entries}) == 6
    again = extract_entries(html, "http://127.0.0.1:8000/jgjj/jgsz/", as_of=AS_OF)
    assert [e.url for e in again] == [e.url for e in entries]  # stable across readings (and runs)


def test_script_rows_name_their_page_when_the_script_or_a_data_attribute_does():
    html = """<html><body><ul class="list">
    <li><a href="javascript:void(0)" onclick="window.open('/art/2020/12/16/art_1_9.html')">甲通知</a>
        <span>2020-12-16</span></li>
    <li><a href="javascript:;" data-href="detail.html?id=77">乙通知</a><span>2020-12-15</span></li>
    <li><a href="javascript:;" onclick="showDetail('88')">丙通知</a><span>2020-12-14</span></li>
    <li><a href="javascript:;">未标日期的菜单项</a></li></ul></body></html>"""
    entries = extract_entries(html, "http://127.0.0.1:8000/col/", as_of=AS_OF)
    assert [e.url for e in entries[:2]] == ["http://127.0.0.1:8000/art/2020/12/16/art_1_9.html",
                                             "http://127.0.0.1:8000/col/detail.html?id=77"]
    assert is_script_row(entries[2].url) and entries[2].title == "丙通知"
    assert [e.title for e in entries] == ["甲通知", "乙通知", "丙通知"]  # an undated script link is no row


def test_date_before_the_link_and_nested_unclosed_anchors():
    html = """<ul class="sidebar"><li><a href="javascript:;">机构职能</a></li>
    <li><a href="javascript:;">领导信息</a></li></ul>
    <ul><li><span> 2019-05-22 </span><a href="202001/t20200102_7.html">
    <a href="202001/t20200102_7.html">实施方案</a></li>
    <li><span> 2019-11-25 </span><a href="201912/t20191216_6.html"><a href="201912/t20191216_6.html">工作方案</a></li>
    </ul>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    assert [(e.title, e.url, e.date) for e in entries] == [
        ("实施方案", COLUMN + "202001/t20200102_7.html", date(2019, 5, 22)),
        ("工作方案", COLUMN + "201912/t20191216_6.html", date(2019, 11, 25))]


def test_pinned_rows_are_marked_and_keep_their_dates():
    html = """<ul class="list">
    <li class="top"><a href="./202401/t20240105_1.html">2024年政务公开工作要点</a><span>2024-01-05</span></li>
    <li><img src="/images/zhiding.gif"><a href="./202503/t20250301_2.html">信息公开指南</a><span>2025-03-01</span></li>
    <li><a href="./202611/t20261118_9.html"><b>[置顶]</b>关于做好冬季安全生产的通知</a><span>2026-11-18</span></li>
    <li><a href="./202611/t20261117_8.html">清河市召开全市经济工作会议</a><span>2026-11-17</span></li>
    <li><a href="./202611/t20261112_7.html">市发改委开展节能宣传周活动</a><span>2026-11-12</span></li>
    </ul>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    assert [e.pinned for e in entries] == [True, True, True, False, False]
    assert entries[2].title == "关于做好冬季安全生产的通知"
    assert entries[0].date == date(2024, 1, 5)
    assert max(e.date for e in entries) == date(2026, 11, 18)


def test_year_less_dates_take_the_year_of_their_url():
    html = """<ul class="list">
    <li><a href="./202411/t20241119_5.html">二〇二四年的冬季防火通知</a><span>11-19</span></li>
    <li><a href="/art/2024/10/19/art_12_4.html">汉云格式的地址</a><span>10月19日</span></li>
    <li><a href="/news/2024/10-08/3.html">目录日期</a><span>10-08</span></li>
    <li><a href="./202501/t20250102_2.html">跨年入库的稿件</a><span>12-30</span></li>
    <li><a href="./202409/9.html">月份目录</a><span>09-03</span></li>
    </ul>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    assert [e.date for e in entries] == [date(2024, 11, 19), date(2024, 10, 19), date(2024, 10, 8),
                                         date(2024, 12, 30), date(2024, 9, 3)]
    assert all(e.yearless and e.date_status == "ok" for e in entries)


def test_year_less_dates_without_url_dates_follow_the_list_context():
    html = """<ul class="list">
    <li><a href="/n/105.html">第五条</a><span>2025-01-06</span></li>
    <li><a href="/n/104.html">第四条</a><span>12-28</span></li>
    <li><a href="/n/103.html">第三条</a><span>11-19</span></li>
    <li><a href="/n/102.html">第二条</a><span>2024-11-02</span></li>
    </ul>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    assert [e.date for e in entries] == [date(2025, 1, 6), date(2024, 12, 28), date(2024, 11, 19), date(2024, 11, 2)]


def test_year_less_url_without_a_matching_date_falls_back_to_as_of():
    html = """<ul><li><a href="./202303/t20230301_1.html">地址日期相差太远</a><span>11-18</span></li>
    <li><a href="/n/100.html">无地址日期</a><span>12-25</span></li></ul>"""
    entries = extract_entries(html, COLUMN, as_of=AS_OF)
    assert [e.date for e in entries] == [date(2026, 11, 18), date(2025, 12, 25)]


def test_dates_inside_the_link_text_make_the_list_and_the_menu_is_not_it():
    """`标题(2020-12-16)`: the date is in the link's text; the left menu's many links are not the list."""
    menu = "".join(f'<li><a href="/col{i}/">栏目{i}</a></li>' for i in range(21))
    rows = "".join(f'<li><a href="./t202012{16 - i:02d}_{i}.html">关于做好第{i}项工作的通知'
                   f'(2020-12-{16 - i:02d})</a></li>' for i in range(5))
    html = f"""<html><body><div class="left"><ul>{menu}</ul></div>
    <div class="right"><ul class="list">{rows}</ul></div></body></html>"""
    entries = extract_entries(html, "http://127.0.0.1:8000/tzgg/", as_of=AS_OF)
    assert [(e.title, e.date.isoformat()) for e in entries] == [
        (f"关于做好第{i}项工作的通知", f"2020-12-{16 - i:02d}") for i in range(5)]


@pytest.mark.parametrize("base", ["http://www.qh.gov.cn/xxgk/zcwj/index_2.html?x=1#top", "HTTPS://Xxgk.QH.gov.cn:8443/",
                                  "http://www.qh.gov.cn", "http://www.qh.gov.cn/xxgk/./zcwj/../tzgg//list.jsp;s=1"])
@pytest.mark.parametrize("href", ["/xxgk/t20261118_1.html", " /art/2026/11/18/art_1_2.html?id=3#p ", "/", "/a//b/",
                                  "/a/./b.html", "/a/../b.html", "/a/..", "/a;jsessionid=1?x=2", "/a\tb.html",
                                  "/a?", "/a#", "/中文/页面.html", "//cdn.qh.gov.cn/x.js", "t2.html", "../up.html",
                                  "./202611/t20261118_1.html", "./", ".", "..", "./?p=2#x", ".//x.html", "./../x.html",
                                  "./a/./b.html", "a//b.html", ".hidden/x.html", "..x.html", "sub/", "a.html?q=\tz",
                                  "a b.html", "\x01a.html", "a;x=1.html", "mailto:x@qh.gov.cn", "a/b:c.html",
                                  "子目录/页面.html?id=3&p=4"])
def test_absolute_url_joins_as_urljoin_does(base: str, href: str) -> None:
    """Root-relative and relative links take shortcuts past urljoin: the address must be the one urljoin
    gives."""
    parts = urlsplit(urljoin(base, href.strip()))
    assert absolute_url(base, href) == urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
