"""Fixture portals of the shapes whole real portals take, in markup written for the tests (imitating real
patterns, not copied): a department site whose 政务公开 link is a script-written meta-refresh stub and whose
left menu is written by small scripts with variables; a site-group (集约化) platform with home-page news
blocks and their 更多 links, a catalog tree under ``javascript:;`` headings, rows opened by script and a
1-based six-argument ``createPageHTML``; a column whose list is built from JSON by script. Each is served on
its own 127.0.0.1 port; dates are relative to the inspection date.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from helpers import serving

Pages = dict[str, tuple[bytes, str] | None]  # path → (body, content type); None = 404


def _day(as_of: date, days: int) -> str:
    return (as_of - timedelta(days=days)).isoformat()


def _gbk(html: str) -> tuple[bytes, str]:
    return html.encode("gbk"), "text/html; charset=GBK"


def _utf8(html: str) -> tuple[bytes, str]:
    return html.encode("utf-8"), "text/html; charset=utf-8"


# ---------------------------------------------------------------- a department site (部门网站), GBK

DEPT_NAME = "清河市市场监督管理局"
# (slug, name, kind, rows' ages in days): kind "list" | "page" | "blank"
DEPT_COLUMNS = [
    ("gsgg", "公示公告", "list", [3, 9, 15, 22, 30, 41, 50, 61, 70, 85, 99, 120]),
    ("gkzn", "政府信息公开指南", "page", [200]),
    ("gkzd", "政府信息公开制度", "list", [300, 420, 700]),
    ("fdzdgknr", "法定主动公开内容", "list", [5, 12, 40]),
    ("ndbg", "政府信息公开年报", "list", [250, 600]),
    ("tzgg", "通知公告", "list", [2, 17, 33]),
    ("rsxx", "人事信息", "blank", []),
    ("ysqgk", "依申请公开", "page", []),
]
DEPT_NOT_COLUMNS = [("lxfs", "联系方式"), ("rss", "RSS订阅")]
DEPT_NEWS = [("gzdt", "工作动态", [1, 4, 8, 13, 20]), ("mtjj", "媒体聚焦", [6, 26, 60])]
PER_PAGE = 8

_DEPT_HEAD = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{title}</title><link rel="stylesheet" href="/css/style.css"></head><body>
<div class="top"><div class="logo"><img src="/images/logo.png" alt="清河市市场监督管理局"></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/xwzx/">新闻中心</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div></div>"""
_DEPT_FOOT = """<div class="footer"><p><a href="/about/t20200101_1.html">关于我们</a>
| <a href="/lxwm.html">联系我们</a> | <a href="/sitemap/t20200101_2.html">网站地图</a> 本页更新于 {updated}</p>
<p>主办：清河市市场监督管理局 网站标识码：3299000099 苏ICP备05010099号-1 苏公网安备 32990202000199号</p>
<span id="_ideConac"></span></div></body></html>"""


def _dept_menu() -> str:
    """The left menu as the real template writes it: one small script per item, with variables."""
    lines = ["<div class=\"leftmenu\"><h2>政务公开</h2><ul><script type=\"text/javascript\">"]
    items = [(slug, name) for slug, name, *_ in DEPT_COLUMNS] + DEPT_NOT_COLUMNS
    for i, (slug, name) in enumerate(items, 1):
        target = f"../{slug}/" if slug != "rss" else "../../rss.html"
        lines.append(f"var str{2 * i - 1}='{name}'; var str{2 * i}='{target}';")
        lines.append(f"document.write('<li><a href=\"'+str{2 * i}+'\">'+str{2 * i - 1}+'</a></li>');")
    lines.append("</script></ul></div>")
    return "\n".join(lines)


def _rows(prefix: str, name: str, ages: list[int], as_of: date, link: Callable[[int, str], str]) -> str:
    out = []
    for i, age in enumerate(ages):
        day = _day(as_of, age)
        title = f"{DEPT_NAME}{int(day[:4]) - 1}年政府信息公开工作年度报告" if prefix == "ndbg" else \
            f"{name}第{i + 1}号公告"
        out.append(f'<li><a href="{link(i, day)}" title="{title}">{title}</a><span class="date">{day}</span></li>')
    return "".join(out)


