"""Finding the 信息公开目录 as real home pages build the way to it: image-only entries, redirect stubs,
script-written menus, 政务公开 landing pages; and what is not a catalog (leaders, news, site navigation)."""

from __future__ import annotations

from crawler.discovery import CatalogSearch, Step, choose, home_fallback, qualifies
from crawler.extract.catalog import CatalogNode, catalog_links, extract_catalog, find_catalog_link
from crawler.extract.scripted import menu_pairs
from crawler.extract.stub import redirect_stub

HOME = "http://www.lyj.qinghe.gov.cn/"
SITE_NAV = """<div class="nav"><ul><li><a href="./">网站首页</a></li><li><a href="./xwzx/">新闻中心</a></li>
<li><a href="./hdjl/">互动交流</a></li><li><a href="./bsfw/">办事服务</a></li></ul></div>"""


def _links(html: str, url: str = HOME) -> list[tuple[str, str, int]]:
    return [(link.url, link.how, link.rank) for link in catalog_links(html, url)]


# ---- image-only entries -------------------------------------------------------------------------

def test_an_image_entry_is_named_by_its_alt_or_title():
    html = SITE_NAV + """<div class="rk"><a href="./xxgk/index.html" target="_blank">
    <img src="./images/P020200413374624070030.jpg" alt="政府信息公开" border="0"></a>
    <a href="/zxft/"><img src="./images/P0202004.jpg" title="在线访谈"></a></div>"""
    assert _links(html) == [(HOME + "xxgk/index.html", "image", 1)]


def test_an_image_entry_without_words_is_named_by_its_file_name_or_its_path():
    html = SITE_NAV + """<ul class="d_394_1">
    <li> <a href="./hdjl/zxzx/"><img src="./images/jls_hdjl_1.jpg"></a></li>
    <li> <a href="./gzdt/bmwj/index.html"><img src="./images/jls_xxgk2_1.jpg"></a></li>
    <li> <a href="./zwgk/"><img src="./images/banner_03.png"></a></li>
    <li> <a href="http://xxgk.qinghe.gov.cn/lyj/"><img src="./images/rk_3.png"></a></li>
    </ul>"""
    assert _links(html) == [(HOME + "gzdt/bmwj/index.html", "image", 7), (HOME + "zwgk/", "image", 7),
                            ("http://xxgk.qinghe.gov.cn/lyj/", "image", 7)]


def test_a_text_link_outranks_image_entries_and_off_site_links_are_never_taken():
    html = """<a href="http://www.gov.cn/zhengce/xxgk/"><img src="/images/xxgk.png"></a>
    <a href="/xxgk/gzdt/"><img src="/images/xxgk_rk.png"></a><a href="/zwgk/">政务公开</a>"""
    assert find_catalog_link(html, HOME) == HOME + "zwgk/"
    assert all("gov.cn/zhengce" not in url for url, _, _ in _links(html))


def test_on_an_ip_address_another_port_is_another_site():
    html = '<a href="http://127.0.0.1:9000/xxgk/">信息公开</a><a href="/xxgk/">信息公开</a>'
    assert _links(html, "http://127.0.0.1:8000/") == [("http://127.0.0.1:8000/xxgk/", "text", 2)]


# ---- redirect stubs -----------------------------------------------------------------------------

def test_meta_refresh_and_location_scripts_are_stubs():
    refresh = ('<html><head><meta http-equiv="refresh" content="0; URL=\'../xxgk/index.html\'"></head>'
               "<body></body></html>")
    assert redirect_stub(refresh, HOME + "zwgk/") == HOME + "xxgk/index.html"
    script = """<html><head><script language="javascript">window.location.href="./xxgk/";</script></head>
    <body>正在跳转，请稍候……</body></html>"""
    assert redirect_stub(script, HOME + "zwgk.html") == HOME + "xxgk/"
    replace = "<script>location.replace('/zfxxgk/index.shtml')</script>"
    assert redirect_stub(replace, HOME + "zwgk.html") == HOME + "zfxxgk/index.shtml"
    written = """<body><script>document.write('<meta http-equiv="refresh" content="0;url=/gkml/">');</script>
    </body>"""
    assert redirect_stub(written, HOME + "zwgk.html") == HOME + "gkml/"


def test_a_page_with_content_and_a_search_script_is_not_a_stub():
    html = ("<html><body><script>function ywss(){ window.location.href=\"/search/index.html?q=\"+q; }</script>"
            + "".join(f'<p><a href="/xwzx/{i}/">新闻标题第{i}条内容较长的标题文字</a></p>' for i in range(8))
            + "</body></html>")
    assert redirect_stub(html, HOME) is None


# ---- script-written menus -----------------------------------------------------------------------

