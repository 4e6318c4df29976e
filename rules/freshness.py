"""Column freshness by class: stale, about to be stale, blank, unreachable."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.vocabulary import CATEGORY_LABELS
from rules.context import ColumnView, Context, redirect_refused
from rules.finding import Finding
from rules.registry import rule
from rules.text import class_rule, column_label, status_text

WINDOWED = ("dynamic", "notice", "policy", "personnel", "planning", "budget")
INDICATOR_UPDATE = "国办秘函〔2019〕19号 单项否决 4 栏目不更新；扣分指标 信息更新情况"


@dataclass(frozen=True)
class Staleness:
    """How a windowed column stands against its window on the as-of date."""

    limit_days: int
    latest: date | None  # None: no dated entry, which counts as not updated
    days: int | None  # days since latest

    @property
    def stale(self) -> bool:
        return self.days is None or self.days > self.limit_days

    @property
    def due(self) -> date | None:
        """Last day the column is still within its window."""
        return self.latest + timedelta(days=self.limit_days) if self.latest else None


def update_limit(category: str | None, params: Callable[[], Mapping[str, Any]]) -> int | None:
    """Days within which a column of ``category`` must be updated, from column-stale's ``params`` (asked only
    for a class with a window); None for classes without one. The rules and the web view both ask this."""
    if category not in WINDOWED:
        return None
    p = params()
    return p["limit_days"] if p["limit_days"] > 0 else p[f"{category}_days"]


def update_limit_days(ctx: Context, view: ColumnView) -> int | None:
    """The column's update window in days (column-stale's parameters), None for classes without one."""
    return update_limit(view.category, lambda: ctx.params_of("column-stale", view.name))


def staleness(ctx: Context, view: ColumnView) -> Staleness | None:
    """None when the column cannot be judged for freshness (no window, blank, unreachable, blocked, cut short
    by a crawl limit, no dates)."""
    limit = update_limit_days(ctx, view)
    if limit is None or view.blank or view.unreachable or view.blocked or view.cut:
        return None
    if view.latest is None:
        return Staleness(limit, None, None) if view.undated else None
    return Staleness(limit, view.latest, (ctx.as_of - view.latest).days)


def stale_message(view: ColumnView, s: Staleness) -> str:
    rule_text = class_rule(view.category, s.limit_days)
    if s.latest is None:
        return (f"{column_label(view.name)}共{view.column.count}条信息均无有效发布日期（未标注日期或日期晚于"
                f"检查日），视为未更新（{rule_text}）")
    return f"{column_label(view.name)}最近更新于{s.latest.isoformat()}，已{s.days}天未更新（{rule_text}）"


def _evidence(view: ColumnView, s: Staleness) -> dict:
    return {"category": view.category, "latest": s.latest.isoformat() if s.latest else None,
            "days": s.days, "limit_days": s.limit_days, "entries": view.column.count}


@rule(
    "column-stale",
    title="栏目未按期更新",
    indicator=INDICATOR_UPDATE,
    severity="deduct",
    params={"dynamic_days": 14, "notice_days": 183, "policy_days": 183, "personnel_days": 365,
            "planning_days": 365, "budget_days": 365, "limit_days": 0},
    doc="""
检查内容：按栏目类别检查最近一条信息的发布日期：动态要闻类2周、通知公告类和政策文件类6个月、人事类和规划计划类1年、
财政预决算类1年（M）。未标注日期或日期晚于检查日的信息不算更新。空白栏目只报“空白栏目”，年报栏目由年报规则判断。
`limit_days` 大于0时替代该栏目的类别时限（宜在栏目级配置）。这些时限也用于预警和单项否决规则。
依据：国办秘函〔2019〕19号 单项否决“栏目不更新”及扣分指标“信息更新情况”；全国政府网站普查评分表（国办发〔2015〕15号）
“未注明信息发布时间的视为不更新”。时限为C，6个月按183天、1年按365天计。
不合格示例：“部门动态”栏目最新信息为2026-10-28，检查日2026-11-20，已23天未更新，超过动态要闻类2周时限。
合格示例：“通知公告”栏目最新信息为2026-08-01，检查日2026-11-20，未超过6个月。
""",
)
def check_stale(ctx: Context) -> Iterator[Finding]:
    for view in ctx.views:
        s = staleness(ctx, view)
        if s is not None and s.stale:
            yield ctx.finding(stale_message(view, s), column=view.name, url=view.column.url,
                              **_evidence(view, s))


@rule(
    "column-stale-soon",
    title="栏目即将超期未更新",
    indicator=INDICATOR_UPDATE,
    severity="warn",
    params={"window_days": 7},
    doc="""
