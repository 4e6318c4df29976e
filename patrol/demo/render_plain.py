"""A plain ul/li CMS: /zwgk/<slug>/index.html, index_2.html … with 下一页 links, content_N.html articles."""

from __future__ import annotations

from functools import partial

from patrol.demo.model import Column, Entry
from patrol.demo.render_common import Page, Style, body_text, esc


class PlainStyle(Style):
    name = "plain"

    def catalog_path(self) -> str:
        return "/zwgk/index.html"

    def layout(self) -> None:
        for path in ("/", "/index.html"):
            self.add(path, self.render_home)
        for path in ("/zwgk/", "/zwgk/index.html"):
            self.add(path, self.render_catalog)
        for col in self.site.columns:
            if col.kind == "group":
                continue
            base = "/zwgk/" if col.spec.in_catalog else "/"
            col.path = f"{base}{col.spec.slug}/"
            if col.kind == "page":
                for path in (col.path, col.path + "index.html"):
                    self.add(path, partial(self.render_content_page, col))
                continue
            if col.spec.stub:  # the column root only sends the browser on to list.html
                for path in (col.path, col.path + "index.html"):
                    self.add(path, partial(self.render_stub, col))
            else:
                self.add(col.path, partial(self.render_list, col, 0))
            for page in range(col.pages):
                self.add(col.path + self.page_name(page, col), partial(self.render_list, col, page))
            for e in col.entries:
                e.href = f"content_{e.eid}.html"
                e.path = col.path + e.href
                self.add(e.path, self.article_status(e))

    @staticmethod
    def page_name(page: int, col: Column | None = None) -> str:
        """EmpireCMS-style names: the first page unnumbered, then ``_2``, ``_3`` … (no ``_1``)."""
        base = "list" if col is not None and col.spec.stub else "index"
        return f"{base}.html" if page == 0 else f"{base}_{page + 1}.html"

    # -- frame --------------------------------------------------------------------------------
    def head(self, title: str, extra: str = "") -> str:
        return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{esc(title)}</title>\n{self.site_metas()}\n{extra}\n"
                '<link rel="stylesheet" href="/static/css/main.css">\n</head>\n')

    def top(self) -> str:
        links = ['<li><a href="/">首页</a></li>']
        links += [f'<li><a href="{c.path}">{esc(c.name)}</a></li>' for c in self.site.columns
                  if c.path and (c.spec.on_home or not c.spec.in_catalog)]
        if self.spec.catalog_linked:
            links.append(f'<li><a href="{self.catalog_path()}">政府信息公开</a></li>')
        return (f'<body>\n<header class="header"><h1 class="site-name">{esc(self.spec.name)}</h1>\n'
                f'<nav class="menu"><ul>{"".join(links)}</ul></nav></header>\n' + self.citizen_links())

    def footer(self) -> str:
        spans = "".join(f"<span>{line}</span>\n" for line in self.footer_ids())
        return f'<footer class="footer">\n{spans}</footer>\n</body>\n</html>\n'

    def pager(self, col: Column, page: int) -> str:
        n = col.pages
        if n <= 1:
            return ""
        if col.spec.pager == "empire":
            return self.empire_pager(col, page)
        name = lambda k: self.page_name(k, col)  # noqa: E731
        parts = [f'<a href="{name(0)}">首页</a>']
        if page > 0:
            parts.append(f'<a href="{name(page - 1)}">上一页</a>')
        parts.append(f'<span class="current">{page + 1}</span>')
        if page < n - 1:
            parts.append(f'<a href="{name(page + 1)}">下一页</a>')
        parts.append(f'<a href="{name(n - 1)}">尾页</a>')
        return f'<div class="pagination">{"".join(parts)}<span>共{n}页</span></div>\n'

    def empire_pager(self, col: Column, page: int) -> str:
        """EmpireCMS `[!--show.listpage--]`: record count, numbered site-absolute links, 下一页/尾页;
        the last page has no 下一页 link."""
        link = lambda k: (col.path or "") + self.page_name(k, col)  # noqa: E731
        parts = [f'<a title="Total record">&nbsp;<b>{len(col.entries)}</b> </a>&nbsp;&nbsp;']
        if page > 0:
            parts.append(f'<a href="{link(0)}">首页</a>&nbsp;<a href="{link(page - 1)}">上一页</a>&nbsp;')
        parts += [f"<b>{k + 1}</b>&nbsp;" if k == page else f'<a href="{link(k)}">{k + 1}</a>&nbsp;'
                  for k in range(col.pages)]
        if page < col.pages - 1:
            parts.append(f'<a href="{link(page + 1)}">下一页</a>&nbsp;<a href="{link(col.pages - 1)}">尾页</a>')
        return f'<div class="epages">{"".join(parts)}</div>\n'

    def render_stub(self, col: Column) -> Page:
        target = self.page_name(0, col)
        text = (f'<html>\n<head>\n<meta charset="utf-8">\n<title>{esc(col.name)}</title>\n</head>\n<body>\n'
                f'<script type="text/javascript">window.location.href = "{target}";</script>\n'
                f'<p>页面正在跳转，如果没有自动跳转，请<a href="{target}">点击这里</a>。</p>\n</body>\n</html>\n')
        return self.page(text, col)

    # -- pages --------------------------------------------------------------------------------
    def render_home(self) -> Page:
        items = "".join(f'<li><a href="{e.path}" title="{esc(e.title)}">{esc(e.title)}</a>'
                        f'<span class="date">{self.home_date(e)}</span></li>\n' for e in self.site.home_entries())
        text = (self.head(self.spec.name) + self.top()
                + f'<main><section class="box"><h2>工作动态</h2>\n<ul class="news-list">\n{items}</ul>'
                "</section></main>\n" + self.footer())
        return self.page(text)

    def render_catalog(self) -> Page:
        out = []
        for col in self.site.top():
            if col.kind == "group":
                subs = "".join(f'<li><a href="{c.path}">{esc(c.name)}</a></li>' for c in self.site.children(col))
                out.append(f'<li><h3>{esc(col.name)}</h3><ul class="sub">{subs}</ul></li>\n')
            elif col.spec.in_catalog:
                out.append(f'<li><a href="{col.path}">{esc(col.name)}</a></li>\n')
        text = (self.head(f"政府信息公开-{self.spec.name}") + self.top()
                + f'<main><aside class="catalog"><h2>政府信息公开</h2>\n<ul>\n{"".join(out)}</ul></aside></main>\n'
                + self.footer())
        return self.page(text)

    def render_list(self, col: Column, page: int) -> Page:
        items = "".join(f'<li><a href="{e.href}" title="{esc(e.title)}">{esc(e.title)}</a>'
                        f'<span class="date">{esc(e.list_text)}</span></li>\n' for e in col.page_entries(page))
        empty = "" if col.entries else '<p class="empty">暂无信息</p>\n'
        text = (self.head(f"{col.name}-{self.spec.name}", self.column_metas(col)) + self.top()
                + f'<main><div class="crumb"><a href="/">首页</a> &gt; {esc(col.name)}</div>\n'
                f'<section class="box"><h2>{esc(col.name)}</h2>\n<ul class="news-list">\n{items}</ul>\n'
                f"{empty}{self.pager(col, page)}</section></main>\n" + self.footer())
        return self.page(text, col)

    def render_content_page(self, col: Column) -> Page:
        date = f'<p class="meta">发布时间：{col.page_date.isoformat()}</p>' if col.page_date else ""
        content = esc(col.spec.body or f"{self.spec.name}{col.name}。")
        text = (self.head(f"{col.name}-{self.spec.name}", self.column_metas(col)) + self.top()
                + f"<main><article><h1>{esc(col.name)}</h1>{date}<div class=\"content\"><p>{content}</p></div>"
                "</article></main>\n" + self.footer())
        return self.page(text, col)

    def render_article(self, entry: Entry) -> Page:
        col = entry.column
        metas = f'<meta name="ArticleTitle" content="{esc(entry.title)}">\n{self.pub_meta(entry)}'
        shown = self.shown_date(entry, "<span>日期：{date}</span>")
        text = (self.head(f"{entry.title}-{self.spec.name}", metas) + self.top()
                + f'<main><div class="crumb"><a href="/">首页</a> &gt; <a href="{col.path}">{esc(col.name)}</a>'
                f'</div>\n<article><h1>{esc(entry.title)}</h1>\n<p class="meta">{shown}'
                f"<span>来源：{esc(self.spec.unit)}</span></p>\n<div class=\"content\">"
                f"{body_text(entry.title, entry.eid)}</div></article></main>\n" + self.footer())
        return self.page(text, col)
