"""DOCX notices (python-docx) laid out as an official 通报 after GB/T 9704 党政机关公文格式.

Portrait A4: the red 版头 (issuing office) and 文号 line over a red rule, the title, 主送, the body with
numbered headings, the 整改要求, the 附件 line and the 落款 (office and date). The problem lists follow
the 落款 as 附件 in a landscape A4 section: numbered rows (序号), the URL column the HTML and XLSX carry,
column widths fitted to what they hold (问题描述 wide, 序号 narrow) and a header row repeated on every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from docx.text.paragraph import Paragraph

from notices import tables
from notices.model import PENDING_NOTE, PENDING_TITLE, SECTION_TITLES, SECTIONS, OfficeReport, UnitNotice
from notices.workdays import chinese_date

_NUMERALS = "一二三四五六七八九十"
_BODY_FONT, _TITLE_FONT, _HEADING_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"
RED = RGBColor(0xC0, 0x00, 0x00)
RED_HEX = "C00000"
A4 = (Cm(21), Cm(29.7))
# Widths (cm) of the table columns by header; 问题描述 takes what the others leave of the page.
COLUMN_CM = {"序号": 1.4, "排名": 1.4, "站点": 2.8, "单位": 3.4, "栏目": 2.4, "类别": 2.0, "网址": 4.4,
             "首次发现": 2.6, "首次通知": 2.6, "整改期限": 2.6, "整改核验日期": 2.6, "已持续天数": 1.6,
             "历时天数": 1.6, "逾期天数": 1.6, "状态": 2.0, "豁免理由": 4.0, "网站数": 1.5, "结论": 2.0,
             "得分": 1.5, "较上周": 1.6, "单项否决": 2.0, "扣分项": 1.6, "预警": 1.4, "新发现": 1.6,
             "未整改": 1.6, "已整改": 1.6, "逾期未改": 2.0}
WIDE = ("问题描述", "单位")  # the column that takes the rest of the width: the first of these present
SMALL = {"网址", "首次发现", "首次通知", "整改期限", "整改核验日期"}  # set in 9 pt: URLs and dates
MIN_WIDE_CM = 5.0
TWIP = 635  # EMU


def write_unit_docx(notice: UnitNotice, path: Path) -> Path:
    doc = _document(notice.office_name, notice.as_of.year)
    _title(doc, tables.unit_title(notice))
    _text(doc, f"{notice.unit}：", indent=False)
    _text(doc, tables.unit_opening(notice))
    sections = [s for s in SECTIONS if notice.section(s)]
    _heading(doc, "一、巡查发现的问题")
    if sections:
        for n, section in enumerate(sections):
            items = notice.section(section)
            _text(doc, f"（{_NUMERALS[n]}）{SECTION_TITLES[section]}{len(items)}条，详见附件第{_NUMERALS[n]}部分。")
    else:
        _text(doc, "本次巡查未发现问题。")
    if notice.pending:
        _text(doc, f"另有{PENDING_TITLE}{len(notice.pending)}条（个人信息、表述错误候选，证据已脱敏），"
                   "核实前不计入评分，详见附件“待核实问题”部分。")
    _heading(doc, "二、整改要求")
    for n, line in enumerate(tables.unit_requirements(notice), start=1):
        _text(doc, f"（{_NUMERALS[n - 1]}）{line}")
    attachment = "整改问题清单"
    if sections or notice.pending:
        _attachment_note(doc, [attachment])
    _signature(doc, notice.office_name, chinese_date(notice.as_of))
    if sections or notice.pending:
        _attachment_section(doc)
        _attachment_head(doc, None, f"{notice.unit}{attachment}")
        for n, section in enumerate(sections):
            items = notice.section(section)
            _heading(doc, f"{_NUMERALS[n]}、{SECTION_TITLES[section]}（{len(items)}条）", indent=False)
            _table(doc, *tables.section_table(section, items))
        if notice.pending:
            _heading(doc, f"{_NUMERALS[len(sections)]}、{PENDING_TITLE}（{len(notice.pending)}条）", indent=False)
            _text(doc, PENDING_NOTE)
            _table(doc, *tables.pending_table(notice))
    doc.save(str(path))
    return path


def write_office_docx(report: OfficeReport, path: Path) -> Path:
    doc = _document(report.office_name, report.as_of.year)
    _title(doc, tables.office_title(report))
    _text(doc, "各有关单位：", indent=False)
    _text(doc, tables.office_opening(report))
    _heading(doc, "一、各单位巡查情况")
    _text(doc, "各单位巡查结论、得分及排名见附件1。")
    _heading(doc, f"二、逾期未整改问题（{len(report.overdue)}条）")
    _text(doc, "逾期未整改问题见附件2。" if report.overdue else "本周无逾期未整改问题。")
    _heading(doc, "三、整改要求")
    for n, line in enumerate(tables.office_requirements(report), start=1):
        _text(doc, f"（{_NUMERALS[n - 1]}）{line}")
    names = ["各单位巡查情况及排名"] + (["逾期未整改问题清单"] if report.overdue else [])
    _attachment_note(doc, names)
    _signature(doc, report.office_name, chinese_date(report.as_of))
    _attachment_section(doc)
    _attachment_head(doc, 1 if len(names) > 1 else None, names[0])
    _table(doc, *tables.ranking_table(report))
    if report.overdue:
        doc.add_page_break()
        _attachment_head(doc, 2, names[1])
        _table(doc, *tables.overdue_table(report))
    doc.save(str(path))
    return path


# --- page and paragraphs --------------------------------------------------------------------------------

def _document(office: str, year: int) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_number_footer(section)
    head = _paragraph(doc, office, _TITLE_FONT, 26, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    head.runs[0].font.color.rgb = RED
    head.paragraph_format.space_after = Pt(12)
    # 文号: left for the office to fill in by hand; the red rule (红色分隔线) runs under it.
    number = _paragraph(doc, f"〔{year}〕　　号", _BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule_below(number)
    number.paragraph_format.space_after = Pt(24)
    return doc


def _rule_below(paragraph: Paragraph) -> None:
    """A red rule the width of the text under ``paragraph`` (its bottom border)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", RED_HEX)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _page_number_footer(section: Any) -> None:
    """``— 1 —`` centred at the foot of each page."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    p.add_run(" —")
    for r in p.runs:
        _font(r, "宋体", 14)


def _font(run: Any, font: str, size: float, bold: bool = False) -> None:
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _paragraph(doc: DocxDocument, text: str, font: str, size: float, *, align: Any = None,
               bold: bool = False, indent: bool = False) -> Paragraph:
    p = doc.add_paragraph()
    _font(p.add_run(_printable(text)), font, size, bold)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    p.paragraph_format.space_after = Pt(0)
    return p


def _title(doc: DocxDocument, text: str) -> None:
    p = _paragraph(doc, text, _TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.line_spacing = Pt(36)
    p.paragraph_format.space_after = Pt(18)


def _heading(doc: DocxDocument, text: str, indent: bool = True) -> None:
    p = _paragraph(doc, text, _HEADING_FONT, 16, indent=indent)
    p.paragraph_format.keep_with_next = True
    if not indent:
        p.paragraph_format.space_before = Pt(12)


def _text(doc: DocxDocument, text: str, indent: bool = True) -> None:
    _paragraph(doc, text, _BODY_FONT, 16, indent=indent, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _attachment_note(doc: DocxDocument, names: list[str]) -> None:
    """附件说明 after the body: ``附件：整改问题清单`` or numbered when there are several."""
    doc.add_paragraph()
    if len(names) == 1:
        _text(doc, f"附件：{names[0]}")
        return
    for n, name in enumerate(names, start=1):
        _text(doc, f"附件：{n}．{name}" if n == 1 else f"　　　{n}．{name}")


def _signature(doc: DocxDocument, office: str, day: str) -> None:
    """落款: the issuing office over the date, right-aligned, four characters in from the right edge."""
    doc.add_paragraph()
    doc.add_paragraph()
    for text in (office, day):
        p = _paragraph(doc, text, _BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(16 * 2)


def _attachment_section(doc: DocxDocument) -> None:
    """The 附件 begin on a new landscape A4 page: the problem tables need the width."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4[1], A4[0]
    section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.4)
    section.left_margin, section.right_margin = Cm(2.4), Cm(2.4)


