"""TRS WCM style: /xxgk/ catalog portal, table lists paged by createPageHTML(), ./YYYYMM/tYYYYMMDD_N.html."""

from __future__ import annotations

from functools import partial

from patrol.demo.model import Column, Entry
from patrol.demo.render_common import Page, Style, body_text, esc

PAGER_JS = """<script language="javascript">
<!--
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0)
    document.write("<span>首页</span>&nbsp;<span>上一页</span>&nbsp;");
  else {
    document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a>&nbsp;");
    var prev = nCurrIndex==1 ? _sPageName+"."+_sPageExt : _sPageName+"_"+(nCurrIndex-1)+"."+_sPageExt;
    document.write("<a href=\\""+prev+"\\">上一页</a>&nbsp;");
  }
  if(nCurrIndex < _nPageCount-1){
    document.write("<a href=\\""+_sPageName+"_"+(nCurrIndex+1)+"."+_sPageExt+"\\">下一页</a>&nbsp;");
    document.write("<a href=\\""+_sPageName+"_"+(_nPageCount-1)+"."+_sPageExt+"\\">尾页</a>");
  } else
    document.write("<span>下一页</span>&nbsp;<span>尾页</span>");
  document.write("&nbsp;共"+_nPageCount+"页");
} //WCM置标
-->
</script>"""


def count_page_pager(count: int, current: int) -> str:
    """The stock TRS list template: the page count in a script variable ended by a `//` comment, then the
    call (createPageHTML itself comes from an external script)."""
    return ('<script language="JavaScript">\n'
            f"var countPage = {count}//共多少页\n"
            '//document.write("共"+countPage+"页&nbsp;&nbsp;");\n'
            f'createPageHTML(countPage, {current}, "index", "html");\n</script>')


