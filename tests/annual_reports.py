"""政府信息公开工作年度报告 fixtures in the 国办公开办函〔2021〕30号 layout: an HTML page (right, or with defects),
the same report as a DOCX (python-docx) and as a text PDF (reportlab, a CID font), and a scanned PDF (an
image, no text). Built at test time; the tables carry the real merged header cells."""

from __future__ import annotations

import io
from dataclasses import dataclass

HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
NAME = "清河市市场监督管理局"
# 办理结果 rows: (group label or None, its row count, item label); 7 applicant columns each
RESULTS = [("（一）予以公开", 1, None), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, None),
           ("（三）不予公开", 8, "1.属于国家秘密"), (None, 0, "2.其他法律行政法规禁止公开"),
           (None, 0, "3.危及“三安全一稳定”"), (None, 0, "4.保护第三方合法权益"), (None, 0, "5.属于三类内部事务信息"),
           (None, 0, "6.属于四类过程性信息"), (None, 0, "7.属于行政执法案卷"), (None, 0, "8.属于行政查询事项"),
           ("（四）无法提供", 3, "1.本机关不掌握相关政府信息"), (None, 0, "2.没有现成信息需要另行制作"),
           (None, 0, "3.补正后申请内容仍不明确"),
           ("（五）不予处理", 2, "1.信访举报投诉类申请"), (None, 0, "2.重复申请"),
           ("（六）其他处理", 1, "1.其他")]
APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
REVIEW = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@dataclass(frozen=True)
class Report:
    """A report's content; the defaults are right, each argument plants one defect."""

    year: int = 2025
    title: str | None = None  # None: ``<NAME><year>年政府信息公开工作年度报告``
    drop: str | None = None  # a heading left out
    total_off: int = 0  # added to the 自然人 总计
    review_cell: str | None = None  # the first of section 四's 15 cells, replaced

    @property
    def heading(self) -> str:
        return self.title or f"{NAME}{self.year}年政府信息公开工作年度报告"

    def result_numbers(self) -> list[list[int]]:
        rows = [[(i + col) % 3 for col in range(6)] for i in range(len(RESULTS))]
        return [r + [sum(r)] for r in rows]

    def total(self) -> list[int]:
        sums = [sum(col) for col in zip(*self.result_numbers(), strict=True)]
        return [sums[0] + self.total_off, *sums[1:]]

    def review(self) -> list[str]:
        cells = ["0", "1", "0", "0", "1", "2", "0", "0", "0", "2", "0", "0", "0", "0", "0"]
        return [self.review_cell, *cells[1:]] if self.review_cell is not None else cells

    def headings(self) -> list[str]:
        return [h for h in HEADINGS if h != self.drop]


def _nums(values: list) -> str:
    return "".join(f"<td>{v}</td>" for v in values)


def _requests_table(r: Report) -> str:
    rows = ['<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
            '<td colspan="7">申请人情况</td></tr>',
            '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
            "<tr>" + "".join(f"<td>{a}</td>" for a in APPLICANTS[1:6]) + "</tr>",
            f'<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>{_nums([5, 1, 0, 0, 0, 0, 6])}</tr>',
            f'<tr><td colspan="3">二、上年结转政府信息公开申请数量</td>{_nums([0] * 7)}</tr>']
    numbers = r.result_numbers()
    for i, ((group, span, item), values) in enumerate(zip(RESULTS, numbers, strict=True)):
        first = '<td rowspan="17">三、本年度办理结果</td>' if i == 0 else ""
        if item is None:
            label = f'<td colspan="2">{group}</td>'
        else:
            label = (f'<td rowspan="{span}">{group}</td>' if group else "") + f"<td>{item}</td>"
        rows.append(f"<tr>{first}{label}{_nums(values)}</tr>")
    rows.append(f'<tr><td colspan="2">（七）总计</td>{_nums(r.total())}</tr>')
    rows.append(f'<tr><td colspan="3">四、结转下年度继续办理</td>{_nums([0] * 7)}</tr>')
    return '<table border="1" class="report">' + "".join(rows) + "</table>"