def _attachment_head(doc: DocxDocument, number: int | None, title: str) -> None:
    _paragraph(doc, f"附件{number or ''}", _HEADING_FONT, 16)
    p = _paragraph(doc, title, _TITLE_FONT, 18, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_after = Pt(12)


# --- tables ---------------------------------------------------------------------------------------------

def column_widths(headers: list[str], text_width: Emu) -> list[Emu]:
    """Each column's width: its share by header; 问题描述 (else 单位) takes what the others leave."""
    fixed: list[Length] = [Cm(COLUMN_CM.get(h, 2.0)) for h in headers]
    wide = next((headers.index(h) for h in WIDE if h in headers), None)
    if wide is None:  # none of them: scale the fixed widths to the text width
        scale = text_width / sum(fixed)
        return [Emu(int(w * scale) // TWIP * TWIP) for w in fixed]
    rest = text_width - sum(w for i, w in enumerate(fixed) if i != wide)
    fixed[wide] = Emu(max(rest, Cm(MIN_WIDE_CM)))
    if sum(fixed) > text_width:  # narrow page: shrink the others, never the description
        others = text_width - fixed[wide]
        scale = others / (sum(fixed) - fixed[wide])
        fixed = [w if i == wide else Emu(int(w * scale)) for i, w in enumerate(fixed)]
    return [Emu(int(w) // TWIP * TWIP) for w in fixed]  # whole twips, as Word stores them: never wider in sum


def _text_width(section: Section) -> Emu:
    """The width between a section's margins (this module sets the page size and margins of each)."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None
    return Emu(width - left - right)


def _table(doc: DocxDocument, headers: list[str], rows: list[list[Any]]) -> None:
    section = doc.sections[-1]
    widths = column_widths(headers, _text_width(section))
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table, widths)
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, headers, widths, strict=True):
        cell.width = width
        _cell_text(cell, text, bold=True, center=True)
    for row in rows:
        added = table.add_row()
        _row_flag(added, "w:cantSplit")  # a finding is never cut across two pages
        cells = added.cells
        for cell, value, name, width in zip(cells, row, headers, widths, strict=True):
            cell.width = width
            _cell_text(cell, "" if value is None else str(value), small=name in SMALL,
                       center=name not in ("问题描述", "网址", "站点", "单位", "栏目", "豁免理由"))


def _fixed_layout(table: Any, widths: list[Emu]) -> None:
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width


def _repeat_header(row: Any) -> None:
    _row_flag(row, "w:tblHeader")


def _row_flag(row: Any, name: str) -> None:
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cell_text(cell: Any, text: str, bold: bool = False, small: bool = False, center: bool = False) -> None:
    p = cell.paragraphs[0]
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(_printable(text)), _HEADING_FONT if bold else _BODY_FONT, 9 if small else 10.5, bold)


def _printable(text: str) -> str:
    """Drop the control characters XML cannot hold (scraped text may carry them)."""
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 0x20)
