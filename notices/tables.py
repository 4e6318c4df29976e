"""The tables and sentences every format shares, so XLSX, DOCX, HTML and mail say the same thing."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from notices.model import SECTION_TITLES, Item, OfficeReport, UnitNotice
from notices.workdays import chinese_date, week_title

Table = tuple[list[str], list[list[Any]]]

_HEADERS = {
    "new": ["序号", "站点", "栏目", "类别", "问题描述", "网址", "首次发现", "整改期限"],
    "open": ["序号", "站点", "栏目", "类别", "问题描述", "网址", "首次发现", "已持续天数", "首次通知", "整改期限",
             "状态"],
    "fixed": ["序号", "站点", "栏目", "类别", "问题描述", "网址", "首次发现", "整改核验日期", "历时天数"],
    "exempted": ["序号", "站点", "栏目", "类别", "问题描述", "网址", "豁免理由"],
}
RANKING_HEADERS = ["排名", "单位", "网站数", "结论", "得分", "较上周", "单项否决", "扣分项", "预警", "新发现", "未整改",
                   "已整改", "逾期未改"]
OVERDUE_HEADERS = ["序号", "单位", "站点", "栏目", "问题描述", "首次通知", "整改期限", "逾期天数", "网址"]


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _message(item: Item) -> str:
    return ("（复发）" if item.reopened else "") + ("（由预警升级）" if item.escalated_from else "") + item.message


def _status(item: Item) -> str:
    if item.deadline is None:
        return "预警，无期限"
    if item.overdue:
        return f"逾期{item.days_overdue}天"
    return "今日到期" if item.due else "整改中"


def section_table(section: str, items: list[Item]) -> Table:
    """Headers and rows of one section of a unit notice."""
    rows: list[list[Any]] = []
    for n, i in enumerate(items, start=1):
        head: list[Any] = [n, i.site, i.column or "—", i.severity_name, _message(i), i.url or ""]
        tails: dict[str, list[Any]] = {
            "new": [_day(i.first_seen), _day(i.deadline)],
            "open": [_day(i.first_seen), i.days_open, _day(i.first_notified), _day(i.deadline), _status(i)],
            "fixed": [_day(i.first_seen), _day(i.fixed_at), i.days_open],
            "exempted": [i.exempt_reason or ""],
        }
        rows.append(head + tails[section])
    return _HEADERS[section], rows


PENDING_HEADERS = ["序号", "候选编号", "网站", "类别", "问题描述", "证据（已脱敏）", "把握", "网址", "首次发现"]


def pending_table(notice: UnitNotice) -> Table:
    """待核实: content-review candidates not yet confirmed or dismissed."""
    rows = [[n, p.id or "—", p.site, p.kind_name, p.summary, p.sample, p.confidence_name, p.url, _day(p.first_seen)]
            for n, p in enumerate(notice.pending, start=1)]
    return PENDING_HEADERS, rows


def summary_table(notice: UnitNotice) -> Table:
    """概况: one line per fact."""
    rows: list[list[Any]] = [
        ["单位", notice.unit], ["网站", "、".join(notice.sites) or "—"], ["通报周次", week_title(notice.week)],
        ["通知日期", notice.as_of.isoformat()], ["巡查数据日期", inspection_dates(notice.inspected)],
        ["上次通知", _day(notice.previous)]]
    rows += [[SECTION_TITLES[s], len(notice.section(s))] for s in ("new", "open", "fixed", "exempted")]
    rows += [["其中由预警升级", len(notice.escalated)], ["其中逾期未整改", len(notice.overdue)],
             ["最近整改期限", _day(notice.deadline)]]
    return ["项目", "内容"], rows


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def ranking_table(report: OfficeReport) -> Table:
    rows = [[r.rank if r.rank is not None else "—", r.unit, r.sites, r.verdict_name,
             r.score if r.score is not None else "—", _signed(r.change), r.veto, r.deduct, r.warn, r.new, r.open,
             r.fixed, r.overdue] for r in report.rows]
    return RANKING_HEADERS, rows


def overdue_table(report: OfficeReport) -> Table:
    rows = [[n, unit, i.site, i.column or "—", _message(i), _day(i.first_notified), _day(i.deadline),
             i.days_overdue, i.url or ""]
            for n, (unit, i) in enumerate(report.overdue, start=1)]
    return OVERDUE_HEADERS, rows


def office_summary_table(report: OfficeReport) -> Table:
    rate = f"{report.pass_rate}%" if report.pass_rate is not None else "—"
    rows: list[list[Any]] = [["通报周次", week_title(report.week)], ["通报日期", report.as_of.isoformat()],
            ["巡查数据日期", inspection_dates(report.inspected)],
            ["巡查网站数", report.sites_registered],
            ["未能检查网站", "、".join(report.unchecked) or "无"],
            ["检查网站数", report.sites_total], ["合格网站数", report.sites_passed], ["合格率", rate],
            ["合格率较上周", _signed(report.pass_rate_change) + ("个百分点" if report.pass_rate_change is not None
                                                               else "")],
            ["逾期未整改问题", len(report.overdue)]]
    return ["项目", "内容"], rows


# --- sentences -----------------------------------------------------------------------------------------

def inspection_dates(inspected: dict[str, date]) -> str:
    """The inspection dates a notice rests on: one date, or the span ``2026-11-03至2026-11-20``."""
    if not inspected:
        return "—"
    first, last = min(inspected.values()), max(inspected.values())
    return first.isoformat() if first == last else f"{first.isoformat()}至{last.isoformat()}"


def _inspected_when(inspected: dict[str, date], fallback: date) -> str:
    if not inspected:
        return chinese_date(fallback)
    first, last = min(inspected.values()), max(inspected.values())
    return chinese_date(first) if first == last else f"{chinese_date(first)}至{chinese_date(last)}"


def unit_title(notice: UnitNotice) -> str:
    """``关于清河市教育局网站…`` / ``关于清河市人民政府门户网站…``: never ``人民政府政府网站``."""
    return f"关于{notice.unit}{sites_noun(notice.unit)}政务公开问题的整改通知"


def sites_noun(unit: str) -> str:
    """What a unit's websites are called after its name: a 人民政府 runs the 门户网站, others their 网站."""
    return "门户网站" if unit.endswith("政府") else "网站"


