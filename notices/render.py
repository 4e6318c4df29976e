"""Write a notice in the configured formats into ``<out_dir>/<week>/``."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from notices.model import OfficeReport, UnitNotice
from notices.render_docx import write_office_docx, write_unit_docx
from notices.render_html import write_office_html, write_unit_html
from notices.render_xlsx import write_office_xlsx, write_unit_xlsx
from notices.tables import file_stem

FORMATS = ("xlsx", "docx", "html")
OFFICE_KIND = "政务公开巡查通报"
UNIT_KIND = "整改通知"

_UNIT_WRITERS: dict[str, Callable[[Any, Path], Path]] = {
    "xlsx": write_unit_xlsx, "docx": write_unit_docx, "html": write_unit_html}
_OFFICE_WRITERS: dict[str, Callable[[Any, Path], Path]] = {
    "xlsx": write_office_xlsx, "docx": write_office_docx, "html": write_office_html}


def check_formats(formats: Sequence[str]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"未知的通报格式 {'、'.join(unknown)}；[notify] formats 可选 {'、'.join(FORMATS)}")


def render_unit(notice: UnitNotice, out_dir: str | Path, formats: Sequence[str]) -> list[Path]:
    """The unit's 整改通知 in each format; returns the files written."""
    return _write(notice, _UNIT_WRITERS, Path(out_dir) / notice.week, file_stem(notice.week, notice.unit, UNIT_KIND),
                  formats)


def render_office(report: OfficeReport, out_dir: str | Path, formats: Sequence[str]) -> list[Path]:
    """The consolidated 通报 in each format; returns the files written."""
    return _write(report, _OFFICE_WRITERS, Path(out_dir) / report.week,
                  file_stem(report.week, report.office_name, OFFICE_KIND), formats)


def _write(data: Any, writers: dict[str, Callable[[Any, Path], Path]], folder: Path, stem: str,
           formats: Sequence[str]) -> list[Path]:
    check_formats(formats)
    folder.mkdir(parents=True, exist_ok=True)
    return [_atomic(writers[f], data, folder / f"{stem}.{f}") for f in formats]


def _atomic(writer: Callable[[Any, Path], Path], data: Any, path: Path) -> Path:
    """Write to a temporary file and rename it: a failure never leaves a corrupt notice behind."""
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        writer(data, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
