"""The notice files read back: XLSX sheets, DOCX layout, HTML escaping of untrusted text."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from notices_fixtures import BROKEN, EDU, MON1, MON2, STALE, make_config, smtp_server, week1, week2

from notices.runner import notify


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    db = tmp_path / "patrol.db"
    with smtp_server() as (port, _):  # the first notice must reach the unit to be an issued notice
        config = make_config(tmp_path, smtp_port=port)
        week1(db, config)
        notify(config, str(db), MON1)
        week2(db, config)
        result = notify(config, str(db), MON2)
    return {f.name: f for f in result.files}


def _unit(files: dict[str, Path], ext: str) -> Path:
    return files[f"2026-W48_{EDU}_整改通知.{ext}"]


def _office(files: dict[str, Path], ext: str) -> Path:
    return files[f"2026-W48_清河市政务公开办公室_政务公开巡查通报.{ext}"]


def test_unit_xlsx_has_a_sheet_per_section_with_frozen_filtered_header(files: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(_unit(files, "xlsx"))
    assert book.sheetnames == ["概况", "新发现问题", "尚未整改问题", "已整改问题", "已豁免问题"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
    new = book["新发现问题"]
    assert [c.value for c in new[1]][:5] == ["序号", "站点", "栏目", "类别", "问题描述"]
    message = new.cell(row=2, column=5)
    assert message.value == BROKEN.message and message.data_type == "s"  # text, never a formula
    assert new.column_dimensions["E"].width > new.column_dimensions["A"].width
    open_rows = {r[4]: r for r in book["尚未整改问题"].iter_rows(min_row=2, values_only=True)}
    assert open_rows[STALE.message][7:] == (7, "2026-11-16", "2026-11-23", "今日到期")


def test_unit_docx_is_laid_out_as_an_official_notice(files: dict[str, Path]) -> None:
    document = docx.Document(str(_unit(files, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "清河市政务公开办公室"
    assert "〔2026〕" in texts[1] and texts[1].endswith("号")
    assert texts[2] == f"关于{EDU}网站政务公开问题的整改通知"
    assert texts[3] == f"{EDU}："
    assert any(t.endswith("、整改要求") for t in texts)
    signed = texts.index("2026年11月23日")
    assert texts[signed - 1] == "清河市政务公开办公室" and [t for t in texts[signed + 1:] if t][0] == "附件"
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert STALE.message in cells and "整改期限" in cells


def test_html_escapes_scraped_text_and_unsafe_links(files: dict[str, Path]) -> None:
    html = _unit(files, "html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert '<html lang="zh-CN">' in html and "尚未整改问题" in html


def test_office_report_files_rank_units_and_list_escalations(files: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(_office(files, "xlsx"))
    assert book.sheetnames == ["概况", "单位排名", "逾期未整改"]
    ranking = list(book["单位排名"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[3]) for r in ranking] == [(1, EDU, "合格"), (2, "清河市卫生健康委员会", "不合格")]
    summary = dict(book["概况"].iter_rows(min_row=2, values_only=True))
    assert summary["合格率"] == "50.0%"
    document = docx.Document(str(_office(files, "docx")))
    assert any("合格率50.0%" in p.text for p in document.paragraphs)
    html = _office(files, "html").read_text(encoding="utf-8")
    assert "各单位巡查情况及排名" in html
