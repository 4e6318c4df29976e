"""Pagination of list pages: TRS createPageHTML, Hanweb jpage/datastore, 下一页/尾页 and numbered links."""

from __future__ import annotations

from crawler.extract.pagination import MAX_PAGES, HanwebPaging, extract_pagination, hanweb_requests

COLUMN = "http://127.0.0.1:8000/zwgk/gzdt/"


def test_trs_create_page_html_lists_every_following_page():
    html = """<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}</script>
    <script>createPageHTML(120, 0, "index", "html");</script>"""
    pag = extract_pagination(html, COLUMN)
    assert pag.style == "trs"
    assert pag.total_pages == 120
    assert pag.pages[0] == COLUMN + "index_1.html"
    assert pag.pages[-1] == COLUMN + "index_119.html"
    assert len(pag.pages) == 119


def test_trs_from_a_later_page_gives_only_the_pages_after_it():
    html = '<script>createPageHTML(5, 2, "index", "html");</script>'
    pag = extract_pagination(html, COLUMN + "index_2.html")
    assert pag.pages == [COLUMN + "index_3.html", COLUMN + "index_4.html"]


def test_trs_variable_form_and_shtml():
    html = """<script>var countPage = 3; var currentPage = 1;
    createPageHTML(countPage, currentPage,"index","shtml");</script>"""
    pag = extract_pagination(html, COLUMN + "index_1.shtml")
    assert pag.style == "trs"
    assert pag.total_pages == 3
    assert pag.pages == [COLUMN + "index_2.shtml"]


def test_trs_rendered_pager_yields_the_next_page_once():
    html = """<td class="page"><script>
    var currentPage = 0;//所在页从0开始
    var countPage = 2//共多少页
    document.write("<a href=\\"index"+"_" + nextPage + "."+"html\\">下一页</a>");
    </script>共计 2 页 <a href="index.html">首页</a> 1 <a href="index_1.html">2</a>
    <a href="index_1.html">下一页</a> <a href="index_1.html">尾页</a></td>"""
    pag = extract_pagination(html, COLUMN)
    assert pag.pages == [COLUMN + "index_1.html"]
    assert pag.total_pages == 2


def test_trs_single_page_has_no_following_pages():
    pag = extract_pagination('<script>createPageHTML(1, 0, "index", "html");</script>', COLUMN)
    assert pag.style == "trs" and pag.pages == [] and pag.total_pages == 1


def test_generated_pages_are_capped():
    pag = extract_pagination('<script>createPageHTML(5000, 0, "index", "html");</script>', COLUMN)
    assert len(pag.pages) == MAX_PAGES
    assert pag.total_pages == 5000


HANWEB = """<div id="4958"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=1229"></a>]]></nextgroup>
<recordset>{records}</recordset></datastore></script></div>
<script type="text/javascript">
$('#4958').jpage({{ dataStore: dataStore, totalRecord:120, perPage:15, groupSize:3,
  proxyUrl:'/module/web/jpage/dataproxy.jsp',
  ajaxParam:{{col:1,appid:1,webid:1,path:'/',columnid:1229,sourceContentType:1,unitid:4958,
  webname:'清河市发展和改革委员会',permissiontype:0}} }});
</script>"""


def _records(n: int) -> str:
    row = ('<record><![CDATA[<li><a href="/art/2026/11/18/art_1229_{i}.html">第{i}条</a>'
           '<span>2026-11-18</span></li>]]></record>')
    return "".join(row.format(i=i) for i in range(1, n + 1))


def test_hanweb_jpage_config_and_datastore():
    pag = extract_pagination(HANWEB.format(records=_records(45)), "http://127.0.0.1:8000/col/col1229/index.html")
    assert pag.style == "hanweb"
    paging = pag.hanweb
    assert paging.proxy_url == "http://127.0.0.1:8000/module/web/jpage/dataproxy.jsp"
    assert paging.total_records == 120 and paging.per_page == 15 and paging.first_group == 45
    assert paging.params["columnid"] == "1229"
    assert paging.params["webname"] == "清河市发展和改革委员会"
    assert paging.params["permissiontype"] == "0"
    assert pag.total_pages == 8
    assert pag.pages == []  # the following records are POSTed, not fetched as pages
    url, form = hanweb_requests(paging)[0]
    assert url == "http://127.0.0.1:8000/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15"
    assert form["unitid"] == "4958" and form["sourceContentType"] == "1"