def unit_opening(notice: UnitNotice) -> str:
    sites = "、".join(notice.sites) or "你单位网站"
    since = f"（自{chinese_date(notice.previous)}上次通知以来）" if notice.previous else ""
    return (f"根据《政府网站与政务新媒体检查指标》和政务公开工作要求，{notice.office_name}于"
            f"{_inspected_when(notice.inspected, notice.as_of)}对{sites}进行了巡查{since}。"
            f"新发现问题{len(notice.new)}条{_escalated(notice)}，"
            f"尚未整改问题{len(notice.open)}条（其中逾期{len(notice.overdue)}条），已整改问题{len(notice.fixed)}条，"
            f"已豁免问题{len(notice.exempted)}条。现将有关情况通知如下：")


def _escalated(notice: UnitNotice) -> str:
    return f"（其中由预警升级{len(notice.escalated)}条）" if notice.escalated else ""


def unit_requirements(notice: UnitNotice) -> list[str]:
    """整改要求: the deadline sentence names only a day still ahead; each item's own deadline is in its table."""
    lines = []
    if notice.new or notice.open:
        nearest = f"，最近的一项期限为{chinese_date(notice.deadline)}" if notice.deadline else ""
        lines.append(f"请对照问题清单，在各问题所列整改期限内完成整改（整改期限为首次通知后{notice.deadline_workdays}"
                     f"个工作日，节假日顺延{nearest}），并将整改情况报送{notice.office_name}。")
    due_today = [i for i in notice.due if not i.overdue]
    if due_today:
        lines.append(f"{len(due_today)}条问题的整改期限已到，请立即完成整改。")
    if notice.overdue:
        lines.append(f"{len(notice.overdue)}条问题已超过整改期限仍未整改，将在政务公开巡查通报中予以通报，"
                     "请立即整改。")
    lines.append("预警类问题暂不扣分，请提前更新相关栏目，避免逾期。")
    lines.append("问题整改后无需另行申请复核，下次巡查将自动核验整改结果。如对问题有异议，请及时与"
                 f"{notice.office_name}联系。")
    return lines


def office_title(report: OfficeReport) -> str:
    return f"关于{week_title(report.week)}政府网站政务公开巡查情况的通报"


def office_opening(report: OfficeReport) -> str:
    rate = f"{report.pass_rate}%" if report.pass_rate is not None else "—"
    change = report.pass_rate_change
    trend = "" if change is None else ("，与上周持平" if change == 0 else
                                       f"，较上周{'上升' if change > 0 else '下降'}{abs(change)}个百分点")
    judged = f"合格{report.sites_passed}个，合格率{rate}{trend}"
    if report.unchecked:  # every registered website is counted; those not judged are named, not dropped
        judged = (f"其中{len(report.unchecked)}个网站未能检查（{'、'.join(report.unchecked)}），"
                  f"其余{report.sites_total}个网站{judged}")
    return (f"{_inspected_when(report.inspected, report.as_of)}，{report.office_name}"
            f"对{report.units_registered}个单位的{report.sites_registered}个政府网站进行了巡查，{judged}。"
            f"逾期未整改问题{len(report.overdue)}条。现将有关情况通报如下：")


def office_requirements(report: OfficeReport) -> list[str]:
    lines = [f"各单位要对照问题清单逐项整改，做到即知即改，整改期限为首次通知后{report.deadline_workdays}个工作日。"]
    if report.overdue:
        units = "、".join(dict.fromkeys(u for u, _ in report.overdue))
        lines.append(f"{units}存在逾期未整改问题，请于收到本通报后立即整改，并书面说明逾期原因。")
    lines.append("不合格网站的主管单位要落实主体责任，加强日常监测和内容保障。")
    return lines


_NAME_LIMIT = 40  # characters of the unit's name kept in a file name (3 bytes each in UTF-8)


def file_stem(week: str, name: str, kind: str) -> str:
    """A file name safe on every system and unique per name: ``2026-W48_清河市教育局_整改通知``.

    A name that had to be changed (``/``, spaces, control characters) or shortened gets a short hash of
    the original, so two units never share a file, and the name stays far below 255 bytes.
    """
    safe = re.sub(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+', "_", name).strip("._") or "unit"
    if safe != name or len(safe) > _NAME_LIMIT:
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        safe = f"{safe[:_NAME_LIMIT]}_{digest}"
    return f"{week}_{safe}_{kind}"