def _dept_column(slug: str, name: str, kind: str, ages: list[int], as_of: date, page: int) -> str:
    body = [_DEPT_HEAD.format(title=f"{name}_{DEPT_NAME}"), '<div class="main">', _dept_menu(),
            f'<div class="right"><div class="position">当前位置：<a href="/">首页</a> &gt; '
            f'<a href="/zwgk/">政务公开</a> &gt; {name}</div>']
    if kind == "page":
        shown = f"<div class=\"info\">发布时间：{_day(as_of, ages[0])}</div>" if ages else ""
        body.append(f'<div class="article"><h1>{name}</h1>{shown}<div class="content"><p>{name}的内容。'
                    "本机关依法主动公开政府信息，公民、法人和其他组织可以通过本网站查阅。</p>"
                    "<p>联系电话：0512-12345678。办公地址：清河市人民路1号。</p></div></div>")
    else:
        start, end = page * PER_PAGE, (page + 1) * PER_PAGE
        rows = _rows(slug, name, ages[start:end], as_of,
                     lambda i, day: f"./{day[:7].replace('-', '')}/t{day.replace('-', '')}_{start + i + 1}.html")
        pager = ""
        if len(ages) > end:
            pager = f'<div class="page"><a href="index_{page + 1}.html">下一页</a></div>'
        body.append(f'<div class="list"><ul>{rows}</ul>{pager}</div>')
    body.append("</div></div>")
    body.append(_DEPT_FOOT.format(updated=_day(as_of, 0)))
    return "".join(body)


def _dept_news(slug: str, name: str, ages: list[int], as_of: date) -> str:
    rows = _rows(slug, name, ages, as_of,
                 lambda i, day: f"./{day[:7].replace('-', '')}/t{day.replace('-', '')}_{i + 1}.html")
    return (_DEPT_HEAD.format(title=f"{name}_{DEPT_NAME}") + '<div class="main"><div class="right">'
            f'<div class="position">当前位置：<a href="/">首页</a> &gt; 新闻中心 &gt; {name}</div>'
            f'<div class="list"><ul>{rows}</ul></div></div></div>' + _DEPT_FOOT.format(updated=_day(as_of, 0)))


def dept_pages(as_of: date) -> Pages:
    news = "".join(f'<div class="box"><div class="box-hd"><h3>{name}</h3><a class="more" href="/xwzx/{slug}/">'
                   f'更多&gt;&gt;</a></div><ul>'
                   + _rows(slug, name, ages[:3], as_of, lambda i, day, s=slug:
                           f"/xwzx/{s}/{day[:7].replace('-', '')}/t{day.replace('-', '')}_{i + 1}.html")
                   + "</ul></div>" for slug, name, ages in DEPT_NEWS)
    home = _DEPT_HEAD.format(title=DEPT_NAME) + f'<div class="main">{news}</div>' + \
        _DEPT_FOOT.format(updated=_day(as_of, 0))
    pages: Pages = {"/": _gbk(home), "/index.html": _gbk(home),
                    # the 政务公开 entry: a stub whose refresh a script writes
                    "/zwgk/": _gbk("<html><head><script>document.write('<meta http-equiv=\"Refresh\" "
                                   "content=\"0;URL=/zwgk/gsgg/\">')</script></head><body></body></html>"),
                    "/xwzx/": _gbk(_DEPT_HEAD.format(title=f"新闻中心_{DEPT_NAME}") + '<div class="main">'
                                   + news + "</div>" + _DEPT_FOOT.format(updated=_day(as_of, 0)))}
    for slug, name, kind, ages in DEPT_COLUMNS:
        pages[f"/zwgk/{slug}/"] = _gbk(_dept_column(slug, name, kind, ages, as_of, 0))
        if kind == "list":
            for page in range(1, (len(ages) - 1) // PER_PAGE + 1):
                pages[f"/zwgk/{slug}/index_{page}.html"] = _gbk(_dept_column(slug, name, kind, ages, as_of, page))
    pages["/zwgk/lxfs/"] = _gbk(_dept_column("lxfs", "联系方式", "page", [], as_of, 0))
    pages["/rss.html"] = _gbk("<html><head><title>RSS订阅</title></head><body><h1>RSS订阅</h1>"
                              "<p>本站提供RSS订阅服务。</p></body></html>")
    for slug, name, ages in DEPT_NEWS:
        pages[f"/xwzx/{slug}/"] = _gbk(_dept_news(slug, name, ages, as_of))
    return pages


# ---------------------------------------------------------------- a site-group platform (集约化), UTF-8

GROUP_NAME = "清河省教育厅"
SITE = "/site/c100494"
# (file, name, group heading or None, rows' ages, pages)
GROUP_COLUMNS = [
    ("jgzn_list", "机构职能", "机构信息", [400], 1),
    ("ldxx_list", "领导信息", "机构信息", [90, 300], 1),
    ("zcwj_list", "政策文件", "政策法规", [4, 11, 19, 35, 47, 63, 80, 94, 110, 130, 150, 170], 2),
    ("zcjd_list", "政策解读", "政策法规", [7, 25], 1),
    ("czzj_list", "财政资金", "重点领域", [], 1),
]
GROUP_NEWS = [("jyyw_list", "教育要闻", [0, 2, 5, 9, 14, 18, 21]), ("tzgg_list", "通知公告", [3, 12, 28]),
              ("spxw_list", "视频新闻", [10, 40])]
GROUP_PER_PAGE = 10


def _group_frame(title: str, content: str, as_of: date) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<div class="header"><div class="nav"><a href="/">首页</a><a href="{SITE}/xxgk.shtml">信息公开</a>'
            f'<a href="{SITE}/jyyw_list.shtml">新闻中心</a><a href="{SITE}/bsfw.shtml">办事服务</a></div></div>'
            f"{content}"
            # a footer whose links look like articles and stand beside a date: never a column's entries
            f'<div class="footer"><ul><li><a href="{SITE}/art/2020/1/1/art_9_1.html">网站声明</a></li>'
            f'<li><a href="{SITE}/art/2020/1/1/art_9_2.html">关于我们</a></li>'
            f'<li><a href="{SITE}/art/2020/1/1/art_9_3.html">网站地图</a></li>'
            f'<li><a href="{SITE}/art/2020/1/1/art_9_4.html">联系我们</a></li></ul>'
            f"<p>最后更新：{_day(as_of, 1)} 网站标识码：3200000077 苏ICP备10010077号 "
            f'苏公网安备 32010202000077号</p><a href="http://bszs.conac.cn/"><img src="/images/dzjg.png"></a>'
            f"</div></body></html>")


