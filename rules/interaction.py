"""互动回应 (19号 单项否决 互动回应差): an online 咨询建言 channel exists, and its messages are answered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from core.interaction_terms import channel_kind
from rules.context import Context
from rules.finding import Finding
from rules.registry import rule
from rules.snapshot import MessageSnap

INDICATOR = "国办秘函〔2019〕19号 单项否决指标 互动回应差"
STATE_NAMES = {"answered": "已回复", "unanswered": "未回复", "pending": "办理中"}


def channels(ctx: Context) -> list[dict[str, str]]:
    """The 咨询建言 channels of the site (not 网上信访 / 纪检举报): home page links, then columns by name."""
    found = [c for c in (ctx.site.facts or {}).get("channels", []) if c.get("kind") == "channel"]
    found += [{"name": c.name, "url": c.url or "", "kind": "channel"} for c in ctx.site.columns
              if channel_kind(c.name) == "channel"]
    return found


@rule(
    "interaction-channel-missing",
    title="无在线咨询建言渠道",
    indicator=INDICATOR,
    severity="veto",
    params={},
    doc="""
检查内容：首页链接和栏目中是否有在线咨询建言渠道（领导信箱、咨询投诉、网上咨询、网上留言、民意征集、建言献策、互动交流
等，名称词表见 core/interaction_terms.py）。网上信访、纪检举报渠道不算咨询建言渠道。首页未能读取时不判断。
依据：国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标“互动回应差”：未开设咨询建言渠道（C）。
不合格示例：首页只有“网上信访”链接，没有领导信箱、网上咨询等渠道。
合格示例：首页导航有“领导信箱”或“互动交流”。
""",
)
def check_channel_missing(ctx: Context) -> Iterator[Finding]:
    if ctx.site.facts is None or channels(ctx):
        return
    exempt = [c["name"] for c in ctx.site.facts.get("channels", []) if c.get("kind") == "exempt"]
    tail = f"（{'、'.join(exempt)}属信访或纪检举报渠道，不计入）" if exempt else ""
    yield ctx.finding(f"网站首页和栏目中未发现在线咨询建言渠道（领导信箱、网上咨询、网上留言、民意征集等）{tail}",
                      url=ctx.site.url, exempt_channels=exempt)


def overdue(m: MessageSnap, ctx: Context, max_days: int) -> int | None:
    """Days a message waited past its date when that is over ``max_days`` and shown: a reply date that
    late, or a shown 未回复/办理中 state that old. A message whose reply date is unknown (no date, no
    state, or answered without a date) is no evidence of silence."""
    if m.asked is None:
        return None
    if m.replied is not None:
        return m.days if m.days is not None and m.days > max_days else None
    waited = (ctx.as_of - m.asked).days
    return waited if m.state in ("unanswered", "pending") and waited > max_days else None


def _evidence(m: MessageSnap, days: int) -> dict[str, object]:
    return {"column": m.column, "title": m.title, "url": m.url, "asked": m.asked.isoformat() if m.asked else None,
            "replied": m.replied.isoformat() if m.replied else None, "state": m.state_raw, "days": days}


@rule(
    "interaction-unanswered",
    title="政务咨询留言超期未回复",
    indicator=INDICATOR,
    severity="veto",
    params={"max_days": 90, "lookback_days": 365, "max_listed": 10},
    doc="""
检查内容：近一年（`lookback_days`，默认365天）内的咨询建言留言，回复时间晚于留言时间 `max_days`（默认90天，即3个月）
以上，或显示“未回复”“办理中”等状态且留言已超过 `max_days` 天。留言从互动渠道的列表读取（留言标题、留言时间、回复
时间、办理状态）。回复时间未显示的留言（没有状态，或显示已回复而无日期）不作为未回复的证据。网上信访、纪检举报渠道
的留言不计。证据逐条列出留言及其天数（最多 `max_listed` 条）。
依据：国办秘函〔2019〕19号 单项否决指标“互动回应差”：1年内政务咨询类栏目存在有效留言超过3个月未回复（网上信访、
纪检举报类栏目除外）（C）。
不合格示例：“领导信箱”中2026-05-10的留言状态为“未回复”，检查日2026-11-20已过194天。
合格示例：所有留言均在90天内回复；或超期未回复的留言在“网上信访”栏目中。
""",
)
def check_unanswered(ctx: Context) -> Iterator[Finding]:
    p = ctx.params()
    since = ctx.as_of - timedelta(days=p["lookback_days"])
    late = []
    for m in ctx.site.messages:
        if m.exempt or channel_kind(m.column) == "exempt" or m.asked is None or not since <= m.asked <= ctx.as_of:
            continue
        if (days := overdue(m, ctx, p["max_days"])) is not None:
            late.append((m, days))
    if not late:
        return
    shown = late[: max(1, p["max_listed"])]
    first, days = shown[0]
    shown_state = first.state_raw or STATE_NAMES.get(first.state or "", "未回复")
    state = f"{days}天后才回复" if first.replied else f"已过{days}天仍为“{shown_state}”"
    asked = first.asked.isoformat() if first.asked else ""
    message = (f"近一年有{len(late)}条咨询建言留言超过{p['max_days']}天未回复，如“{first.column}”的《{first.title}》"
               f"（留言于{asked}，{state}）")
    yield ctx.finding(message, column=first.column, url=first.url, count=len(late),
                      messages=[_evidence(m, d) for m, d in shown])