def test_a_left_menu_written_by_document_write_is_read_as_the_catalog():
    html = SITE_NAV + """<div class="left"><div class="title">政府信息公开</div><ul class="menu">
    <script type="text/javascript">
    document.write('<li><a href="/xxgk/zn/">政府信息公开指南</a></li>');
    document.write('<li><a href="/xxgk/zd/">政府信息公开' + '制度</a></li>');
    document.write("<li><span>法定主动公开内容</span><ul><li><a href=\\"/xxgk/tzgg/\\">通知公告</a></li>");
    document.write("<li><a href=\\"/xxgk/zcwj/\\">政策文件</a></li></ul></li>");
    document.write('<li><a href="/xxgk/nb/">政府信息公开年报</a></li>');
    </script></ul></div>
    <script>function p(s){document.write('<a href="' + s + '">' + s + '</a>');}</script>"""
    nodes = extract_catalog(html, HOME + "xxgk/")
    assert [(n.name, n.url, n.parent) for n in nodes] == [
        ("政府信息公开指南", HOME + "xxgk/zn/", None), ("政府信息公开制度", HOME + "xxgk/zd/", None),
        ("法定主动公开内容", None, None), ("通知公告", HOME + "xxgk/tzgg/", "法定主动公开内容"),
        ("政策文件", HOME + "xxgk/zcwj/", "法定主动公开内容"), ("政府信息公开年报", HOME + "xxgk/nb/", None)]


def test_a_js_menu_array_gives_its_name_url_pairs():
    code = """var menu = new Array();
    menu[0] = ["政府信息公开指南", "/xxgk/zn/"];
    menu[1] = {name: '政府信息公开制度', url: '/xxgk/zd/', target: '_self'};
    menu[2] = {"url": "../xxgk/nb/index.html", "text": "政府信息公开年报"};
    $.each(menu, function(i, m){ $('#m').append('<li><a href="' + m.url + '">' + m.name + '</a></li>'); });"""
    assert menu_pairs(code) == [("政府信息公开指南", "/xxgk/zn/"), ("政府信息公开制度", "/xxgk/zd/"),
                                ("政府信息公开年报", "../xxgk/nb/index.html")]
    html = SITE_NAV + f'<div class="left"><ul id="m"></ul><script>{code}</script></div>'
    assert [n.name for n in extract_catalog(html, HOME + "xxgk/")] == [
        "政府信息公开指南", "政府信息公开制度", "政府信息公开年报"]


def test_a_home_nav_written_by_script_leads_to_its_zwgk_entry():
    html = """<div class="nav"><ul><script>
    document.write('<li><a href="/">首页</a></li><li><a href="/zwgk.html">政务公开</a></li>');
    </script></ul></div>"""
    assert _links(html) == [(HOME + "zwgk.html", "text", 3)]


# ---- landing pages ------------------------------------------------------------------------------

LANDING = SITE_NAV + """<div class="zwgk-right"><h3>最新公开</h3><ul class="list">""" + "".join(
    f'<li><span>[通知公告]</span><a href="/xxgk/tzgg/202611/t202611{d:02d}_{d}.html">关于开展第{d}批林木采伐'
    f'许可审批工作的通知</a><span class="date">2026-11-{d:02d}</span></li>' for d in range(18, 8, -1)) + """
</ul></div><div class="zwgk-left"><ul class="tree">
<li><a href="/xxgk/zn/">政府信息公开指南</a></li><li><a href="/xxgk/zd/">政府信息公开制度</a></li>
<li class="group"><span>法定主动公开内容</span><ul><li><a href="/xxgk/tzgg/">通知公告</a></li>
<li><a href="/xxgk/zcwj/">政策文件</a></li><li><a href="/xxgk/ghjh/">规划计划</a></li></ul></li>
<li><a href="/xxgk/nb/">政府信息公开年报</a></li></ul></div>"""


def test_on_a_landing_page_the_column_tree_not_the_merged_newest_list_is_the_catalog():
    nodes = extract_catalog(LANDING, HOME + "xxgk/")
    assert [n.name for n in nodes] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "通知公告",
                                       "政策文件", "规划计划", "政府信息公开年报"]


def test_a_landing_page_link_to_the_catalog_itself_ranks_first():
    html = SITE_NAV + """<div class="blocks"><a href="/zwgk/zcjd/">政策解读</a><a href="/zwgk/xwfb/">新闻发布</a>
    <a href="/zwgk/ysqgk/">依申请公开</a><a href="/zwgk/xxgkzn/">政府信息公开指南</a>
    <a href="/xxgk/gkml/">政府信息公开目录</a></div>"""
    assert _links(html, HOME + "zwgk/")[0] == (HOME + "xxgk/gkml/", "text", 0)