检查内容：尚未超期、但在预警窗口（默认7天）内将超过类别更新时限的栏目，提示最晚更新日期。不扣分。
依据：同“栏目未按期更新”（国办秘函〔2019〕19号 单项否决“栏目不更新”）；商业监测服务也会提前预警，便于单位在超期前更新。
不合格示例：“工作动态”栏目最新信息为2026-11-08，检查日2026-11-20，2026-11-22后即超过2周时限。
合格示例：“工作动态”栏目最新信息为2026-11-18，距超期还有12天。
""",
)
def check_stale_soon(ctx: Context) -> Iterator[Finding]:
    for view in ctx.views:
        s = staleness(ctx, view)
        if s is None or s.stale or s.due is None or s.latest is None:
            continue
        left = (s.due - ctx.as_of).days
        if left < ctx.params(view.name)["window_days"]:
            due = s.due.isoformat()
            message = (f"{column_label(view.name)}最近更新于{s.latest.isoformat()}，{due}后将超过更新时限，"
                       f"请于{due}前更新（{class_rule(view.category, s.limit_days)}）")
            yield ctx.finding(message, column=view.name, url=view.column.url, due=due, days_left=left,
                              **_evidence(view, s))


@rule(
    "column-blank",
    title="空白栏目",
    indicator="国办秘函〔2019〕19号 单项否决 4 栏目不更新（空白栏目）",
    severity="deduct",
    params={},
    doc="""
检查内容：可以访问、却没有任何信息的列表栏目（空白栏目）。空白栏目不再报“栏目未按期更新”，但计入“栏目不更新”单项否决的计数。
依据：国办秘函〔2019〕19号 单项否决“栏目不更新”第3项：空白栏目数量超过（含）5个即单项否决；普查释义：空白栏目指自开设起
没有提供过任何信息的栏目。
不合格示例：“规划计划”栏目页面正常打开，但列表中一条信息也没有。
合格示例：栏目中至少有一条信息（无论日期新旧）。
""",
)
def check_blank(ctx: Context) -> Iterator[Finding]:
    for view in ctx.views:
        if view.blank:
            label = CATEGORY_LABELS[view.category]
            message = (f"{column_label(view.name)}为空白栏目，没有任何信息（{label}类）；请补充内容或撤并该栏目，"
                       "空白栏目达5个即单项否决")
            yield ctx.finding(message, column=view.name, url=view.column.url, category=view.category,
                              entries=0)


@rule(
    "column-unreachable",
    title="栏目页面无法访问",
    indicator="国办秘函〔2019〕19号 扣分指标 网站可用性·链接可用性",
    severity="deduct",
    params={},
    doc="""
检查内容：栏目首页返回4xx/5xx状态码或无响应（状态0），或其重定向无法跟随（循环、超过5次、重定向到站外），消息写明原因，
证据中附重定向链。无法访问的栏目不再判断是否空白或超期。站内重定向（http↔https、加“www.”、补末尾斜杠等）照常跟随。
被网站防火墙拦截的栏目不在此报告（见“site-blocked”）。
依据：国办秘函〔2019〕19号 扣分指标“网站可用性”中的链接可用性：首页及其他页面不能正常访问的链接数量。
不合格示例：“政策解读”栏目链接返回HTTP 404。
合格示例：栏目链接返回HTTP 200。
""",
)
def check_unreachable(ctx: Context) -> Iterator[Finding]:
    for view in ctx.views:
        if view.unreachable:
            c = view.column
            if redirect_refused(c):
                message = f"{column_label(view.name)}{c.error or '地址重定向未跟随'}（{c.url}）"
            else:
                message = f"{column_label(view.name)}页面无法访问（{status_text(c.status)}）：{c.url}"
            evidence = {"redirects": list(c.redirects)} if c.redirects else {}
            yield ctx.finding(message, column=view.name, url=c.url, status=c.status, error=c.error, **evidence)

