"""Crawl rules (crawl-incomplete): a crawl cut short by its limits (已达抓取上限), said once per site, never read
as blank or stale columns."""

from __future__ import annotations

from collections.abc import Iterator

from core.vocabulary import UNREAD_PREFIX
from rules.context import Context
from rules.finding import Finding
from rules.registry import rule
from rules.text import names_text

INCOMPLETE = "已达抓取上限，部分栏目未完整检查"


@rule(
    "crawl-incomplete",
    title="抓取未完成",
    indicator="国办秘函〔2019〕19号 检查方法：栏目须完整检查后方可判断空白、不更新（本规则为预警，不扣分）",
    severity="warn",
    params={},
    doc="""
检查内容：本次巡查因抓取上限未能走完部分栏目：每站页数或时间上限（[crawl] max_pages_per_site、max_site_seconds）、
栏目翻页页数上限（max_pages_per_column）、条目数上限，或翻页接口位于站外而未请求。这些栏目只按已看到的内容判断：
不判为空白栏目、不判为不更新；上限到达前未访问的栏目列为“未检查”。
依据：判断空白和不更新须看到栏目的全部内容（M）。
不合格示例：一个站点的翻页无穷无尽，巡查在每站页数上限处停止，其余栏目未检查。
合格示例：全部栏目在上限内走完。
""",
)
def check_incomplete(ctx: Context) -> Iterator[Finding]:
    views = [v for v in ctx.views if v.cut and not (v.column.cut or "").startswith(UNREAD_PREFIX)]
    if not views:
        return
    unseen = [v for v in views if v.column.status is None]
    partial = [v for v in views if v.column.status is not None]
    reasons = sorted({v.column.cut for v in views if v.column.cut})
    parts = []
    if partial:
        parts.append(f"{len(partial)}个栏目未走完：{names_text([v.name for v in partial])}")
    if unseen:
        parts.append(f"{len(unseen)}个栏目未检查：{names_text([v.name for v in unseen])}")
    message = f"{INCOMPLETE}（{'；'.join(reasons)}）：{'；'.join(parts)}；这些栏目不判断空白与更新"
    yield ctx.finding(message, url=ctx.site.url, reasons=reasons, partial=[v.name for v in partial],
                      unwalked=[v.name for v in unseen], urls=[v.column.url for v in views])
