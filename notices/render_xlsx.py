"""XLSX notices (openpyxl): a sheet per section, frozen header, filters, widths that fit Chinese text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.cells import inert_xlsx_cell
from core.tables import display_width
from notices.model import PENDING_TITLE, SECTION_TITLES, SECTIONS, OfficeReport, UnitNotice
from notices.tables import (
    office_summary_table,
    overdue_table,
    pending_table,
    ranking_table,
    section_table,
    summary_table,
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_WIDTH = 60


def write_unit_xlsx(notice: UnitNotice, path: Path) -> Path:
    """One workbook: 概况 then one sheet per section (empty sections keep their header)."""
    book = Workbook()
    _fill(_first_sheet(book), "概况", *summary_table(notice))
    for section in SECTIONS:
        _fill(book.create_sheet(), SECTION_TITLES[section], *section_table(section, notice.section(section)))
    if notice.pending:
        _fill(book.create_sheet(), PENDING_TITLE, *pending_table(notice))
    book.save(path)
    return path


def write_office_xlsx(report: OfficeReport, path: Path) -> Path:
    """概况, 单位排名 and 逾期未整改 sheets."""
    book = Workbook()
    _fill(_first_sheet(book), "概况", *office_summary_table(report))
    _fill(book.create_sheet(), "单位排名", *ranking_table(report))
    _fill(book.create_sheet(), "逾期未整改", *overdue_table(report))
    book.save(path)
    return path


def _first_sheet(book: Workbook) -> Worksheet:
    """The one sheet a new workbook starts with."""
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    return sheet


def _fill(sheet: Worksheet, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            inert_xlsx_cell(cell)  # scraped text is data, never a formula
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    for index, header in enumerate(headers, start=1):
        values = [header] + [r[index - 1] for r in rows]
        width = max(display_width("" if v is None else str(v)) for v in values) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(_MAX_WIDTH, max(6, width))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
