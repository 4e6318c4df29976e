"""Columns the site's own menus name that the crawl could not read, and the verdict they withhold.

A site judged on what Patrol failed to read gets a false verdict either way: a false 合格 hides a lagging
unit, a false 不合格 sends a wrong 通报. Every named column that was not read (no answer, an error page, a WAF
answer, a crawl limit, a content area with no entries Patrol could find) is listed with the menu that named it;
when more than ``max_share`` of the 信息公开 (disclosure) columns are among them, the site is 未能完整检查.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.vocabulary import FOUND_LABELS, UNREAD_PREFIX
from rules.context import ColumnView, Context
from rules.finding import Finding
from rules.registry import rule
from rules.text import names_text

DISCLOSURE = frozenset({"catalog", "config"})  # found in the 信息公开目录, or registered by the office


def _reason(v: ColumnView) -> str:
    c = v.column
    if v.blocked:
        return f"被拦截（{c.blocked}）"
    if v.unreachable:
        return c.error or (f"HTTP {c.status}" if c.status else "无响应")
    return (c.cut or "未能读取").removeprefix(UNREAD_PREFIX)


def unread_views(ctx: Context) -> list[ColumnView]:
    """Columns with a page that the crawl could not read."""
    return [v for v in ctx.views if v.column.url is not None and (v.unreachable or v.blocked or v.cut)]


def disclosure_share(ctx: Context) -> tuple[int, int]:
    """(unread, named) among the disclosure columns (those with a page)."""
    named = [v for v in ctx.views if v.column.url is not None and v.column.found in DISCLOSURE]
    unread = [v for v in named if v.unreachable or v.blocked or v.cut]
    return len(unread), len(named)


def incomplete(ctx: Context, max_share: float) -> bool:
    """More than ``max_share`` of the named disclosure columns were not read."""
    unread, named = disclosure_share(ctx)
    return named > 0 and unread > max_share * named


@rule(
    "columns-unread",
    title="部分栏目未能读取",
    indicator="国办秘函〔2019〕19号 检查方法：栏目须读取后方可判断（本规则为预警，不扣分）",
    severity="warn",
    params={"max_share": 0.1},
    doc="""
检查内容：网站自己的菜单（信息公开目录、导航、栏目页左侧菜单、首页板块的“更多”、框架页）列出的栏目中，巡查未能读取的：
页面打不开或返回错误、被防护系统拦截、因抓取上限未走完，或栏目内容区没有读到条目（页面上只有全站共用的侧栏、导航）。
逐个列出栏目、列出它的菜单和原因；按菜单查找栏目读满页数上限（[crawl] discovery_pages）时也在此说明。
信息公开目录中未能读取的栏目超过 max_share（默认十分之一）时，网站判为
“未能完整检查”：不作合格或不合格的结论，得分只反映已读取的部分。
依据：判断更新、空白须看到栏目内容（国办秘函〔2019〕19号 检查方法）；未读到的内容不作结论是本工具的约定（M）。
不合格示例：信息公开目录列出20个栏目，其中5个栏目页面超时。
合格示例：目录和菜单列出的栏目都已读取。
""",
)
def check_unread(ctx: Context) -> Iterator[Finding]:
    views = unread_views(ctx)
    walk = (ctx.site.catalog or {}).get("walk") or {}
    if not views and not walk.get("cut"):
        return
    unread, named = disclosure_share(ctx)
    listed = [f"{v.name}（{FOUND_LABELS.get(v.column.found or '', '菜单')}：{_reason(v)}）" for v in views]
    message = f"部分栏目未能读取：{len(views)}个栏目，{names_text(listed, 6)}" if views else "部分栏目未能读取"
    if walk.get("cut"):
        message += f"；按网站菜单查找栏目时已读满{walk.get('budget')}个页面的上限（[crawl] discovery_pages），" \
                   "菜单列出的其余页面未读，可能有栏目未发现"
    if named:
        message += f"；信息公开目录栏目{named}个，其中{unread}个未能读取"
    if incomplete(ctx, ctx.params()["max_share"]):
        message += "，超过十分之一，本站未能完整检查，不作合格与否的结论"
    yield ctx.finding(message, url=ctx.site.url, disclosure_unread=unread, disclosure_named=named, walk=walk,
                      columns=[{"name": v.name, "url": v.column.url, "found": v.column.found, "reason": _reason(v)}
                               for v in views])
