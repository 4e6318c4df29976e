"""Per-entry checks: publish dates and broken links, capped per column."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from rules.context import Context, failed
from rules.finding import Finding
from rules.registry import rule
from rules.snapshot import EntrySnap
from rules.text import column_label, status_text

INDICATOR_DATE = ("国办发〔2015〕15号 附件2 网站不更新注：未注明发布时间的视为不更新；"
                  "国办秘函〔2019〕19号 扣分指标 信息更新情况")
INDICATOR_LINK = "国办秘函〔2019〕19号 扣分指标 网站可用性·链接可用性"
CAP = {"max_per_column": 10}

# A problem check: (entry, as_of, params) -> (message tail, evidence) or None.
Problem = Callable[[EntrySnap, date, dict], "tuple[str, dict] | None"]


def capped(ctx: Context, problem: Problem) -> Iterator[Finding]:
    """One finding per problem entry, at most ``max_per_column`` per column; the last sums up the rest."""
    for column in ctx.site.columns:
        p = ctx.params(column.name)
        hits = [(e, hit) for e in column.entries if (hit := problem(e, ctx.as_of, p)) is not None]
        shown = hits[: max(1, p["max_per_column"])]
        more = len(hits) - len(shown)
        for i, (entry, (tail, evidence)) in enumerate(shown):
            message = f"{column_label(column.name)}信息《{entry.title}》{tail}"
            evidence = {"title": entry.title, **evidence}
            if more and i == len(shown) - 1:
                message += f"（本栏目另有{more}条同类问题未逐条列出）"
                evidence |= {"more": more, "total": len(hits)}
            yield ctx.finding(message, column=column.name, url=entry.url, **evidence)


_HIDDEN_SOURCE_NAMES = {"meta": "网页元数据", "script": "页面脚本", "url": "网址"}


def _missing(e: EntrySnap, as_of: date, p: dict) -> tuple[str, dict] | None:
    """No date a reader can see: none beside the title on the list, none shown on the entry's page. A date
    found only in a meta tag, a script or the URL places the entry in time but is not shown."""
    shown_on_page = ((e.published is not None or bool(e.published_raw))
                     and e.published_from not in p["unshown_sources"])
    if e.list_date_raw or shown_on_page or failed(e.status):
        return None
    where = "列表和正文均" if e.status is not None else "列表中"
    evidence: dict[str, Any] = {"page_read": e.status is not None}
    tail = f"{where}未标注发布日期（未注明发布时间的信息视为未更新）"
    source = e.published_from
    if e.published is not None and source is not None and source in p["unshown_sources"]:
        hidden_in = _HIDDEN_SOURCE_NAMES.get(source, source)
        tail = (f"{where}未显示发布日期，日期{e.published.isoformat()}仅见于{hidden_in}"
                "（未注明发布时间的信息视为未更新）")
        evidence |= {"hidden_date": e.published.isoformat(), "hidden_in": source}
    return tail, evidence


def _invalid(e: EntrySnap, as_of: date, p: dict) -> tuple[str, dict] | None:
    bad = [raw for raw, parsed in ((e.list_date_raw, e.list_date), (e.published_raw, e.published))
           if raw and parsed is None]
    if not bad:
        return None
    return f"的发布日期“{bad[0]}”不是有效日期，请更正", {"raw": bad}


def _future(e: EntrySnap, as_of: date, p: dict) -> tuple[str, dict] | None:
    late = [d for d in (e.list_date, e.published) if d is not None and d > as_of]
    if not late:
        return None
    shown = late[0].isoformat()
    return (f"的发布日期{shown}晚于检查日期{as_of.isoformat()}，不计为更新，请核实",
            {"date": shown, "as_of": as_of.isoformat()})


def _mismatch(e: EntrySnap, as_of: date, p: dict) -> tuple[str, dict] | None:
    if e.list_date is None or e.published is None or e.published_from in p["ignore_sources"]:
        return None
    if abs((e.list_date - e.published).days) <= p["tolerance_days"]:
        return None
    ld, pd = e.list_date.isoformat(), e.published.isoformat()
    return (f"列表日期{ld}与正文日期{pd}不一致，请核对",
            {"list_date": ld, "published": pd, "published_from": e.published_from})


def _broken(e: EntrySnap, as_of: date, p: dict) -> tuple[str, dict] | None:
    if not failed(e.status):
        return None
    return f"链接无法打开（{status_text(e.status)}）：{e.url}", {"status": e.status}


_CAP_DOC = "每个栏目最多逐条报告 `max_per_column` 条，其余数量写在最后一条的消息和证据（more、total）中。"


@rule(
    "entry-date-missing",
    title="信息未标注发布日期",
    indicator=INDICATOR_DATE,
    severity="deduct",
    params={**CAP, "unshown_sources": ["meta", "script", "url"]},
    doc=f"""
