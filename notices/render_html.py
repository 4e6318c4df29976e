"""HTML notices (Jinja2, autoescape on: scraped titles and messages are untrusted)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from notices import tables
from notices.model import PENDING_NOTE, PENDING_TITLE, SECTION_TITLES, SECTIONS, OfficeReport, UnitNotice
from notices.workdays import chinese_date, week_title

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def unit_html(notice: UnitNotice) -> str:
    sections = [(SECTION_TITLES[s], *tables.section_table(s, notice.section(s))) for s in SECTIONS
                if notice.section(s)]
    return _ENV.get_template("unit.html.j2").render(
        title=tables.unit_title(notice), notice=notice, opening=tables.unit_opening(notice),
        summary=tables.summary_table(notice), sections=sections, requirements=tables.unit_requirements(notice),
        pending=(PENDING_TITLE, PENDING_NOTE, *tables.pending_table(notice)) if notice.pending else None,
        week=week_title(notice.week), day=chinese_date(notice.as_of), office=notice.office_name,
        year=notice.as_of.year)


def office_html(report: OfficeReport) -> str:
    return _ENV.get_template("office.html.j2").render(
        title=tables.office_title(report), report=report, opening=tables.office_opening(report),
        summary=tables.office_summary_table(report), ranking=tables.ranking_table(report),
        overdue=tables.overdue_table(report), requirements=tables.office_requirements(report),
        week=week_title(report.week), day=chinese_date(report.as_of), office=report.office_name,
        year=report.as_of.year)


def write_unit_html(notice: UnitNotice, path: Path) -> Path:
    path.write_text(unit_html(notice), encoding="utf-8")
    return path


def write_office_html(report: OfficeReport, path: Path) -> Path:
    path.write_text(office_html(report), encoding="utf-8")
    return path
