"""Old table-layout ASP CMS, often GB2312/GBK: list.asp?classid=N&page=K with 下一页/尾页, show.asp?id=N."""

from __future__ import annotations

from patrol.demo.model import Column, Entry
from patrol.demo.render_common import Page, Style, body_text, esc


def _relative(col: Column) -> str:
    """A column's path relative to the site root, as the table CMS writes its links."""
    return (col.path or "").lstrip("/")


class TableStyle(Style):
    name = "table"

    def home_path(self) -> str:
        return "/index.asp"

    def catalog_path(self) -> str:
        return "/xxgk.asp"

    def layout(self) -> None:
        for path in ("/", "/index.asp"):
            self.add(path, self.render_home)
        self.add(self.catalog_path(), self.render_catalog)
        self.by_class: dict[str, Column] = {}
        self.by_id: dict[str, Entry] = {}
        for col in self.site.columns:
            if col.kind == "group":
                continue
            col.cid = col.index + 1
            col.path = f"/list.asp?classid={col.cid}"
            self.by_class[str(col.cid)] = col
            for e in col.entries:
                e.href = f"show.asp?id={e.eid}"
                e.path = "/" + e.href
                self.by_id[str(e.eid)] = e

    def route(self, path: str, query: dict[str, str], form: dict[str, str]) -> Page | None:
        if path == "/list.asp":
            col = self.by_class.get(query.get("classid", ""))
            if col is None:
                return None
            page = query.get("page", "1")
            if not page.isdigit() or not 1 <= int(page) <= col.pages:
                return None
            return self.render_content_page(col) if col.kind == "page" else self.render_list(col, int(page))
        if path == "/show.asp":
            entry = self.by_id.get(query.get("id", ""))
            return self.article_status(entry)() if entry else None
        return super().route(path, query, form)

    # -- frame --------------------------------------------------------------------------------
    def head(self, title: str, col: Column | None = None, extra: str = "") -> str:
        return (f"<html>\n<head>\n{self.meta_charset(col)}\n<title>{esc(title)}</title>\n{self.site_metas()}\n"
                f'{extra}\n<link href="css/css.css" rel="stylesheet" type="text/css">\n</head>\n')

    def top(self) -> str:
        cells = "".join(f'<td align="center"><a href="{_relative(c)}" class="menu">{esc(c.name)}</a></td>'
                        for c in self.site.columns if c.spec.on_home or not c.spec.in_catalog)
        xxgk = (f'<td align="center"><a href="{self.catalog_path().lstrip("/")}" class="menu">信息公开</a></td>'
                if self.spec.catalog_linked else "")
        return ('<body topmargin="0" leftmargin="0">\n<table width="980" border="0" align="center" '
                f'cellpadding="0" cellspacing="0"><tr><td height="120" background="images/top.jpg">'
                f'<font class="sitename">{esc(self.spec.name)}</font></td></tr></table>\n'
                '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="nav"><tr>'
                f'<td align="center"><a href="index.asp" class="menu">网站首页</a></td>{cells}{xxgk}</tr></table>\n')

    def footer(self) -> str:
        lines = "<br>\n".join(self.footer_ids())
        return ('<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="bottom">'
                f'<tr><td align="center" height="80">版权所有：{esc(self.spec.unit)}<br>\n{lines}</td></tr>'
                "</table>\n</body>\n</html>\n")

    def pager(self, col: Column, page: int) -> str:
        n, link = col.pages, f"list.asp?classid={col.cid}&amp;page="
        first = "首页 上一页" if page == 1 else f'<a href="{link}1">首页</a> <a href="{link}{page - 1}">上一页</a>'
        last = "下一页 尾页" if page == n else f'<a href="{link}{page + 1}">下一页</a> <a href="{link}{n}">尾页</a>'
        return (f'<div class="pages">共{len(col.entries)}条记录&nbsp;页次：{page}/{n}&nbsp;'
                f"每页{col.spec.per_page}条&nbsp;{first} {last}</div>")

    # -- pages --------------------------------------------------------------------------------
    def render_home(self) -> Page:
        rows = "".join(f'<tr><td height="24">·<a href="{e.href}" target="_blank">{esc(e.title)}</a></td>'
                       f'<td width="90" align="right">{self.home_date(e)}</td></tr>\n'
                       for e in self.site.home_entries())
        text = (self.head(self.spec.name) + self.top()
                + '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr>'
                '<td class="title">教育动态</td></tr>\n<tr><td><table width="100%" border="0">\n'
                + rows + "</table></td></tr></table>\n" + self.citizen_links() + self.footer())
        return self.page(text)

    def render_catalog(self) -> Page:
        rows = []
        for col in self.site.top():
            if col.kind == "group":
                subs = "&nbsp;&nbsp;".join(f'<a href="{_relative(c)}">{esc(c.name)}</a>'
                                           for c in self.site.children(col))
                rows.append(f'<tr><td class="lm"><b>{esc(col.name)}</b></td><td>{subs}</td></tr>\n')
            elif col.spec.in_catalog:
                rows.append(f'<tr><td class="lm" colspan="2"><a href="{_relative(col)}">'
                            f"{esc(col.name)}</a></td></tr>\n")
        text = (self.head(f"政府信息公开 - {self.spec.name}") + self.top()
                + '<table width="980" border="1" align="center" cellpadding="4" cellspacing="0" class="xxgk">'
                '<tr><td colspan="2" class="title">政府信息公开目录</td></tr>\n' + "".join(rows) + "</table>\n"
                + self.footer())
        return self.page(text)

    def render_list(self, col: Column, page: int) -> Page:
        rows = "".join(
            f'<tr><td height="25" class="tt">·<a href="{e.href}" target="_blank" title="{esc(e.title)}">'
            f'{esc(e.title)}</a></td><td width="120" align="right" class="time">{esc(e.list_text)}</td></tr>\n'
            for e in col.page_entries(page - 1))
        text = (self.head(f"{col.name}-{self.spec.name}", col, self.column_metas(col)) + self.top()
                + '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr>'
                f'<td class="weizhi">您现在的位置：<a href="index.asp">首页</a> &gt;&gt; {esc(col.name)}</td></tr>\n'
                '<tr><td><table width="100%" border="0" cellpadding="0" cellspacing="0" class="list">\n'
                + rows + "</table></td></tr>\n"
                f"<tr><td align=\"center\">{self.pager(col, page)}</td></tr></table>\n" + self.footer())
        return self.page(text, col)

    def render_content_page(self, col: Column) -> Page:
        date = f"更新时间：{col.page_date.isoformat()}" if col.page_date else ""
        content = esc(col.spec.body or f"{self.spec.name}{col.name}。")
        text = (self.head(f"{col.name}-{self.spec.name}", col, self.column_metas(col)) + self.top()
                + f'<table width="980" align="center"><tr><td class="title" align="center">{esc(col.name)}</td>'
                f'</tr>\n<tr><td align="center">{date}</td></tr>\n<tr><td class="content">{content}</td></tr>'
                "</table>\n" + self.footer())
        return self.page(text, col)

    def render_article(self, entry: Entry) -> Page:
        col = entry.column
        metas = f'<meta name="ArticleTitle" content="{esc(entry.title)}">\n{self.pub_meta(entry)}'
        shown = self.shown_date(entry, "发布日期：{date} {clock}&nbsp;&nbsp;")
        decoy = f"生成日期：{self.decoy_date(entry).isoformat()}&nbsp;&nbsp;" if entry.spec.decoy else ""
        text = (self.head(f"{entry.title}-{self.spec.name}", col, metas) + self.top()
                + '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">'
                f'<tr><td class="weizhi">您现在的位置：<a href="index.asp">首页</a> &gt;&gt; '
                f'<a href="{_relative(col)}">{esc(col.name)}</a></td></tr>\n'
                f'<tr><td align="center" class="arttitle"><b>{esc(entry.title)}</b></td></tr>\n'
                f'<tr><td align="center" class="artinfo">{shown}{decoy}来源：{esc(self.spec.unit)}&nbsp;&nbsp;'
                f'点击数：{entry.eid % 997}</td></tr>\n<tr><td class="content">{body_text(entry.title, entry.eid)}'
                "</td></tr></table>\n" + self.footer())
        return self.page(text, col)