def test_hanweb_requests_cover_the_remaining_records():
    paging = HanwebPaging("http://h/module/web/jpage/dataproxy.jsp", {"columnid": "7"}, 120, 15, 45)
    requests = hanweb_requests(paging)
    assert [url.split("?")[1] for url, _ in requests] == [
        "startrecord=46&endrecord=90&perpage=15",
        "startrecord=91&endrecord=120&perpage=15",
    ]
    assert all(form == {"columnid": "7"} for _, form in requests)
    assert len(hanweb_requests(paging, group_size=15)) == 5


def test_hanweb_variants_quoted_keys_and_totalrecord_element():
    html = """<script type="text/xml"><datastore><totalrecord>30</totalrecord><recordset>
    <record><![CDATA[<li><a href="/a/1.html">一</a></li>]]></record></recordset></datastore></script>
    <script>var totalRecord = 30; $("#1").jpage({"perpage": "10", "proxyUrl": "/module/web/jpage/dataproxy.jsp",
    "ajaxParam": {"columnid": "88", "unitid": "9"}});</script>"""
    pag = extract_pagination(html, "http://127.0.0.1/col/col88/index.html")
    assert pag.hanweb.total_records == 30 and pag.hanweb.per_page == 10 and pag.hanweb.first_group == 1
    assert pag.hanweb.params == {"columnid": "88", "unitid": "9"}
    assert pag.total_pages == 3


def test_page_query_links_expand_to_the_last_page():
    html = """<div class="pager">共9页 <a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a>
    <a href="?page=2">下一页</a> <a href="?page=9">尾页</a></div>"""
    pag = extract_pagination(html, "http://127.0.0.1/news/list.php")
    assert pag.style == "page-query"
    assert pag.pages[0] == "http://127.0.0.1/news/list.php?page=2"
    assert pag.pages[-1] == "http://127.0.0.1/news/list.php?page=9"
    assert len(pag.pages) == 8 and pag.total_pages == 9
    later = extract_pagination(html, "http://127.0.0.1/news/list.php?page=7")
    assert later.pages == ["http://127.0.0.1/news/list.php?page=8", "http://127.0.0.1/news/list.php?page=9"]


def test_index_n_links_from_next_and_last():
    html = '<p><a href="index_1.html">下一页</a><a href="index_4.html">尾页</a></p>'
    pag = extract_pagination(html, COLUMN)
    assert pag.style == "index-n"
    assert pag.pages == [COLUMN + f"index_{i}.html" for i in range(1, 5)]
    assert pag.total_pages == 5


def test_plain_next_link_without_a_number():
    html = '<div><a href="more.jsp?cursor=abc">下一页</a></div>'
    pag = extract_pagination(html, COLUMN)
    assert pag.style == "next-link"
    assert pag.pages == [COLUMN + "more.jsp?cursor=abc"]


def test_javascript_and_foreign_links_are_never_followed():
    html = """<a href="javascript:goPage(2)">下一页</a>
    <a href="http://elsewhere.example.org/list_2.html">尾页</a>"""
    pag = extract_pagination(html, COLUMN)
    assert pag.style == "none" and pag.pages == []


def test_no_pagination_and_explicit_none_style():
    assert extract_pagination("<ul><li><a href='a.html'>甲</a></li></ul>", COLUMN).style == "none"
    html = '<script>createPageHTML(3, 0, "index", "html");</script>'
    assert extract_pagination(html, COLUMN, style="none").pages == []
    assert extract_pagination(html, COLUMN, style="trs").total_pages == 3


def test_last_page_has_nothing_after_it():
    html = """<p><a href="index.html">首页</a><a href="index_3.html">上一页</a><a href="index_1.html">2</a>
    <a href="index_2.html">3</a><a href="index_3.html">4</a></p>"""
    pag = extract_pagination(html, COLUMN + "index_4.html")
    assert pag.pages == []
    assert pag.total_pages == 5


def test_trs_count_page_variable_with_trailing_comment():
    """The stock TRS template: `var countPage = 4//共多少页`, then a createPageHTML call by variable."""
    html = """<script language="JavaScript">
    var currentPage = 0;//所在页从0开始
    var prevPage = currentPage-1//上一页
    var nextPage = currentPage+1//下一页
    var countPage = 4//共多少页
    createPageHTML(countPage, currentPage, "index", "html");
    </script>"""
    pag = extract_pagination(html, COLUMN)
    assert pag.style == "trs" and pag.total_pages == 4
    assert pag.pages == [COLUMN + f"index_{i}.html" for i in (1, 2, 3)]
    later = extract_pagination(html.replace("currentPage = 0", "currentPage = 2"), COLUMN + "index_2.html")
    assert later.pages == [COLUMN + "index_3.html"]