def _group_rows(name: str, ages: list[int], as_of: date, first: int) -> str:
    # rows open their page by script: the title and the date show, the href says nothing
    return "".join(f'<li><a href="javascript:;" onclick="openDetail(\'{first + i}\')">{name}：关于第{first + i}项工作的'
                   f'通知</a><span>{_day(as_of, age)}</span></li>' for i, age in enumerate(ages))


def _group_list(file: str, name: str, ages: list[int], pages: int, page: int, as_of: date) -> str:
    start = (page - 1) * GROUP_PER_PAGE
    rows = _group_rows(name, ages[start:start + GROUP_PER_PAGE], as_of, start + 1)
    pager = (f'<div id="page_div"></div><script>createPageHTML(\'page_div\',{pages},{page},\'{file}\','
             f"'shtml',{len(ages)});</script>") if pages > 1 else ""
    tree = "".join(f'<li><a href="{f}.shtml">{n}</a></li>' for f, n, *_ in GROUP_COLUMNS[:2])
    content = (f'<div class="main"><div class="side"><ul>{tree}</ul></div><div class="con">'
               f'<div class="crumb"><a href="/">首页</a> &gt; {name}</div>'
               f'<ul class="news-list">{rows}</ul>{pager}</div></div>')
    return _group_frame(f"{name}-{GROUP_NAME}", content, as_of)


def group_pages(as_of: date) -> Pages:
    blocks = "".join(f'<div class="block"><div class="block-title"><span>{name}</span>'
                     f'<a href="{SITE}/{file}.shtml" class="more">更多</a></div><ul>'
                     + _group_rows(name, ages[:3], as_of, 1) + "</ul></div>" for file, name, ages in GROUP_NEWS)
    home = _group_frame(GROUP_NAME, f'<div class="main">{blocks}</div>', as_of)
    groups: dict[str, list[str]] = {}
    for file, name, heading, *_ in GROUP_COLUMNS:
        groups.setdefault(heading, []).append(f'<li><a href="{SITE}/{file}.shtml">{name}</a></li>')
    tree = "".join(f'<li><a href="javascript:;">{heading}</a><ul>{"".join(items)}</ul></li>'
                   for heading, items in groups.items())
    catalog = _group_frame(f"信息公开-{GROUP_NAME}", '<div class="main"><div class="xxgk-tree"><ul>'
                           '<li><a href="' + SITE + '/gkzn.shtml">政府信息公开指南</a></li>'
                           '<li><a href="' + SITE + '/ndbg_list.shtml">政府信息公开年报</a></li>'
                           + tree + "</ul></div></div>", as_of)
    pages: Pages = {"/": _utf8(home), f"{SITE}/index.shtml": _utf8(home), f"{SITE}/xxgk.shtml": _utf8(catalog),
                    f"{SITE}/gkzn.shtml": _utf8(_group_frame(
                        f"政府信息公开指南-{GROUP_NAME}", '<div class="article"><h1>政府信息公开指南</h1>'
                        f'<div class="info">发布时间：{_day(as_of, 300)}</div><div class="content">'
                        "<p>为了更好地提供政府信息公开服务，编制本指南。</p></div></div>", as_of)),
                    f"{SITE}/ndbg_list.shtml": _utf8(_group_list("ndbg_list", "政府信息公开年报", [320, 700], 1, 1,
                                                                 as_of))}
    for file, name, _, ages, count in GROUP_COLUMNS:
        for page in range(1, count + 1):
            path = f"{SITE}/{file}.shtml" if page == 1 else f"{SITE}/{file}_{page}.shtml"
            pages[path] = _utf8(_group_list(file, name, ages, count, page, as_of))
    for file, name, ages in GROUP_NEWS:
        pages[f"{SITE}/{file}.shtml"] = _utf8(_group_list(file, name, ages, 1, 1, as_of))
    return pages


