"""Mail subjects and bodies, and the short markdown a chat robot shows."""

from __future__ import annotations

import re

from notices.model import OfficeReport, UnitNotice
from notices.tables import office_opening, office_title, unit_opening, unit_requirements
from notices.text import one_line
from notices.workdays import chinese_date, week_title

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#>|<])")
_LIST_LIMIT = 5


def unit_mail(notice: UnitNotice) -> tuple[str, str]:
    subject = one_line(f"【政务公开巡查】{notice.unit}{week_title(notice.week)}整改通知")
    lines = [f"{notice.unit}：", "", unit_opening(notice), ""]
    lines += [f"{n}. {line}" for n, line in enumerate(unit_requirements(notice), start=1)]
    lines += ["", "问题清单见附件（XLSX 表格、DOCX 通知、HTML 网页版）。", "",
              notice.office_name, chinese_date(notice.as_of)]
    return subject, "\n".join(lines)


def office_mail(report: OfficeReport) -> tuple[str, str]:
    subject = one_line(f"【政务公开巡查】{office_title(report)}")
    lines = [office_opening(report), "", "各单位得分、排名与逾期未整改问题见附件。", "", report.office_name,
             chinese_date(report.as_of)]
    return subject, "\n".join(lines)


def _md(text: str) -> str:
    """Escape markdown so scraped text cannot turn into links or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def unit_markdown(notice: UnitNotice) -> tuple[str, str]:
    title = f"{notice.unit}{week_title(notice.week)}政务公开整改通知"
    lines = [f"### {_md(title)}",
             f"新发现 **{len(notice.new)}** 条，尚未整改 **{len(notice.open)}** 条"
             f"（逾期 **{len(notice.overdue)}** 条），已整改 **{len(notice.fixed)}** 条。"]
    if notice.deadline:
        lines.append(f"最近整改期限：{chinese_date(notice.deadline)}")
    for item in (notice.overdue + notice.new)[:_LIST_LIMIT]:
        lines.append(f"- {_md(item.site)}：{_md(item.message)}")
    lines.append(f"详见邮件附件。——{_md(notice.office_name)}")
    return title, "\n\n".join(lines)


def office_markdown(report: OfficeReport) -> tuple[str, str]:
    title = office_title(report)
    rate = f"{report.pass_rate}%" if report.pass_rate is not None else "—"
    lines = [f"### {_md(title)}",
             f"巡查网站 **{report.sites_registered}** 个"
             + (f"，其中未能检查 **{len(report.unchecked)}** 个（{_md('、'.join(report.unchecked))}）"
                if report.unchecked else "")
             + f"；检查网站 **{report.sites_total}** 个，合格 **{report.sites_passed}** 个，合格率 **{rate}**；"
             f"逾期未整改问题 **{len(report.overdue)}** 条。"]
    for row in [r for r in report.rows if r.verdict == "fail"][:_LIST_LIMIT]:
        lines.append(f"- {_md(row.unit)}：不合格，得分 {row.score}")
    lines.append(f"——{_md(report.office_name)}")
    return title, "\n\n".join(lines)
