"""A fixture portal for content review: the department site of ``shaped_portals`` whose newest 通知公告
article has a wrong country name in running text (and the same in quotation marks) and links to a synthetic
XLSX list, an HTML table saved as .xls and a scanned PDF. Served on 127.0.0.1 by ``shaped_portals.serve``."""

from __future__ import annotations

from datetime import date, timedelta

import shaped_portals as sp
from review_corpus import WRONG_PAGE, Corpus


def review_pages(as_of: date, corpus: Corpus, rows: int = 12) -> sp.Pages:
    """The pages; ``rows`` lines in the XLSX list's first sheet."""
    pages = sp.dept_pages(as_of)
    day = as_of - timedelta(days=2)
    path = f"/zwgk/tzgg/{day:%Y%m}/t{day:%Y%m%d}_1.html"
    links = ('<p>附件：<a href="/files/dibao.xlsx">2026年低保名单.xlsx</a> '
             '<a href="/files/butie.xls">补贴发放表.xls</a> <a href="/files/scan.pdf">审批表.pdf</a> '
             '<a href="http://10.255.255.1/files/other.xls">外站附件.xls</a></p>')  # off-site: never fetched
    pages[path] = sp._utf8(
        f'<html><head><meta charset="utf-8"><title>低保公示</title></head><body><h1>关于低保对象的公示</h1>'
        f'<div class="info">发布时间：{day.isoformat()}</div><div class="content">{WRONG_PAGE}{links}</div>'
        "</body></html>")
    # an entry of the column that is itself a document (a list published as a bare file)
    listing = pages["/zwgk/tzgg/"][0].decode("gbk")  # type: ignore[index]
    row = (f'<li><a href="/files/direct.docx" title="补贴名单">补贴名单</a>'
           f'<span class="date">{day.isoformat()}</span></li>')
    pages["/zwgk/tzgg/"] = sp._gbk(listing.replace('<div class="list"><ul>', '<div class="list"><ul>' + row, 1))
    pages["/files/direct.docx"] = (corpus.docx(),
                                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    pages["/files/dibao.xlsx"] = (corpus.xlsx(rows), sheet)
    pages["/files/butie.xls"] = (corpus.html_xls(), "application/vnd.ms-excel")
    pages["/files/scan.pdf"] = (corpus.image_pdf(), "application/pdf")
    return pages
