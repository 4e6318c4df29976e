"""Column trees of 信息公开目录 pages and the 信息公开 link of home pages."""

from __future__ import annotations

from crawler.extract.catalog import CatalogNode, extract_catalog, find_catalog_link

PORTAL = "http://127.0.0.1:8000/xxgk/"

NESTED = """<html><body>
<div class="top"><ul><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li>
<li><a href="/hdjl/">互动交流</a></li>
<li><a href="/login.jsp">登录</a></li><li><a href="/en/">English</a></li></ul></div>
<div class="xxgk-nav"><ul>
  <li><a href="/xxgk/zn/">政府信息公开指南</a></li>
  <li><a href="/xxgk/zd/">政府信息公开制度</a></li>
  <!--<li><a href="/xxgk/ldfg/">领导分工</a></li>-->
  <li class="parent"><h3><a href="javascript:;">法定主动公开内容</a></h3>
    <ul><li><a href="/xxgk/jgzn/">机构职能</a></li><li><a href="/xxgk/zcwj/">政策文件</a></li>
        <li><a href="/xxgk/zcwj/202611/t20261118_1.html">某一篇文件</a></li>
        <li><a href="http://other.example.org/x/">外部平台</a></li></ul></li>
  <li><a href="/xxgk/nb/">政府信息公开年报</a></li>
  <li><a href="mailto:xxgk@example.org">联系我们</a></li>
</ul></div>
<div class="footer"><a href="/wzdt/">网站地图</a></div>
</body></html>"""


def test_nested_ul_catalog_with_a_javascript_heading():
    nodes = extract_catalog(NESTED, PORTAL)
    assert nodes == [
        CatalogNode("政府信息公开指南", "http://127.0.0.1:8000/xxgk/zn/", None),
        CatalogNode("政府信息公开制度", "http://127.0.0.1:8000/xxgk/zd/", None),
        CatalogNode("法定主动公开内容", None, None),
        CatalogNode("机构职能", "http://127.0.0.1:8000/xxgk/jgzn/", "法定主动公开内容"),
        CatalogNode("政策文件", "http://127.0.0.1:8000/xxgk/zcwj/", "法定主动公开内容"),
        CatalogNode("政府信息公开年报", "http://127.0.0.1:8000/xxgk/nb/", None),
    ]


def test_headings_group_the_lists_below_them():
    html = """<div class="left">
    <h3>政府信息公开</h3>
    <ul><li><a href="zn/">公开指南</a></li><li><a href="zd/">公开制度</a></li>
    <li><a href="nb/">公开年报</a></li></ul>
    <h3>法定主动公开内容</h3>
    <ul><li><a href="jgzn/">机构职能</a></li><li><a href="ghjh/">规划计划</a></li>
    <li><a href="czzj/">财政资金</a></li></ul>
    </div><div class="main"><a href="index_1.html">下一页</a></div>"""
    nodes = extract_catalog(html, PORTAL)
    assert [(n.name, n.parent) for n in nodes] == [
        ("政府信息公开", None), ("公开指南", "政府信息公开"), ("公开制度", "政府信息公开"),
        ("公开年报", "政府信息公开"),
        ("法定主动公开内容", None), ("机构职能", "法定主动公开内容"), ("规划计划", "法定主动公开内容"),
        ("财政资金", "法定主动公开内容"),
    ]
    assert nodes[1].url == PORTAL + "zn/"
    assert nodes[0].url is None


def test_left_nav_table():
    html = """<table><tr><td><img src="t.jpg"></td></tr><tr><td><table class="gl_left">
    <tr><td><img src="i.jpg"></td><td><a href="../xxgkgd/">信息公开规定</a></td></tr>
    <tr><td><img src="i.jpg"></td><td><a href="../xxgkzn/">信息公开指南</a></td></tr>
    <tr><td><img src="i.jpg"></td><td><a href="./">信息公开年报</a></td></tr>
    </table></td></tr></table>
    <table><tr><td><a href="./202009/t20200903_1.html">某年度报告</a></td><td>2020-09-03</td></tr></table>"""
    nodes = extract_catalog(html, "http://127.0.0.1:8000/egb/xxgk/xxgknb/")
    assert [(n.name, n.url) for n in nodes] == [
        ("信息公开规定", "http://127.0.0.1:8000/egb/xxgk/xxgkgd/"),
        ("信息公开指南", "http://127.0.0.1:8000/egb/xxgk/xxgkzn/"),
        ("信息公开年报", "http://127.0.0.1:8000/egb/xxgk/xxgknb/"),
    ]


def test_link_selector_override():
    nodes = extract_catalog(NESTED, PORTAL, link_selector="div.top li a")
    assert [n.name for n in nodes] == ["新闻中心", "互动交流"]


def test_page_without_a_catalog():
    assert extract_catalog("<p>正文内容</p>", PORTAL) == []
    assert extract_catalog("", PORTAL) == []


HOME = """<html><body><div class="nav">
<a href="/">首页</a><a href="http://xxgk.qinghe.example.gov.cn/zfxxgkzn/">政府信息公开指南</a>
<a href="/xwzx/">新闻中心</a><a href="http://xxgk.qinghe.example.gov.cn/">政府信息公开</a>
<a href="http://www.gov.cn/zhengce/">信息公开</a><a href="/zwgk/">政务公开</a></div></body></html>"""


def test_find_catalog_link_prefers_the_exact_name_on_the_same_site():
    assert find_catalog_link(HOME, "http://www.qinghe.example.gov.cn/") == "http://xxgk.qinghe.example.gov.cn/"


def test_find_catalog_link_falls_back_and_never_leaves_the_site():
    html = """<a href="http://www.gov.cn/xxgk/">信息公开</a><a href="/zwgk/index.html">政务公开</a>
    <a href="javascript:void(0)">政府信息公开</a>"""
    assert find_catalog_link(html, "http://www.qinghe.example.gov.cn/") == \
        "http://www.qinghe.example.gov.cn/zwgk/index.html"
    assert find_catalog_link('<a href="/xwzx/">新闻中心</a>', "http://www.qinghe.example.gov.cn/") is None
