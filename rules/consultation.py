"""调查征集 and 在线访谈 (国办秘函〔2019〕19号 互动回应情况): held within the year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from rules.context import ColumnView, Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR = "国办秘函〔2019〕19号 互动回应情况：调查征集、在线访谈"
LABELS = {"survey": "调查征集", "interview": "在线访谈"}


def consultation_class(name: str, words: dict[str, list[str]]) -> str | None:
    """``survey`` | ``interview`` | None: which kind of consultation a column's name says it holds."""
    text = re.sub(r"\s+", "", name)
    return next((kind for kind, ws in words.items() if any(w in text for w in ws)), None)


def _judged(v: ColumnView) -> bool:
    return v.column.url is not None and v.column.kind == "list" and not (v.unreachable or v.blocked or v.cut)


@rule(
    "consultation-stale",
    title="一年内未开展调查征集或在线访谈",
    indicator=INDICATOR,
    severity="deduct",
    params={"days": 365, "survey": ["调查征集", "民意征集", "意见征集", "征求意见", "网上调查", "问卷调查", "征集调查"],
            "interview": ["在线访谈", "访谈", "在线直播", "网上直播"]},
    doc="""
检查内容：名称含 `survey` 词（调查征集、民意征集、意见征集、征求意见、网上调查等）或 `interview` 词
（在线访谈、访谈、在线直播等）的栏目，最新一条的日期是否在检查日前 `days` 天（默认365天）以内；空白栏目
（从未开展）同样报告。每类只看最新的一条：同类的多个栏目中任一个一年内有内容即可。没有发现这类栏目时
不判断（栏目可能在抓取未读到的互动平台上）；栏目无法访问或被拦截时不判断。
依据：国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》互动回应情况：调查征集、在线访谈一年内未开展的扣分（C 为
条目，分值 M）。
不合格示例：“在线访谈”栏目最新一期是2025-08-12，检查日为2026-11-20。
合格示例：“民意征集”栏目2026-06-01发布了一条征集。
""",
)
def check_stale(ctx: Context) -> Iterator[Finding]:
    p = ctx.params()
    limit = ctx.as_of - timedelta(days=p["days"])
    found: dict[str, list[ColumnView]] = {}
    for v in ctx.views:
        kind = consultation_class(v.column.name, {"survey": p["survey"], "interview": p["interview"]})
        if kind and _judged(v):
            found.setdefault(kind, []).append(v)
    for kind, views in found.items():
        latest = max((v.latest for v in views if v.latest), default=None)
        if latest is not None and latest >= limit:
            continue
        names = "、".join(v.column.name for v in views)
        since = f"最近一条为{latest.isoformat()}" if latest else "没有任何内容"
        message = f"{LABELS[kind]}栏目（{names}）{since}，一年内未开展{LABELS[kind]}"
        yield ctx.finding(message, column=views[0].column.name, url=views[0].column.url, kind=LABELS[kind],
                          latest=latest.isoformat() if latest else None, columns=[v.column.name for v in views],
                          limit_days=p["days"])
