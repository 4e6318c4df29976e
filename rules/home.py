"""Home page rules (home-*): the home page shows something new within its window (home-stale).

The home page's broken links (home-link-broken) are link rules: rules/links.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core.dates import latest_not_after
from rules.context import Context
from rules.finding import Finding
from rules.registry import rule
from rules.text import limit_text


def _home_latest(ctx: Context) -> tuple[date | None, str]:
    """Newest date on the home page not after as-of; when it shows none, the newest of its columns."""
    if ctx.site.home_dates or ctx.site.home_entries:
        return latest_not_after((*ctx.site.home_dates, *(e.date for e in ctx.site.home_entries)), ctx.as_of), "home"
    return max((v.latest for v in ctx.views if v.latest), default=None), "columns"


@rule(
    "home-stale",
    title="首页不更新",
    indicator="国办秘函〔2019〕19号 单项否决 3 首页不更新",
    severity="veto",
    params={"limit_days": 14},
    doc="""
检查内容：首页上显示的最新日期距检查日超过 `limit_days`（默认14天）。首页不显示任何日期（仅为导航）
时，改看各栏目的最新日期；都没有日期也视为不更新。晚于检查日的日期不算。
依据：国办秘函〔2019〕19号 单项否决“首页不更新”：监测2周首页无信息更新即单项否决；首页仅为栏目导航入口的，
看所有二级页面（C）。
不合格示例：检查日2026-11-20，首页最新信息日期为2026-10-30。
合格示例：首页“要闻”中有2026-11-18的信息。
""",
)
def check_home_stale(ctx: Context) -> Iterator[Finding]:
    limit = ctx.params()["limit_days"]
    latest, source = _home_latest(ctx)
    where = "首页" if source == "home" else "首页未显示日期，各栏目"
    if latest is None:
        message = f"{where}没有可认定的发布日期，视为{limit_text(limit)}内无更新（首页要求{limit_text(limit)}内有更新）"
        yield ctx.finding(message, url=ctx.site.url, latest=None, days=None, limit_days=limit, source=source)
        return
    days = (ctx.as_of - latest).days
    if days > limit:
        message = (f"{where}最新信息日期为{latest.isoformat()}，已{days}天无更新"
                   f"（首页要求{limit_text(limit)}内有更新）")
        yield ctx.finding(message, url=ctx.site.url, latest=latest.isoformat(), days=days, limit_days=limit,
                          source=source)
