"""A TRS portal whose home page reaches the 信息公开目录 only the way many real home pages do.

- ``/``: the top navigation is written by ``document.write`` strings; its 政务公开 entry is
  ``/zwgk.html``, a redirect stub (``window.location.href``); the 信息公开 entry is an image with no
  alt text (``/images/rk_zwgk.jpg`` → ``/zwgk/``); a 领导之窗 list of leaders' names and a dated news
  list sit beside them (neither is the catalog).
- ``/zwgk/``: the 政务公开 landing page: the newest entries of every column merged into one list, and a
  sub-navigation kept as a JS menu array whose 政府信息公开目录 entry leads to ``/xxgk/``.
- ``/xxgk/``: the 政府信息公开目录, its column tree written by ``document.write`` of literal strings.
Column lists and articles are those of the TRS style (``/xxgk/<group>/<col>/index.html`` …).
"""

from __future__ import annotations

import json
from functools import partial

from patrol.demo.model import Column
from patrol.demo.render_common import Page, esc
from patrol.demo.render_trs import TrsStyle

LEADERS = (("张明远", "局长"), ("李华", "副局长"), ("王建国", "副局长"), ("陈静", "总工程师"))


def _js(text: str) -> str:
    """A JS single-quoted string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class GatewayStyle(TrsStyle):
    name = "gateway"

    def layout(self) -> None:
        super().layout()
        self.add("/zwgk.html", self.render_stub)
        for path in ("/zwgk/", "/zwgk/index.html"):
            self.add(path, self.render_landing)
        for i, _ in enumerate(LEADERS, 1):
            self.add(f"/ldzc/ld{i}.html", partial(self.render_leader, i))

    # -- frame --------------------------------------------------------------------------------
    def scripted_nav(self) -> str:
        news = next((c for c in self.site.columns if c.spec.on_home), None)
        items = [("首页", "/"), ("林业要闻", news.path if news and news.path else "/"), ("政务公开", "/zwgk.html"),
                 ("互动交流", "/hdjl/")]
        writes = [_js(f'<li><a href="{href}">{esc(name)}</a></li>') for name, href in items]
        lines = "\n".join(f"document.write({w});" for w in writes)
        return (f'<div class="nav"><ul>\n<script type="text/javascript">\n'
                f"document.write('<li class=\"nav-first\"></li>');\n{lines}\n</script>\n</ul></div>\n")

    # -- pages --------------------------------------------------------------------------------
    def render_home(self) -> Page:
        s = self.spec
        news = "".join(
            f'<li><a href="{e.path}" target="_blank" title="{esc(e.title)}">{esc(e.title)}</a>'
            f'<span class="date">{self.home_date(e)}</span></li>\n' for e in self.site.home_entries())
        leaders = "".join(f'<li><a href="/ldzc/ld{i}.html" target="_blank">{esc(name)}</a>'
                          f"<span>{esc(post)}</span></li>\n" for i, (name, post) in enumerate(LEADERS, 1))
        text = (self.head(s.name) + f'<body>\n<div class="top"><div class="logo"><a href="/"><img '
                f'src="/images/logo.png" alt="{esc(s.name)}"></a></div>\n' + self.scripted_nav() + "</div>\n"
                + self.citizen_links() +
                '<div class="main"><div class="ldzc"><div class="hd"><h3>领导之窗</h3></div>\n'
                f'<ul class="ld-list">\n{leaders}</ul></div>\n'
                '<div class="news"><div class="hd"><h3>林业要闻</h3></div>\n'
                f'<ul class="news-list">\n{news}</ul></div>\n'
                '<div class="rk"><a href="./zwgk/" target="_blank"><img src="./images/rk_zwgk.jpg" '
                'width="280" height="90" border="0"></a>\n'
                '<a href="/hdjl/" target="_blank"><img src="./images/rk_hdjl.jpg" border="0"></a></div></div>\n'
                + self.footer())
        return self.page(text)

    def render_stub(self) -> Page:
        text = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                '<title>政务公开</title>\n<script type="text/javascript">\nwindow.location.href = "/zwgk/";\n'
                "</script>\n</head><body><noscript>页面正在跳转……</noscript></body></html>\n")
        return self.page(text)

    def render_landing(self) -> Page:
        recent = sorted(((e.published, e) for c in self.site.lists() for e in c.entries
                         if e.published and e.published <= self.today and e.status == 200),
                        key=lambda pe: pe[0], reverse=True)[:12]
        items = "".join(f'<li><span class="lm">[{esc(e.column.name)}]</span><a href="{e.path}" target="_blank">'
                        f"{esc(e.title)}</a><span class=\"date\">{published.isoformat()}</span></li>\n"
                        for published, e in recent)
        menu = [{"name": "政策解读", "url": "/zwgk/zcjd/"}, {"name": "新闻发布会", "url": "/zwgk/xwfbh/"},
                {"name": "政府信息公开目录", "url": self.catalog_path()},
                {"name": "依申请公开", "url": "/zwgk/ysqgk/"}]
        text = (self.head(f"政务公开_{self.spec.name}") + self.top()
                + '<div class="zwgk-left"><ul id="zwgkMenu"></ul>\n<script type="text/javascript">\n'
                f"var zwgkMenu = {json.dumps(menu, ensure_ascii=False)};\n"
                "for (var i = 0; i < zwgkMenu.length; i++) {\n"
                "  $('#zwgkMenu').append('<li><a href=\"' + zwgkMenu[i].url + '\">'\n"
                "    + zwgkMenu[i].name + '</a></li>');\n"
                "}\n</script></div>\n"
                '<div class="zwgk-right"><div class="hd"><h3>最新公开</h3></div>\n'
                f'<ul class="zwgk-list">\n{items}</ul></div>\n' + self.footer())
        return self.page(text)

    def render_catalog(self) -> Page:
        lines = []
        for col in self.site.top():
            if col.kind == "group":
                lines.append(f"<li class=\"group\"><span>{esc(col.name)}</span><ul class=\"sub\">")
                lines += [f'<li><a href="{c.path}">{esc(c.name)}</a></li>' for c in self.site.children(col)]
                lines.append("</ul></li>")
            elif col.spec.in_catalog:
                lines.append(f'<li><a href="{col.path}">{esc(col.name)}</a></li>')
        writes = "\n".join(f"document.write({_js(line)});" for line in lines)
        metas = '<meta name="ColumnName" content="政府信息公开目录">'
        text = (self.head(f"政府信息公开目录_{self.spec.name}", metas) + self.top()
                + '<div class="gkml-left"><div class="title">政府信息公开目录</div><ul class="gkml-tree">\n'
                f"<script type=\"text/javascript\">\n{writes}\n</script>\n</ul></div>\n"
                '<div class="gkml-right"><p>请选择左侧栏目查看公开信息。</p></div>\n' + self.footer())
        return self.page(text)

    def render_leader(self, i: int) -> Page:
        name, post = LEADERS[i - 1]
        text = (self.head(f"{name}_{self.spec.name}") + self.top()
                + f'<div class="leader"><h1>{esc(name)}</h1><p>{esc(post)}：负责局全面工作。</p></div>\n'
                + self.footer())
        return self.page(text)

    def crumbs(self, col: Column) -> str:
        return super().crumbs(col).replace("政府信息公开</a>", "政府信息公开目录</a>", 1)