def test_a_landing_tree_yields_to_the_catalog_page_it_links_when_that_is_one():
    landing = ("L", [CatalogNode("政策解读", "a", None), CatalogNode("政府信息公开目录", "b", None)])
    catalog = ("C", [CatalogNode("政府信息公开指南", "c", None), CatalogNode("通知公告", "d", None)])
    assert choose(landing, catalog) == catalog
    assert choose(landing, ("C", [])) == landing
    assert choose(None, ("C", [CatalogNode("x", "y", None)])) is None


def test_the_search_is_bounded_and_records_what_it_tried():
    search = CatalogSearch(home=HOME)
    search.candidates = catalog_links('<a href="/zwgk.html">政务公开</a><a href="/xxgk/"><img src="xxgk.png"></a>',
                                      HOME)
    step = search.first()
    assert step == Step(HOME + "zwgk.html", "政务公开", "text", 1)
    search.visited.add(step.url)
    search.note(step, "跳转页")
    hop2 = search.follow(step, HOME + "zwgk/", "stub", step.name)
    hop3 = search.follow(hop2, HOME + "xxgk/gkml/", "text", "政府信息公开目录")
    assert hop3.depth == 3 and search.follow(hop3, HOME + "x/", "stub", "x") is None
    assert search.evidence()["tried"] == [{"url": HOME + "zwgk.html", "link": "政务公开", "how": "text",
                                           "depth": 1, "result": "跳转页"}]


# ---- what is not a catalog ----------------------------------------------------------------------

def test_a_list_of_leaders_names_is_not_a_catalog():
    html = SITE_NAV + """<div class="ldzc"><h3>领导之窗</h3><ul>
    <li><a href="/ldzc/zmy/">张明远</a><span>局长</span></li><li><a href="/ldzc/lh/">李华</a><span>副局长</span></li>
    <li><a href="/ldzc/wjg/">王建国</a><span>副局长</span></li><li><a href="/ldzc/cj/">陈静</a></li></ul></div>"""
    assert extract_catalog(html, HOME) == []


def test_a_dated_news_list_and_the_site_navigation_are_not_a_catalog():
    html = SITE_NAV + """<div class="news"><ul>
    <li><a href="/xwzx/lyyw/">全市春季造林工作会议召开</a><span>2026-11-18</span></li>
    <li><a href="/xwzx/gsgg/">林业有害生物防治工作部署</a><span>2026-11-15</span></li>
    <li><a href="/xwzx/tpxw/">森林防火宣传月活动启动</a><span>11-12</span></li></ul></div>"""
    assert extract_catalog(html, HOME) == []
    assert not qualifies(extract_catalog(html, HOME))
    assert home_fallback(CatalogSearch(home=HOME, home_tree=extract_catalog(html, HOME))) == []


def test_dead_links_among_live_ones_are_unpublished_columns_not_headings():
    html = SITE_NAV + """<div class="d_250"><ul>
    <li><a href="">部门文件</a></li><li><a href="../ndbg/index.html">年度报告</a></li>
    <li><a href="javascript:;">财政专项清单</a></li><li><a href="../zqqd/index.html">责权清单</a></li>
    <li><a href="../xzzf/index.html">行政执法</a></li><li><a href="javascript:;">双公示</a></li></ul></div>"""
    page = HOME + "xxgk/bmwj/index.html"
    nodes = extract_catalog(html, page)
    assert [(n.name, n.url, n.parent) for n in nodes] == [
        ("部门文件", page, None), ("年度报告", HOME + "xxgk/ndbg/index.html", None),
        ("责权清单", HOME + "xxgk/zqqd/index.html", None), ("行政执法", HOME + "xxgk/xzzf/index.html", None)]


# ---- the finding --------------------------------------------------------------------------------

def test_a_configured_catalog_that_gives_no_columns_is_not_found_and_fails_the_site():
    from dataclasses import replace

    from rules_fixtures import AS_OF, HEALTHY

    from rules.engine import evaluate
    from rules.snapshot import ColumnSnap

    error = ColumnSnap("政府信息公开", HOME + "nope/", status=404, error="HTTP 404")
    tried = [{"url": HOME + "nope/", "link": "配置的目录地址", "how": "config", "depth": 1, "result": "HTTP 404"}]
    site = replace(HEALTHY, columns=(error,), catalog={"url": None, "source": "config", "home": HOME, "tried": tried})
    ev = evaluate(site, AS_OF)
    found = [f for f in ev.findings if f.rule == "catalog-not-found"]
    assert [f.message for f in found] == [
        f"未找到政府信息公开目录：已尝试：配置的目录地址→ {HOME}nope/（HTTP 404）；均未读到信息公开目录的栏目"]
    assert ev.verdict == "fail" and ev.score >= 60  # not passed although the deductions leave 60 points
    assert "column-missing" not in {f.rule for f in ev.findings}
    assert "catalog-not-found" not in {f.rule for f in evaluate(HEALTHY, AS_OF).findings}