# ---------------------------------------------------------------- a list built by script from JSON

def scripted_pages(as_of: date) -> Pages:
    frame = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
             '<div class="nav"><a href="/">首页</a><a href="/xxgk/">信息公开</a></div>{content}'
             '<div class="footer">网站标识码：3200000088 苏ICP备10010088号 苏公网安备 32010202000088号</div>'
             "</body></html>")
    tree = ('<div class="xxgk"><ul><li><a href="/xxgk/gkzn/">政府信息公开指南</a></li>'
            '<li><a href="/xxgk/zcwj/">政策文件</a></li><li><a href="/xxgk/tzgg/">通知公告</a></li></ul></div>')
    home = frame.format(title="清河市科学技术局", content='<div class="main"><p>欢迎访问。</p></div>')
    scripted = frame.format(title="政策文件_清河市科学技术局", content=(
        tree + '<div class="con"><h2>政策文件</h2><ul id="list"></ul><script>'
        "fetch('/api/zcwj.json').then(function (r) { return r.json(); }).then(function (data) {"
        " var html = ''; data.rows.forEach(function (row) { html += '<li><a href=\"' + row.url + '\">' + row.title"
        " + '</a><span>' + row.date + '</span></li>'; });"
        " document.getElementById('list').innerHTML = html; });</script></div>"))
    rows = [{"title": f"清河市科学技术局关于印发第{i}号文件的通知", "url": f"/xxgk/zcwj/t{i}.html",
             "date": _day(as_of, 5 + 20 * i)} for i in range(1, 6)]
    static_rows = "".join(f'<li><a href="./t{day.replace("-", "")}_{i}.html">通知公告第{i}号</a><span>{day}</span></li>'
                          for i, day in enumerate((_day(as_of, 3), _day(as_of, 30)), 1))
    return {
        "/": _utf8(home),
        "/xxgk/": _utf8(frame.format(title="信息公开", content=tree)),
        "/xxgk/gkzn/": _utf8(frame.format(title="政府信息公开指南", content=tree + (
            f'<div class="article"><h1>政府信息公开指南</h1><div>发布时间：{_day(as_of, 100)}</div>'
            '<div class="content"><p>本指南说明本机关主动公开和依申请公开政府信息的方式。</p></div></div>'))),
        "/xxgk/zcwj/": _utf8(scripted),
        "/xxgk/tzgg/": _utf8(frame.format(title="通知公告", content=tree + f'<ul class="list">{static_rows}</ul>')),
        "/api/zcwj.json": (json.dumps({"rows": rows}, ensure_ascii=False).encode("utf-8"), "application/json"),
    }


# ---------------------------------------------------------------- serving

class _Handler(BaseHTTPRequestHandler):
    pages: Pages = {}
    asked: list[str] | None = None

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if self.asked is not None:
            self.asked.append(self.path)
        page = self.pages.get(path, self.pages.get(path + "/") if not path.endswith("/") else None)
        if page is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            body = "<html><body><h1>404 页面不存在</h1></body></html>".encode()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)
            return
        body, kind = page
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the http.server interface)
        self._answer(True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(False)


@contextmanager
def serve(pages: Pages, log: list[str] | None = None) -> Iterator[str]:
    """Serve ``pages`` on a free 127.0.0.1 port; yields the base URL (ending in /). ``log`` gets every path
    asked for."""
    handler = type("Handler", (_Handler,), {"pages": pages, "asked": log})
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as base:
        yield base
