"""DOCX notices (python-docx) laid out as an official 通报: 版头, 文号 line, title, 主送, body, tables,
整改要求, issuing office and date (fonts and margins after GB/T 9704 党政机关公文格式)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from notices import tables
from notices.model import SECTION_TITLES, SECTIONS, OfficeReport, UnitNotice
from notices.workdays import chinese_date

_NUMERALS = "一二三四五六七八九十"
_BODY_FONT, _TITLE_FONT, _HEADING_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"
# Columns left out of the printed tables (the URL stays in the XLSX and HTML versions).
_PRINT_SKIP = {"网址"}


def write_unit_docx(notice: UnitNotice, path: Path) -> Path:
    doc = _document(notice.office_name, notice.as_of.year)
    _title(doc, tables.unit_title(notice))
    _text(doc, f"{notice.unit}：", indent=False)
    _text(doc, tables.unit_opening(notice))
    number = 0
    for section in SECTIONS:
        items = notice.section(section)
        if not items:
            continue
        _heading(doc, f"{_NUMERALS[number]}、{SECTION_TITLES[section]}（{len(items)}条）")
        _table(doc, *tables.section_table(section, items))
        number += 1
    _heading(doc, f"{_NUMERALS[number]}、整改要求")
    for n, line in enumerate(tables.unit_requirements(notice), start=1):
        _text(doc, f"（{_NUMERALS[n - 1]}）{line}")
    _signature(doc, notice.office_name, chinese_date(notice.as_of))
    doc.save(path)
    return path


def write_office_docx(report: OfficeReport, path: Path) -> Path:
    doc = _document(report.office_name, report.as_of.year)
    _title(doc, tables.office_title(report))
    _text(doc, "各有关单位：", indent=False)
    _text(doc, tables.office_opening(report))
    _heading(doc, "一、各单位巡查情况及排名")
    _table(doc, *tables.ranking_table(report))
    _heading(doc, f"二、逾期未整改问题（{len(report.overdue)}条）")
    if report.overdue:
        _table(doc, *tables.overdue_table(report))
    else:
        _text(doc, "本周无逾期未整改问题。")
    _heading(doc, "三、整改要求")
    for n, line in enumerate(tables.office_requirements(report), start=1):
        _text(doc, f"（{_NUMERALS[n - 1]}）{line}")
    _signature(doc, report.office_name, chinese_date(report.as_of))
    doc.save(path)
    return path


def _document(office: str, year: int) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    head = _paragraph(doc, office, _TITLE_FONT, 26, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    head.runs[0].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    # 文号: left for the office to fill in by hand.
    _paragraph(doc, f"〔{year}〕　　号", _BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    return doc


def _paragraph(doc: DocxDocument, text: str, font: str, size: float, *, align: Any = None,
               bold: bool = False, indent: bool = False) -> Paragraph:
    p = doc.add_paragraph()
    run = p.add_run(_printable(text))
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    return p


def _title(doc: DocxDocument, text: str) -> None:
    _paragraph(doc, text, _TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER)


def _heading(doc: DocxDocument, text: str) -> None:
    _paragraph(doc, text, _HEADING_FONT, 16, indent=True)


def _text(doc: DocxDocument, text: str, indent: bool = True) -> None:
    _paragraph(doc, text, _BODY_FONT, 16, indent=indent, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _signature(doc: DocxDocument, office: str, day: str) -> None:
    doc.add_paragraph()
    _paragraph(doc, office, _BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, day, _BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _table(doc: DocxDocument, headers: list[str], rows: list[list[Any]]) -> None:
    keep = [i for i, h in enumerate(headers) if h not in _PRINT_SKIP]
    table = doc.add_table(rows=1, cols=len(keep))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, i in zip(table.rows[0].cells, keep, strict=True):
        _cell_text(cell, headers[i], bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, i in zip(cells, keep, strict=True):
            _cell_text(cell, "" if row[i] is None else str(row[i]))


def _cell_text(cell: Any, text: str, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    run = p.add_run(_printable(text))
    run.font.size, run.font.bold, run.font.name = Pt(10.5), bold, _BODY_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _BODY_FONT)


def _printable(text: str) -> str:
    """Drop the control characters XML cannot hold (scraped text may carry them)."""
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 0x20)
