"""The three 栏目不更新 vetoes of 19号 (单项否决 4): counts of stale and blank columns."""

from __future__ import annotations

from collections.abc import Iterator

from rules.context import ColumnView, Context
from rules.finding import Finding
from rules.freshness import WINDOWED, staleness
from rules.registry import rule
from rules.text import names_text

INDICATOR = "国办秘函〔2019〕19号 单项否决 4 栏目不更新"


def overdue(ctx: Context, classes: tuple[str, ...]) -> list[ColumnView]:
    """Columns of ``classes`` past their window, blank ones included; exempted columns left out."""
    out = []
    for view in ctx.views:
        if view.category not in classes:
            continue
        if view.blank and not ctx.exempt("column-blank", view.name, view.column.url):
            out.append(view)
            continue
        s = staleness(ctx, view)
        if s is not None and s.stale and not ctx.exempt("column-stale", view.name, view.column.url):
            out.append(view)
    return out


def _veto(ctx: Context, views: list[ColumnView], what: str) -> Iterator[Finding]:
    threshold = ctx.params()["threshold"]
    if len(views) < threshold:
        return
    names = [v.name for v in views]
    message = f"{what}共{len(views)}个（达到{threshold}个即单项否决）：{names_text(names)}"
    yield ctx.finding(message, url=ctx.site.url, count=len(views), threshold=threshold, columns=names)


@rule(
    "veto-stale-columns",
    title="栏目不更新（动态要闻、通知公告、政策文件）",
    indicator=INDICATOR + "（1）",
    severity="veto",
    params={"threshold": 5},
    doc="""
检查内容：超过2周未更新的动态要闻类栏目，加上超过6个月未更新的通知公告类、政策文件类栏目，合计达到
`threshold`（默认5）个。时限取“column-stale”的参数（含栏目级覆盖）；空白栏目和全部无日期的栏目也算未更新；已豁免的栏目不计。
依据：国办秘函〔2019〕19号 单项否决“栏目不更新”第1项（C）。原文限定通知公告、政策文件类为“一级栏目”，
本规则不区分层级（M）。
不合格示例：3个动态类栏目超过2周未更新，另有2个通知公告栏目超过6个月未更新，合计5个。
合格示例：只有4个这样的栏目。
""",
)
def check_stale_columns(ctx: Context) -> Iterator[Finding]:
    views = overdue(ctx, ("dynamic", "notice", "policy"))
    yield from _veto(ctx, views, "超期未更新的动态要闻类（2周）和通知公告、政策文件类（6个月）栏目")


@rule(
    "veto-overdue-columns",
    title="栏目不更新（应更新未更新）",
    indicator=INDICATOR + "（2）",
    severity="veto",
    params={"threshold": 10},
    doc="""
检查内容：有更新时限的各类栏目（动态要闻、通知公告、政策文件、人事、规划计划、财政预决算）中超过时限未更新的，合计达到
`threshold`（默认10）个。空白栏目也算“应更新而未更新”（普查释义：空白栏目是应更新但长期不更新栏目的表现形式之一），
因此同时计入本规则和“veto-blank-columns”；没有时限的栏目（机构职能、公开指南等）和年报栏目不计入本规则。已豁免的栏目不计。
依据：国办秘函〔2019〕19号 单项否决“栏目不更新”第2项（C）。
不合格示例：6个人事、规划类栏目超过1年未更新，另有4个空白的通知公告栏目，合计10个。
合格示例：合计9个。
""",
)
def check_overdue_columns(ctx: Context) -> Iterator[Finding]:
    yield from _veto(ctx, overdue(ctx, WINDOWED), "超过更新时限未更新的栏目（含空白栏目）")


@rule(
    "veto-blank-columns",
    title="栏目不更新（空白栏目）",
    indicator=INDICATOR + "（3）",
    severity="veto",
    params={"threshold": 5},
    doc="""
检查内容：空白栏目（可访问、没有任何信息的列表栏目，任何类别）达到 `threshold`（默认5）个。已豁免的栏目不计。
依据：国办秘函〔2019〕19号 单项否决“栏目不更新”第3项：空白栏目数量超过（含）5个（C）。
不合格示例：“规划计划”“统计信息”“人事信息”“财政预决算”“行政许可”5个栏目都没有信息。
合格示例：只有4个空白栏目。
""",
)
def check_blank_columns(ctx: Context) -> Iterator[Finding]:
    views = [v for v in ctx.views if v.blank and not ctx.exempt("column-blank", v.name, v.column.url)]
    yield from _veto(ctx, views, "空白栏目")
