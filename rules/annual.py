"""Last year's 政府信息公开工作年度报告: present by its deadline (条例 第四十九条)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from rules.context import Context
from rules.finding import Finding
from rules.registry import rule
from rules.snapshot import EntrySnap

INDICATOR = "《政府信息公开条例》第四十九条；国办公开办函〔2021〕30号 年度报告格式"
_REPORT = re.compile(r"政府信息公开.*(年度报告|工作报告|年报)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# 人民政府 as the whole name (清河市人民政府, …人民政府门户网站), not a department of it (…人民政府办公室,
# …人民政府国有资产监督管理委员会).
_GOVERNMENT = re.compile(r"人民政府(?=$|门户|网|官网|首页|[^\u4e00-\u9fff])")
KIND_LABELS = {"government": "本级人民政府", "department": "政府部门"}


def report_year(title: str) -> int | None:
    """Year a title reports on: ``<机关名称><YYYY>年政府信息公开工作年度报告`` (also YYYY年度)."""
    text = unicodedata.normalize("NFKC", title).replace(" ", "")
    if not _REPORT.search(text):
        return None
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def site_kind(ctx: Context) -> str:
    """government | department: the snapshot's kind (the config's, entered at sync), else from the site's own
    name (SiteName meta or <title>) and the configured names."""
    if ctx.site.kind:
        return ctx.site.kind
    return guess_kind(ctx.site.title, ctx.site.name, ctx.site.unit)


def guess_kind(*names: str | None) -> str:
    """``government`` when one of the names is a 人民政府 itself, else ``department``."""
    text = unicodedata.normalize("NFKC", " ".join(n for n in names if n)).replace(" ", " ")
    return "government" if any(_GOVERNMENT.search(part) for part in text.split(" ")) else "department"


@dataclass(frozen=True)
class Due:
    year: int
    kind: str
    deadline: date


def due(ctx: Context) -> Due:
    p = ctx.params_of("annual-report-missing")
    kind = site_kind(ctx)
    month, day = (int(x) for x in p[f"{kind}_deadline"].split("-"))
    return Due(ctx.as_of.year - 1, kind, date(ctx.as_of.year, month, day))


def reports(ctx: Context, year: int) -> list[tuple[str, EntrySnap]]:
    """(column, entry) of every listed entry that is the annual report for ``year``, oldest first."""
    seen: dict[str, tuple[str, EntrySnap]] = {}
    for column in ctx.site.columns:
        for e in column.entries:
            if report_year(e.title) == year and e.url not in seen:
                seen[e.url] = (column.name, e)
    return sorted(seen.values(), key=lambda ce: ce[1].date or date.max)


def _deadline_text(d: Due) -> str:
    return f"{KIND_LABELS[d.kind]}应于{d.deadline.isoformat()}前公布{d.year}年度报告"


@rule(
    "annual-report-missing",
    title="上年度政府信息公开工作年度报告未发布",
    indicator=INDICATOR,
    severity="deduct",
    params={"department_deadline": "01-31", "government_deadline": "03-31"},
    doc="""
检查内容：公布期限过后，全站各栏目中是否有上一年度的政府信息公开工作年度报告。年份从标题读取（“<机关名称>YYYY年政府
信息公开工作年度报告”，也认“YYYY年度”“年报”“工作报告”）。期限：政府部门1月31日，本级人民政府3月31日；站点类型取快照
或配置，否则按名称推断（含“人民政府”且不是“人民政府办公室”的为本级政府）。期限前不报；有栏目被网站拦截、未能检查时
也不报（报告可能就在其中）。
依据：《中华人民共和国政府信息公开条例》第四十九条（C）；年度报告格式见国办公开办函〔2021〕30号。
不合格示例：部门网站，检查日2026-02-15，全站找不到“2025年政府信息公开工作年度报告”。
合格示例：年报栏目中有“清河市交通运输局2025年政府信息公开工作年度报告”，发布于2026-01-20。
""",
)
def check_missing(ctx: Context) -> Iterator[Finding]:
    d = due(ctx)
    if ctx.as_of <= d.deadline or reports(ctx, d.year) or any(v.blocked for v in ctx.views):
        return  # a column the site kept from the inspector may hold the report
    message = f"未发现{d.year}年政府信息公开工作年度报告（{_deadline_text(d)}，见《政府信息公开条例》第四十九条）"
    yield ctx.finding(message, year=d.year, kind=d.kind, deadline=d.deadline.isoformat())


@rule(
    "annual-report-late",
    title="上年度政府信息公开工作年度报告逾期发布",
    indicator=INDICATOR,
    severity="deduct",
    params={},
    doc="""
检查内容：上一年度的年度报告已发布，但发布日期晚于公布期限（期限参数见“annual-report-missing”）。
同一年度的报告出现多次时，以最早的发布日期为准；没有日期的报告不在此判断（由发布日期规则报告）。
依据：《中华人民共和国政府信息公开条例》第四十九条（C）。
不合格示例：本级人民政府网站的“2025年政府信息公开工作年度报告”发布于2026-04-10，晚于3月31日。
合格示例：同一报告发布于2026-03-28。
""",
)
def check_late(ctx: Context) -> Iterator[Finding]:
    d = due(ctx)
    found = reports(ctx, d.year)
    if not found:
        return
    column, entry = found[0]
    if entry.date is None or entry.date <= d.deadline:
        return
    published = entry.date.isoformat()
    message = (f"{d.year}年政府信息公开工作年度报告《{entry.title}》发布于{published}，晚于公布期限"
               f"（{_deadline_text(d)}）")
    yield ctx.finding(message, column=column, url=entry.url, year=d.year, kind=d.kind,
                      deadline=d.deadline.isoformat(), published=published, title=entry.title)
