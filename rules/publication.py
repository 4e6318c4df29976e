"""Publication timeliness: a document goes up within 20 working days of being formed (条例 第二十六条)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core.workdays import workdays_between
from rules.context import Context
from rules.entries import CAP, capped
from rules.finding import Finding
from rules.registry import rule
from rules.snapshot import EntrySnap

INDICATOR = "《中华人民共和国政府信息公开条例》第二十六条（自形成或者变更之日起20个工作日内予以公开）"
# Publish dates a reader does not see: they never make an entry late.
_UNSHOWN = frozenset({"meta", "script", "url", "document"})


def shown_publish_date(e: EntrySnap) -> tuple[date, str] | None:
    """The publish date a reader sees and where: the article's own shown date, else the list's date."""
    if e.published is not None and e.published_from is not None and e.published_from not in _UNSHOWN:
        return e.published, "正文"
    if e.list_date is not None:
        return e.list_date, "列表"
    return None


def _late(e: EntrySnap, as_of: date, p: dict) -> tuple[str, dict] | None:
    shown = shown_publish_date(e)
    if e.written is None or shown is None:
        return None
    published, where = shown
    if published <= e.written or published > as_of:
        return None
    days = workdays_between(e.written, published)
    if days <= p["max_workdays"]:
        return None
    w, d = e.written.isoformat(), published.isoformat()
    return (f"成文日期{w}，发布日期{d}（{where}所示），相隔{days}个工作日，超过{p['max_workdays']}个工作日的公开时限",
            {"written": w, "published": d, "published_shown_in": where, "workdays": days,
             "max_workdays": p["max_workdays"]})


@rule(
    "entry-published-late",
    title="政府信息未在20个工作日内公开",
    indicator=INDICATOR,
    severity="deduct",
    params={**CAP, "max_workdays": 20},
    doc="""
检查内容：信息正文显示了成文日期（成文日期、印发日期）和发布日期时，两者相隔的工作日数超过 `max_workdays`（默认20）
即报告。工作日按国务院公布的节假日安排计算（与通报期限相同的日历，调休的周末算工作日，国庆等假日不算）。发布日期取
正文显示的发布时间，没有时取列表中显示的日期；只见于网页元数据、脚本或网址的日期不作判断依据，没有显示成文日期的
信息也不判断。每个栏目最多逐条报告 `max_per_column` 条。
依据：《中华人民共和国政府信息公开条例》第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起
20个工作日内及时公开（C）。
不合格示例：《关于做好秋季防火工作的通知》成文日期2026-09-20，发布日期2026-10-30，相隔24个工作日（跨国庆假期）。
合格示例：同一文件发布日期2026-10-20，相隔17个工作日；或正文只显示发布日期、没有成文日期。
""",
)
def check_late(ctx: Context) -> Iterator[Finding]:
    yield from capped(ctx, _late)