def _review_table(r: Report) -> str:
    head = "".join(f'<td rowspan="2">{h}</td>' for h in REVIEW)
    return ('<table border="1" class="report"><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
            f'<tr>{head}<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>'
            "<tr>" + "".join(f"<td>{h}</td>" for h in REVIEW * 2) + "</tr>"
            f"<tr>{_nums(r.review())}</tr></table>")


def _section_html(r: Report, heading: str) -> str:
    body = f"<p><strong>{heading}</strong></p>"
    if heading.startswith("三"):
        return body + _requests_table(r)
    if heading.startswith("四"):
        return body + _review_table(r)
    return body + f"<p>{heading[2:]}：本机关认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好各项工作。</p>"


def report_html(r: Report = Report()) -> str:
    """The report as a TRS-style article page, UTF-8."""
    sections = "".join(_section_html(r, h) for h in r.headings())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{r.heading}_{NAME}</title>'
            f'<meta name="ArticleTitle" content="{r.heading}"></head><body>'
            '<div class="position">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>'
            f'<div class="article"><h1>{r.heading}</h1><div class="info">发布时间：{r.year + 1}-03-15</div>'
            f'<div class="TRS_Editor"><p>本报告依据《中华人民共和国政府信息公开条例》编制。</p>{sections}</div>'
            "</div></body></html>")


def attachment_page(r: Report, href: str) -> str:
    """A report page that only links its attachment."""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{r.heading}</title></head><body>'
            f'<div class="article"><h1>{r.heading}</h1><div class="info">发布时间：{r.year + 1}-03-15</div>'
            f'<div class="content"><p>附件：<a href="{href}">{r.heading}</a></p></div></div></body></html>')


def _result_rows(r: Report) -> list[list[str]]:
    rows = [["", "", "", *APPLICANTS], ["一、本年新收政府信息公开申请数量", "", "", "5", "1", "0", "0", "0", "0", "6"]]
    for (group, _, item), values in zip(RESULTS, r.result_numbers(), strict=True):
        rows.append(["三、本年度办理结果", group or "", item or "", *map(str, values)])
    rows.append(["三、本年度办理结果", "（七）总计", "", *map(str, r.total())])
    return rows


def _review_rows(r: Report) -> list[list[str]]:
    return [["行政复议"] * 5 + ["行政诉讼"] * 10, REVIEW * 3, r.review()]


def report_docx(r: Report = Report()) -> bytes:
    """The report as a DOCX: paragraphs and two tables."""
    from docx import Document

    doc = Document()
    doc.add_paragraph(r.heading)
    for heading in r.headings():
        doc.add_paragraph(heading)
        rows = _result_rows(r) if heading.startswith("三") else _review_rows(r) if heading.startswith("四") else None
        if rows is None:
            doc.add_paragraph("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好各项工作。")
            continue
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def report_pdf(r: Report = Report()) -> bytes:
    """The report as a text PDF (reportlab's STSong-Light CID font, which text extraction maps back)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("report", fontName="STSong-Light", fontSize=10, leading=15)
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 5),
                       ("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    story = [Paragraph(r.heading, style)]
    for heading in r.headings():
        story.append(Paragraph(heading, style))
        if heading.startswith("三"):
            rows = [[c[:8] for c in row] for row in _result_rows(r)]
            story.append(Table(rows, style=grid))
        elif heading.startswith("四"):
            story.append(Table([[c[:4] for c in row] for row in _review_rows(r)], style=grid))
        else:
            story.append(Paragraph("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好各项工作。", style))
    out = io.BytesIO()
    SimpleDocTemplate(out).build(story)
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF of page images only (a scanned report): drawn shapes, no text at all."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    for i in range(40):
        page.rect(50 + (i % 5) * 100, 80 + (i // 5) * 80, 90, 60, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()
