"""Column shapes: a content page (公开指南) versus an empty list, and catalog rows of several links."""

from __future__ import annotations

from crawler.extract.catalog import extract_catalog
from crawler.extract.content import looks_like_content_page
from crawler.extract.html import parse_html

CHROME = """<div class="nav"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a></div>{body}
<div class="footer"><p>主办单位：清河市人民政府办公室　网站标识码：3299000001</p>
<p><a href="https://beian.miit.gov.cn/">苏ICP备05010001号-1</a></p></div>"""

GUIDE = """<div class="TRS_Editor"><p>　　为了更好地提供政府信息公开服务，
依据《中华人民共和国政府信息公开条例》，编制本指南。
凡需要获取本机关政府信息的公民、法人或者其他组织，可以查阅本指南。</p>
<p>　　一、主动公开。（一）公开范围：本机关按照条例第二十条、第二十一条规定主动公开政府信息。
（二）公开方式：通过政府网站、政府公报、新闻发布会等方式公开。（三）公开时限：自该政府信息形成或者变更之日起20个工作日内。</p>
<p>　　二、依申请公开。申请人可通过当面、邮寄、网上申请等方式提出申请。</p></div>"""

EMPTY_LIST = """<div class="list"><ul></ul><p class="empty">暂无信息</p></div>"""
BARE_LIST = """<div class="list"><ul></ul></div>"""


def test_a_guide_is_a_content_page() -> None:
    assert looks_like_content_page(parse_html(CHROME.format(body=GUIDE)))


def test_an_empty_list_page_is_not_a_content_page() -> None:
    assert not looks_like_content_page(parse_html(CHROME.format(body=EMPTY_LIST)))
    assert not looks_like_content_page(parse_html(CHROME.format(body=BARE_LIST)))


def test_table_row_of_a_heading_and_several_links_groups_them() -> None:
    html = """<table class="xxgk"><tr><td colspan="2">政府信息公开目录</td></tr>
    <tr><td colspan="2"><a href="list.asp?classid=2">政府信息公开指南</a></td></tr>
    <tr><td colspan="2"><a href="list.asp?classid=3">政府信息公开制度</a></td></tr>
    <tr><td><b>法定主动公开内容</b></td><td><a href="list.asp?classid=5">通知公告</a>&nbsp;
    <a href="list.asp?classid=6">政策文件</a>&nbsp;<a href="list.asp?classid=7">人事信息</a></td></tr>
    <tr><td colspan="2"><a href="list.asp?classid=9">政府信息公开年报</a></td></tr></table>"""
    nodes = extract_catalog(html, "http://127.0.0.1:8000/xxgk.asp")
    by_name = {n.name: n for n in nodes}
    assert by_name["法定主动公开内容"].url is None
    for name, classid in (("通知公告", 5), ("政策文件", 6), ("人事信息", 7)):
        assert by_name[name].parent == "法定主动公开内容"
        assert by_name[name].url == f"http://127.0.0.1:8000/list.asp?classid={classid}"
    assert by_name["政府信息公开年报"].url == "http://127.0.0.1:8000/list.asp?classid=9"
    assert by_name["政府信息公开指南"].parent != "法定主动公开内容"


def test_a_big_sub_list_under_a_heading_keeps_its_tree() -> None:
    """The nested list of 法定主动公开内容 outnumbers its siblings; the whole tree is still the catalog."""
    subs = "".join(f'<li><a href="/xxgk/fdzdgknr/lm{i:03d}/">栏目{i}</a></li>' for i in range(12))
    html = f"""<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">政府信息公开</a></li></ul></div>
    <div class="left"><ul class="tree">
    <li class="group"><div><span>法定主动公开内容</span></div><ul class="sub">{subs}</ul></li>
    <li><div><a href="/xxgk/nb/">政府信息公开年报</a></div></li></ul></div>"""
    nodes = extract_catalog(html, "http://127.0.0.1:8000/xxgk/")
    assert nodes[0].name == "法定主动公开内容" and nodes[0].url is None
    assert [n.parent for n in nodes[1:13]] == ["法定主动公开内容"] * 12
    assert nodes[-1].name == "政府信息公开年报" and nodes[-1].parent is None
