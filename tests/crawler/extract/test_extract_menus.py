"""The links a reader takes to move about a site (crawler/extract/menus.py)."""

from __future__ import annotations

from crawler.extract.menus import nav_links

PAGE = "http://127.0.0.1:8000/zwgk/gsgg/"


def _links(html: str) -> list[tuple[str, str | None, str]]:
    return [(link.url.removeprefix("http://127.0.0.1:8000"), link.name, link.how) for link in nav_links(html, PAGE)]


def test_menus_written_by_scripts_with_variables_and_stubs_are_read() -> None:
    html = """<html><body><ul><script>
    var str1='公示公告'; var str2='../gsgg/'; document.write('<li><a href="'+str2+'">'+str1+'</a></li>');
    var str3='依申请公开'; var str4='../ysqgk/'; document.write('<li><a href="'+str4+'">'+str3+'</a></li>');
    </script></ul><a href="/">首页</a><a href="/search/">站内搜索</a><a href="./index_2.html">»</a></body></html>"""
    assert _links(html) == [("/zwgk/ysqgk/", "依申请公开", "menu")]  # itself, home, search and paging left out


def test_more_links_take_their_box_name_and_frames_count() -> None:
    html = """<html><body><div class="box"><div class="hd"><h3>工作动态</h3><a href="/xwzx/gzdt/">更多&gt;&gt;</a></div>
    <ul><li><a href="/xwzx/gzdt/t20261118_1.html">一则动态</a></li></ul></div>
    <div class="if"><iframe name="if" src="DefaultIf-49.html"></iframe>
    <a href="DefaultIf-50.html" target="if">重要工作部署</a></div></body></html>"""
    assert _links(html) == [("/xwzx/gzdt/", "工作动态", "more"), ("/zwgk/gsgg/DefaultIf-49.html", None, "frame"),
                            ("/zwgk/gsgg/DefaultIf-50.html", "重要工作部署", "menu")]


def test_menu_items_that_navigate_by_script() -> None:
    html = """<html><body><ul class="nav"><li onclick="location.href='/xxgk/'">信息公开</li>
    <li onclick="window.open('/hdjl/')">互动交流</li><li onclick="toggle(this)">展开</li></ul>
    <select onchange="window.location=this.value"><option value="">部门网站</option>
    <option value="/bm/jyj/">教育局</option></select>
    <select onchange="check(this)"><option value="/other/">不跳转</option></select></body></html>"""
    assert _links(html) == [("/xxgk/", "信息公开", "menu"), ("/hdjl/", "互动交流", "menu"),
                            ("/bm/jyj/", "教育局", "menu")]