检查内容：列表中没有日期、正文（如已读取）也没有读者可见的发布日期的信息。只出现在网页元数据、脚本或网址
（`unshown_sources`）中的日期不算已标注，但仍用于判断栏目更新时间。链接失效的信息由“entry-link-broken”报告。
{_CAP_DOC}
依据：全国政府网站普查评分表（国办发〔2015〕15号 附件2）“未注明信息发布时间的视为不更新”（C）；发布日期是判断栏目
是否更新的依据。
不合格示例：“工作动态”列表中的《全市安全生产会议召开》旁没有日期，正文也没有发布时间。
合格示例：列表显示“2026-11-18”，或正文有“发布时间：2026-11-18”。
""",
)
def check_missing(ctx: Context) -> Iterator[Finding]:
    yield from capped(ctx, _missing)


@rule(
    "entry-date-invalid",
    title="信息发布日期无效",
    indicator=INDICATOR_DATE,
    severity="deduct",
    params=dict(CAP),
    doc=f"""
检查内容：列表或正文上显示的日期不是真实存在的日期（如2026-13-45）。{_CAP_DOC}
依据：无效日期等同于未注明发布时间（国办发〔2015〕15号 附件2），也可能是伪造或录入错误。
不合格示例：列表日期为“2026-13-45”。
合格示例：列表日期为“2026-11-18”。
""",
)
def check_invalid(ctx: Context) -> Iterator[Finding]:
    yield from capped(ctx, _invalid)


@rule(
    "entry-date-future",
    title="信息发布日期晚于检查日",
    indicator=INDICATOR_DATE,
    severity="deduct",
    params=dict(CAP),
    doc=f"""
检查内容：列表日期或正文发布日期晚于检查日期的信息；这类日期不计为栏目更新。{_CAP_DOC}
依据：国办秘函〔2019〕19号 单项否决“安全、泄密事故等严重问题”列有伪造发稿日期（须人工认定，本规则只提示）；
未来日期不能证明栏目已更新。
不合格示例：检查日2026-11-20，列表日期为2026-12-01。
合格示例：列表日期为2026-11-18。
""",
)
def check_future(ctx: Context) -> Iterator[Finding]:
    yield from capped(ctx, _future)


@rule(
    "entry-date-mismatch",
    title="列表日期与正文日期不一致",
    indicator=INDICATOR_DATE,
    severity="warn",
    params={**CAP, "tolerance_days": 0, "ignore_sources": ["url"]},
    doc=f"""
检查内容：列表上的日期与正文自身的发布日期相差超过 `tolerance_days` 天。正文日期只来自网址（`ignore_sources`，默认
["url"]）时不比较，因为网址中的日期常是稿件创建日期。不扣分。{_CAP_DOC}
依据：发布日期应当一致，否则无法判断真实更新时间（国办发〔2015〕15号 附件2；国办秘函〔2019〕19号 信息更新情况）。
不合格示例：列表日期2026-11-18，正文“发布时间：2026-10-02”。
合格示例：两处都是2026-11-18。
""",
)
def check_mismatch(ctx: Context) -> Iterator[Finding]:
    yield from capped(ctx, _mismatch)


@rule(
    "entry-link-broken",
    title="信息链接失效",
    indicator=INDICATOR_LINK,
    severity="deduct",
    params=dict(CAP),
    doc=f"""
检查内容：栏目中信息的链接返回4xx/5xx状态码或无响应（状态0）。未读取的正文不判断。{_CAP_DOC}
依据：国办秘函〔2019〕19号 扣分指标“链接可用性”：首页以外的不可用链接每个扣0.1分（P）。
不合格示例：《关于开展安全检查的通知》链接返回HTTP 404。
合格示例：链接返回HTTP 200。
""",
)
def check_broken(ctx: Context) -> Iterator[Finding]:
    yield from capped(ctx, _broken)