def test_trs_call_without_its_definition_in_the_page():
    html = ('<script src="/js/page.js"></script><div class="page"><script>var countPage = 3//共多少页\n'
            'createPageHTML(countPage, 0, "index", "shtml");</script></div>')
    assert extract_pagination(html, COLUMN).pages == [COLUMN + "index_1.shtml", COLUMN + "index_2.shtml"]


def test_pager_object_call():
    definition = """<script>function Pager(settings){ var cfg=extend({ size:1, //页数
        current:0, //当前页码
        prevLabel:'上一页' },settings || {}); }</script>"""
    call = "<script>Pager({size:3, current:0, prefix:'index',suffix:'html',visible:5,beforeEnd:2});</script>"
    pag = extract_pagination(definition + call, COLUMN)
    assert pag.style == "trs" and pag.total_pages == 3
    assert pag.pages == [COLUMN + "index_1.html", COLUMN + "index_2.html"]
    single = extract_pagination(definition + call.replace("size:3", "size:1"), COLUMN)
    assert single.pages == [] and single.total_pages == 1
    last = extract_pagination(definition + call.replace("current:0", "current:2"), COLUMN + "index_2.html")
    assert last.pages == []


def test_empire_cms_index_2_is_page_two():
    """EmpireCMS: the first page is index.html, page two index_2.html; there is no index_1.html."""
    first = """<div class="pages"><a title="Total record">&nbsp;<b>47</b> </a>&nbsp;&nbsp;<b>1</b>&nbsp;
    <a href="/zwgk/gzdt/index_2.html">2</a>&nbsp;<a href="/zwgk/gzdt/index_3.html">3</a>&nbsp;
    <a href="/zwgk/gzdt/index_2.html">下一页</a>&nbsp;<a href="/zwgk/gzdt/index_4.html">尾页</a></div>"""
    pag = extract_pagination(first, COLUMN)
    assert pag.style == "index-n"
    assert pag.pages == [COLUMN + f"index_{i}.html" for i in (2, 3, 4)]
    assert pag.total_pages == 4
    second = first.replace("<b>1</b>", '<a href="/zwgk/gzdt/index.html">1</a>').replace(
        '<a href="/zwgk/gzdt/index_2.html">2</a>', "<b>2</b>").replace('index_2.html">下一页', 'index_3.html">下一页')
    assert extract_pagination(second, COLUMN + "index_2.html").pages == [
        COLUMN + "index_3.html", COLUMN + "index_4.html"]
    last = """<a href="/zwgk/gzdt/index.html">首页</a><a href="/zwgk/gzdt/index_3.html">上一页</a>
    <a href="/zwgk/gzdt/index.html">1</a><a href="/zwgk/gzdt/index_2.html">2</a>
    <a href="/zwgk/gzdt/index_3.html">3</a><b>4</b>"""
    assert extract_pagination(last, COLUMN + "index_4.html").pages == []


def test_empire_cms_next_only_from_the_first_page():
    html = '<p><a href="index_2.html">下一页</a><a href="index_6.html">尾页</a></p>'
    pag = extract_pagination(html, COLUMN)
    assert pag.pages == [COLUMN + f"index_{i}.html" for i in range(2, 7)]
    assert pag.total_pages == 6


def test_absolute_pager_links_and_page_query_labels():
    html = f"""<div class="page">共3页 <span>1</span> <a href="{COLUMN}index_1.html">2</a>
    <a href="{COLUMN}index_2.html">3</a> <a href="{COLUMN}index_1.html">下一页</a></div>"""
    pag = extract_pagination(html, COLUMN)
    assert pag.pages == [COLUMN + "index_1.html", COLUMN + "index_2.html"] and pag.total_pages == 3
    zero_based = '<a href="list.jsp?pageNo=1">2</a><a href="list.jsp?pageNo=2">3</a>'
    assert extract_pagination(zero_based, COLUMN + "list.jsp").pages == [
        COLUMN + "list.jsp?pageNo=1", COLUMN + "list.jsp?pageNo=2"]
