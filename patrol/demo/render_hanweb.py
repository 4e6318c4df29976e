"""Hanweb/大汉 JCMS style: /col/colN/index.html with a <datastore> first group, jpage dataproxy.jsp paging,
/art/YYYY/M/D/art_COL_ID.html articles with <!--<$[标题]>begin--> markers."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from patrol.demo.model import Column, Entry
from patrol.demo.render_common import Page, Style, body_text, esc

PROXY = "/module/web/jpage/dataproxy.jsp"
GROUP_PAGES = 3  # pages of records embedded in the column page (jpage "groupSize")


class HanwebStyle(Style):
    name = "hanweb"

    @property
    def webid(self) -> int:
        return 3100 + sum(map(ord, self.spec.key)) % 800

    def unitid(self, col: Column) -> int:
        return 5765000 + col.index * 3

    def catalog_path(self) -> str:
        return "/col/col1/index.html"

    def layout(self) -> None:
        for path in ("/", "/index.html"):
            self.add(path, self.render_home)
        self.add(self.catalog_path(), self.render_catalog)
        self.add_sections({"/col/col9/index.html": "网站地图", "/col/col8/index.html": "联系我们"})
        for col in self.site.columns:
            if col.kind == "group":
                continue
            col.cid = 1620000 + 11 * (col.index + 1)
            col.path = f"/col/col{col.cid}/index.html"
            self.add(col.path, partial(self.render_column, col))
            for e in col.entries:
                d = e.published or e.list_date or self.today
                e.path = e.href = f"/art/{d.year}/{d.month}/{d.day}/art_{col.cid}_{e.eid}.html"
                self.add(e.path, self.article_status(e))

    def route(self, path: str, query: dict[str, str], form: dict[str, str]) -> Page | None:
        if path == PROXY:
            return self.render_proxy({**query, **form})
        return super().route(path, query, form)

    # -- frame --------------------------------------------------------------------------------
    def head(self, title: str, extra: str = "") -> str:
        return (f'<!DOCTYPE html>\n<html>\n<head>\n{self.meta_charset()}\n'
                '<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">\n'
                f'<title>{esc(title)}</title>\n{self.site_metas()}\n{extra}\n'
                '<link rel="stylesheet" type="text/css" href="/images/hanweb.css">\n'
                '<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>\n</head>\n')

    def top(self) -> str:
        cols = [c for c in self.site.columns if c.path and c.spec.on_home][:3]
        dds = "".join(f'<dd><a href="{c.path}">{esc(c.name)}</a></dd><dd>|</dd>' for c in cols)
        xxgk = (f'<dd><a href="{self.catalog_path()}">信息公开</a></dd>' if self.spec.catalog_linked else "")
        return (f'<body>\n<div class="header"><div class="logo"><img src="/images/logo.png" '
                f'alt="{esc(self.spec.name)}"></div></div>\n<div class="nav"><div class="nav_item"><dl>'
                f'<dt><a href="/index.html">首页</a></dt>{dds}{xxgk}</dl></div></div>\n' + self.citizen_links())

    def footer(self) -> str:
        ps = "".join(f"<p>{line}</p>\n" for line in self.footer_ids())
        return ('<div class="footer"><table border="0" cellpadding="0" cellspacing="0" width="1200">'
                f'<tbody><tr><td align="center">\n<p><a href="/col/col9/index.html">网站地图</a> 丨 '
                f'<a href="/col/col8/index.html">联系我们</a></p>\n{ps}</td></tr></tbody></table></div>\n'
                "</body>\n</html>\n")

    def position(self, col: Column) -> str:
        parts = ['<td><a href="/index.html">首页</a></td>']
        if col.spec.in_catalog:
            parts.append(f'<td> &gt;<a href="{self.catalog_path()}">信息公开</a></td>')
        if col.parent is not None:
            parts.append(f"<td> &gt;<span>{esc(col.parent.name)}</span></td>")
        parts.append(f'<td> &gt;<a href="{col.path}">{esc(col.name)}</a></td>')
        return ('<div class="position"><table cellspacing="0" cellpadding="0" border="0"><tbody><tr>'
                f'<td>当前位置：</td>{"".join(parts)}</tr></tbody></table></div>\n')

    def record(self, e: Entry) -> str:
        return (f'<li><a href="{e.href}" target="_blank" title="{esc(e.title)}">{esc(e.title)}</a>'
                f"<span>{e.list_text}</span></li>")

    def datastore(self, col: Column, records: list[Entry], total: int) -> str:
        per = col.spec.per_page
        nextgroup = (f'<a href="{PROXY}?page=1&appid=1&webid={self.webid}&path=/&columnid={col.cid}'
                     f'&unitid={self.unitid(col)}&webname={quote(self.spec.name)}&permissiontype=0"></a>')
        recs = "".join(f"<record><![CDATA[\n{self.record(e)}]]></record>\n" for e in records)
        return (f"<datastore>\n<totalrecord>{total}</totalrecord>\n<totalpage>{-(-total // per)}</totalpage>\n"
                f"<nextgroup><![CDATA[{nextgroup}]]></nextgroup>\n<recordset>\n{recs}</recordset>\n"
                "</datastore>")

    # -- pages --------------------------------------------------------------------------------
    def render_home(self) -> Page:
        items = "".join(f'<li><a href="{e.path}" target="_blank" title="{esc(e.title)}">{esc(e.title)}</a>'
                        f"<span>{self.home_date(e)}</span></li>\n" for e in self.site.home_entries())
        text = (self.head(self.spec.name) + self.top()
                + f'<div class="main"><div class="tzgg"><div class="title">工作动态</div>\n<ul>\n{items}</ul>'
                "</div></div>\n" + self.footer())
        return self.page(text)

    def tree(self) -> str:
        out = []
        for col in self.site.top():
            if col.kind == "group":
                subs = "".join(f'<li class="lv2"><a href="{c.path}">{esc(c.name)}</a></li>\n'
                               for c in self.site.children(col))
                out.append(f'<li class="lv1 open"><span class="folder">{esc(col.name)}</span>\n'
                           f'<ul class="lv2-list">\n{subs}</ul></li>\n')
            elif col.spec.in_catalog:
                out.append(f'<li class="lv1"><a href="{col.path}">{esc(col.name)}</a></li>\n')
        return '<div class="xxgk-left"><div class="xxgk-tit">信息公开目录</div>\n<ul class="tree">\n' \
            + "".join(out) + "</ul></div>\n"

    def render_catalog(self) -> Page:
        metas = '<meta name="ColumnName" content="信息公开">\n<meta name="ColumnType" content="信息公开">'
        text = (self.head(f"信息公开 {self.spec.name}", metas) + self.top() + self.tree()
                + '<div class="xxgk-right"><div class="xxgk-intro"><p>根据《中华人民共和国政府信息公开条例》'
                "，本机关主动公开政府信息，接受社会监督。</p></div></div>\n" + self.footer())
        return self.page(text)

    def render_column(self, col: Column) -> Page:
        if col.kind == "page":
            return self.render_content_page(col)
        per, total, unit = col.spec.per_page, len(col.entries), self.unitid(col)
        first = col.entries[: per * GROUP_PAGES]
        param = (f"{{'col':1,'appid':1,'webid':{self.webid},'path':'/','columnid':{col.cid},"
                 f"'sourceContentType':1,'unitid':{unit},'webname':'{esc(self.spec.name)}',"
                 "'permissiontype':0}")
        jpage = ('<script language="javascript" src="/module/web/jpage/jpage.js"></script>\n'
                 "<script type=\"text/javascript\">\n$(document).ready(function(){\n"
                 f"  $('#{unit}').jpage({{\n    proxyUrl: '{PROXY}',\n    perPage: {per},\n"
                 f"    totalRecord: {total},\n    groupSize: {GROUP_PAGES},\n    barPosition: 'bottom',\n"
                 f"    ajaxParam: {param}\n  }});\n}});\n</script>\n")
        text = (self.head(f"{col.name} {self.spec.name}", self.column_metas(col)) + self.top()
                + self.position(col) + self.tree() + f'<div class="xxgk-right"><div class="lm-name">'
                f'{esc(col.name)}</div>\n<div class="default_pgContainer" id="{unit}">'
                f'<script type="text/xml">{self.datastore(col, first, total)}</script></div>\n'
                + jpage + "</div>\n" + self.footer())
        return self.page(text, col)

    def render_proxy(self, params: dict[str, str]) -> Page:
        col = next((c for c in self.site.lists() if str(c.cid) == params.get("columnid", "")), None)
        records: list[Entry] = []
        per = _int(params.get("perpage"), 15)
        if col is not None:
            start = _int(params.get("startrecord"), 1)
            end = _int(params.get("endrecord"), start + per * GROUP_PAGES - 1)
            records = col.entries[max(start, 1) - 1: max(end, 0)]
        total = len(col.entries) if col else 0
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n' + (self.datastore(col, records, total) if col else
                "<datastore>\n<totalrecord>0</totalrecord>\n<recordset>\n</recordset>\n</datastore>"))
        return Page(body.encode("utf-8"), 200, "text/xml; charset=utf-8")

    def render_content_page(self, col: Column) -> Page:
        date = f"<span>发布日期：{col.page_date.isoformat()}</span>" if col.page_date else ""
        content = esc(col.spec.body or f"{self.spec.name}{col.name}。")
        text = (self.head(f"{col.name} {self.spec.name}", self.column_metas(col)) + self.top()
                + self.position(col) + self.tree() + '<div class="xxgk-right"><div class="con">'
                f'<p class="con-title">{esc(col.name)}</p>\n<div class="small-title">{date}</div>\n'
                f'<div class="main-txt"><p>{content}</p></div></div></div>\n' + self.footer())
        return self.page(text, col)

    def render_article(self, entry: Entry) -> Page:
        col = entry.column
        metas = (f'<meta name="Maketime" content="{self.today.isoformat()} 12:28:37">\n'
                 f'<meta name="ColumnName" content="{esc(col.name)}">\n<meta name="ColumnType" content="">\n'
                 f'<meta name="ArticleTitle" content="{esc(entry.title)}">\n{self.pub_meta(entry)}\n'
                 f'<meta name="contentSource" content="{esc(self.spec.unit)}">\n'
                 f'<meta name="url" content="{entry.path}">')
        hidden = (f'<div id="hiddenLocation" style="display:none;"><span id="ss_webid">{self.webid}</span>'
                  f'<span id="col1_name">{esc(col.name)}</span><span id="col1_url">{col.path}</span></div>\n')
        shown = self.shown_date(entry, "<span>发布日期：{date} {clock}</span>")
        decoy = (f"<span>生成日期：{self.decoy_date(entry).isoformat()}</span>" if entry.spec.decoy else "")
        text = (self.head(entry.title, metas) + hidden + self.top() + self.position(col)
                + '<div class="wz-con"><div class="con">\n<p class="con-title"> '
                f"<!--<$[标题]>begin-->{esc(entry.title)}<!--<$[标题]>end--></p>\n"
                f'<div class="small-title clearfix">{shown}{decoy}<span>浏览次数： </span>'
                f"<span>信息来源：<!--<$[信息来源]>begin-->{esc(self.spec.unit)}<!--<$[信息来源]>end--></span>"
                f'</div>\n<div class="main-txt" id="zoom"><!--<$[信息内容]>begin-->'
                f"{body_text(entry.title, entry.eid)}<!--<$[信息内容]>end--></div>\n</div></div>\n"
                + self.footer())
        return self.page(text, col)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default