class TrsStyle(Style):
    name = "trs"

    def catalog_path(self) -> str:
        return "/xxgk/"

    def layout(self) -> None:
        for path in ("/", "/index.html"):
            self.add(path, self.render_home)
        for path in ("/xxgk/", "/xxgk/index.html"):
            self.add(path, self.render_catalog)
        self.add("/js/createPageHTML.js", self.render_pager_script)
        self.add_sections({"/hdjl/": "互动交流", "/zwfw/": "政务服务", "/wzdt/": "网站地图", "/lxwm/": "联系我们"})
        for col in self.site.columns:
            self._layout_column(col)

    def _layout_column(self, col: Column) -> None:
        if col.kind == "group":
            return
        base = "/xxgk/" if col.spec.in_catalog else "/"
        if col.parent is not None:
            base += col.parent.spec.slug + "/"
        col.path = f"{base}{col.spec.slug}/"
        if col.kind == "page":
            for path in (col.path, col.path + "index.html"):
                self.add(path, partial(self.render_content_page, col))
            return
        for page in range(col.pages):
            name = "index.html" if page == 0 else f"index_{page}.html"
            self.add(col.path + name, partial(self.render_list, col, page))
        self.add(col.path, partial(self.render_list, col, 0))
        for e in col.entries:
            d = e.published or e.list_date or self.today
            rel = f"{d:%Y%m}/t{d:%Y%m%d}_{e.eid}.html"
            e.href, e.path = "./" + rel, col.path + rel
            self.add(e.path, self.article_status(e))

    # -- frame --------------------------------------------------------------------------------
    def head(self, title: str, extra: str = "") -> str:
        return (f"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>\n<head>\n"
                f"{self.meta_charset()}\n{self.site_metas()}\n{extra}\n<title>{esc(title)}</title>\n"
                '<link href="/images/style.css" rel="stylesheet" type="text/css">\n</head>\n')

    def top(self) -> str:
        s = self.spec
        return (f'<body>\n<div class="top"><div class="logo"><a href="/"><img src="/images/logo.png" '
                f'alt="{esc(s.name)}"></a></div>\n<div class="nav"><ul>\n<li><a href="/">首页</a></li>\n'
                + (f'<li><a href="{self.catalog_path()}">政府信息公开</a></li>\n' if s.catalog_linked else "")
                + '<li><a href="/hdjl/">互动交流</a></li>\n<li><a href="/zwfw/">政务服务</a></li>\n'
                '</ul></div></div>\n' + self.citizen_links())

    def footer(self) -> str:
        rows = "".join(f'<tr><td align="center">{line}</td></tr>\n' for line in self.footer_ids())
        return (f'<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" '
                f'class="foot">\n<tr><td align="center"><a href="/wzdt/">网站地图</a> | '
                f'<a href="/lxwm/">联系我们</a></td></tr>\n{rows}</table>\n</body>\n</html>\n')

    def crumbs(self, col: Column) -> str:
        parts = ['<a href="/">首页</a>']
        if col.spec.in_catalog:
            parts.append(f'<a href="{self.catalog_path()}">政府信息公开</a>')
        if col.parent is not None:
            parts.append(f"<span>{esc(col.parent.name)}</span>")
        parts.append(f'<a href="{col.path}">{esc(col.name)}</a>')
        return '<div class="position">当前位置：' + " &gt; ".join(parts) + "</div>\n"

    # -- pages --------------------------------------------------------------------------------
    def render_home(self) -> Page:
        items = "".join(
            f'<li><a href="{e.path}" target="_blank" title="{esc(e.title)}">{esc(e.title)}</a>'
            f'<span class="date">{self.home_date(e)}</span></li>\n'
            for e in self.site.home_entries())
        more = next((c.path for c in self.site.columns if c.spec.on_home), "/")
        text = (self.head(self.spec.name) + self.top()
                + f'<div class="main"><div class="news"><div class="hd"><h3>要闻</h3>'
                f'<a href="{more}" class="more">更多&gt;&gt;</a></div>\n<ul>\n{items}</ul></div></div>\n'
                + self.footer())
        return self.page(text)

    def render_catalog(self) -> Page:
        nav = []
        for col in self.site.top():
            if col.kind == "group":
                subs = "".join(f'<li><a href="{self.link(c)}" target="_blank">{esc(c.name)}</a></li>\n'
                               for c in self.site.children(col))
                nav.append(f'<li class="group"><div class="su-l2"><span>{esc(col.name)}</span></div>\n'
                           f'<ul class="sub">\n{subs}</ul></li>\n')
            elif col.spec.in_catalog:
                nav.append(f'<li><div class="su-l2"><a href="{self.link(col)}" target="_blank">'
                           f"{esc(col.name)}</a></div></li>\n")
        recent = sorted(((e.published, e) for c in self.site.lists() if c.spec.in_catalog for e in c.entries
                         if e.published and e.published <= self.today and e.status == 200),
                        key=lambda pe: pe[0], reverse=True)[:10]
        items = "".join(f'<li><a href="{e.path}" target="_blank"><p>{esc(e.title)}</p></a>'
                        f"<span>{published.isoformat()}</span></li>\n" for published, e in recent)
        metas = ('<meta name="ColumnName" content="政府信息公开">\n'
                 '<meta name="ColumnType" content="信息公开">')
        text = (self.head(f"{self.spec.name}政府信息公开", metas) + self.top()
                + '<div class="sx-c1-left"><ul class="sx-uls">\n'
                '<!--<li><div class="su-l2"><a href="/xxgk/ldfg/">领导分工</a></div></li>-->\n'
                + "".join(nav) + '</ul></div>\n<div class="sx-c1-right"><div class="sx-c1-title">'
                '<h1>近期信息公开</h1></div>\n<ul class="sx-c1-list">\n' + items + "</ul></div>\n"
                + self.footer())
        return self.page(text)

    def _row(self, e: Entry) -> str:
        mark = '<font color="#FF0000">[置顶]</font>&nbsp;' if e.spec.pinned else ""
        return ('<TR>\n<TD height=25 align="left"><IMG src="/images/dot.gif" width=4 height=6 />&nbsp;'
                f'{mark}<A \nhref="{e.href}" target="_blank" title="{esc(e.title)}">{esc(e.title)}</A></TD>\n'
                f'<TD width="80" align="right">{e.list_text}</TD>\n</TR>\n')

    def render_pager_script(self) -> Page:
        source = PAGER_JS.split("<!--\n", 1)[1].rsplit("-->", 1)[0]
        return Page(source.encode("utf-8"), content_type="application/javascript; charset=utf-8")

    def render_list(self, col: Column, page: int) -> Page:
        rows = []
        for i, e in enumerate(col.page_entries(page), 1):
            rows.append(self._row(e))
            if i % 5 == 0:
                rows.append('<TR height=1>\n<TD colspan=2 class="GroupBlankLine"></TD>\n</TR>\n')
        siblings = self.site.children(col.parent) if col.parent else [col]
        side = "".join(f'<li><a href="{c.path}">{esc(c.name)}</a></li>\n' for c in siblings if c.path)
        countpage = col.spec.pager == "countpage"
        script = '<script src="/js/createPageHTML.js"></script>' if countpage else PAGER_JS
        pager = (count_page_pager(col.pages, page) if countpage
                 else f'<script>createPageHTML({col.pages}, {page}, "index", "html");</script>')
        text = (self.head(f"{col.name}_{self.spec.name}", self.column_metas(col) + "\n" + script)
                + self.top() + self.crumbs(col)
                + f'<div class="left"><div class="lmmc">{esc(col.parent.name if col.parent else col.name)}'
                f'</div><ul class="sublm">\n{side}</ul></div>\n<div class="right">'
                f'<div class="lm-title">{esc(col.name)}</div>\n'
                '<TABLE width="97%" border=0 align="center" cellPadding=1 cellSpacing=1>\n<TBODY>\n'
                + "".join(rows) + "</TBODY>\n</TABLE>\n"
                f'<div class="page">{pager}</div></div>\n' + self.footer())
        return self.page(text, col)

    def render_content_page(self, col: Column) -> Page:
        date = f"<span>发布时间：{col.page_date.isoformat()}</span>" if col.page_date else ""
        content = esc(col.spec.body or f"{self.spec.name}{col.name}。")
        text = (self.head(f"{col.name}_{self.spec.name}", self.column_metas(col)) + self.top()
                + self.crumbs(col) + f'<div class="article"><h1>{esc(col.name)}</h1>\n'
                f'<div class="info">{date}</div>\n<div class="TRS_Editor"><p>{content}</p></div></div>\n'
                + self.footer())
        return self.page(text, col)

    def render_article(self, entry: Entry) -> Page:
        col = entry.column
        metas = (f'<meta name="ColumnName" content="{esc(col.name)}">\n'
                 f'<meta name="ColumnType" content="{esc(col.name)}">\n'
                 f'<meta name="ArticleTitle" content="{esc(entry.title)}">\n{self.pub_meta(entry)}\n'
                 f'<meta name="ContentSource" content="{esc(self.spec.unit)}">')
        shown = self.shown_date(entry, "<span>发布时间：{date} {clock}</span>")
        decoy = (f'<table class="xxgk-table"><tr><td>索引号：{self.spec.site_id_code or "000000"}/'
                 f'{self.today.year}-{entry.eid:05d}</td><td>生成日期：{self.decoy_date(entry).isoformat()}</td>'
                 f"<td>发布机构：{esc(self.spec.unit)}</td></tr></table>\n" if entry.spec.decoy else "")
        text = (self.head(entry.title, metas) + self.top() + self.crumbs(col) + decoy
                + f'<div class="article"><h1>{esc(entry.title)}</h1>\n<div class="info">{shown}'
                f"<span>来源：{esc(self.spec.unit)}</span></div>\n"
                f'<div class="TRS_Editor">{body_text(entry.title, entry.eid)}</div></div>\n' + self.footer())
        return self.page(text, col)
