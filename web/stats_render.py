"""`patrol stats` output: a Chinese table for the terminal and an XLSX an office pastes into its 年度报告."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.cells import inert_xlsx_cell
from web.interaction_stats import reply_rows
from web.stats import YearStats
from web.vocabulary import category_label

MONTH_HEADERS = [f"{m}月" for m in range(1, 13)]


def _categories(stats: YearStats) -> list[str]:
    return [k for k, _ in sorted(stats.total.categories.items(), key=lambda kv: -kv[1])]


def unit_rows(stats: YearStats) -> tuple[list[str], list[list[Any]]]:
    """单位 × (全年, 各类别): the table behind 公开目录信息更新N条，其中…"""
    cats = _categories(stats)
    headers = ["单位", "全年", *[f"{category_label(c)}类" for c in cats]]
    rows = [[unit, c.total, *[c.categories.get(k, 0) for k in cats]] for unit, c in stats.units.items()]
    rows.append(["合计", stats.total.total, *[stats.total.categories.get(k, 0) for k in cats]])
    return headers, rows


def month_rows(stats: YearStats) -> tuple[list[str], list[list[Any]]]:
    """单位 × 月份."""
    rows = [[unit, *c.months, c.total] for unit, c in stats.units.items()]
    rows.append(["合计", *stats.total.months, stats.total.total])
    return ["单位", *MONTH_HEADERS, "全年"], rows


def column_rows(stats: YearStats) -> tuple[list[str], list[list[Any]]]:
    """站点 · 栏目 × 月份, with the months without an update, the longest gap and blank columns."""
    headers = ["单位", "站点", "栏目", "类别", "全年", *MONTH_HEADERS, "无更新月份", "最长间隔（天）", "空白栏目"]
    rows = [[c.unit or "—", c.site, c.name, category_label(c.category), c.counts.total, *c.counts.months,
             "、".join(f"{m}月" for m in c.empty_months) or "—",
             c.longest_gap if c.longest_gap is not None else "—", "是" if c.blank else ""]
            for c in stats.columns]
    return headers, rows


def sections(stats: YearStats) -> list[tuple[str, tuple[list[str], list[list[Any]]]]]:
    """The tables of the report, titled, in print order."""
    tables = [("按单位、类别", unit_rows(stats)), ("按单位、月份", month_rows(stats)), ("按栏目", column_rows(stats))]
    if stats.replies:
        tables.append(("留言办理（互动交流，不含网上信访、纪检举报）", reply_rows(stats.replies)))
    return tables


def write_xlsx(stats: YearStats, path: str | Path) -> Path:
    """Three sheets (汇总, 按月, 按栏目), the headline and the coverage on the first."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    first = book.active  # the one sheet a new workbook starts with
    assert isinstance(first, Worksheet)
    sheets = (("汇总", unit_rows(stats)), ("按月", month_rows(stats)), ("按栏目", column_rows(stats)))  # 31 chars max
    for n, (title, (headers, rows)) in enumerate(sheets):
        sheet = first if n == 0 else book.create_sheet()
        sheet.title = title
        if n == 0:
            sheet.append([stats.headline()])
            sheet.append([stats.coverage()])
            sheet.append([])
        sheet.append(headers)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                inert_xlsx_cell(cell)  # column names are scraped text: data, never a formula
        sheet.column_dimensions["A"].width = 26
    out = Path(path)
    book.save(out)
    return out
