"""Broken links (不可用链接) on the home page and on column pages: a link fails twice before it is reported."""

from __future__ import annotations

from collections.abc import Iterator

from rules.context import Context
from rules.entries import INDICATOR_LINK
from rules.finding import Finding
from rules.registry import rule
from rules.snapshot import LinkSnap
from rules.text import column_label, status_text

PARAMS = {"min_failures": 2, "max_per_page": 10}


def _broken(link: LinkSnap, p: dict) -> bool:
    return link.outcome == "fail" and link.fails >= p["min_failures"]


def _text(link: LinkSnap) -> str:
    return f"“{link.text}”" if link.text else "（无文字）"


def _findings(ctx: Context, links: list[LinkSnap], where: str, p: dict) -> Iterator[Finding]:
    """One finding per broken target of one page, at most ``max_per_page``; the last sums up the rest."""
    shown = links[: max(1, p["max_per_page"])]
    more = len(links) - len(shown)
    for i, k in enumerate(shown):
        cause = k.error or status_text(k.status)
        since = f"，自{k.since.isoformat()}起" if k.since else ""
        message = f"{where}的链接{_text(k)}无法打开（{cause}{since}，连续{k.fails}次检查失败）：{k.url}"
        evidence = {"page": k.page, "text": k.text, "target": k.url, "status": k.status, "error": k.error,
                    "fails": k.fails, "since": k.since.isoformat() if k.since else None}
        if more and i == len(shown) - 1:
            message += f"（该页另有{more}个不可用链接未逐条列出）"
            evidence |= {"more": more, "total": len(links)}
        yield ctx.finding(message, column=k.column, url=k.url, **evidence)


_DOC = """
检查内容：{what}的每个链接（站内外网页和 pdf、doc、xls、zip 等文件），每次巡查每个地址只检查一次：文件用 HEAD 请求，
HEAD 被拒（405/501 或断开连接）时改用 GET；网页用 GET，只读取开头一段（64 KB）。返回 HTTP 200 但页面标题、
标题行或简短正文显示“页面不存在”“404”“找不到您访问的页面”等，或跳转到错误页（如 /404.html）的，是“软404”，
与跳转后返回 404 一样算不可用。连续 `min_failures` 次检查失败（两次运行，或同一次运行中间隔
`[crawl] link_recheck_seconds` 秒的复查）才报告，
偶发失败不报告。401、403、429 和防火墙拦截不算不可用（服务器有响应，只是拒绝巡查程序）。同一目标只报告一次，
每页最多逐条报告 `max_per_page` 条，其余数量写在最后一条中。
`[crawl] link_skip_hosts` 中的主机（含子域名）不检查。{extra}
依据：国办秘函〔2019〕19号 扣分指标“链接可用性”：{basis}（P）。
不合格示例：{bad}
合格示例：{good}
"""


@rule(
    "home-link-broken",
    title="首页链接不可用",
    indicator=INDICATOR_LINK,
    severity="deduct",
    params=dict(PARAMS),
    doc=_DOC.format(what="首页上", extra="", basis="首页上的不可用链接每个扣1分",
                    bad="首页“通知公告”链接连续两次返回HTTP 404。", good="链接返回HTTP 200，或只失败一次后复查恢复。"),
)
def check_home_broken(ctx: Context) -> Iterator[Finding]:
    p = ctx.params(None)
    broken = [k for k in ctx.site.links if k.place == "home" and _broken(k, p)]
    yield from _findings(ctx, broken, "首页", p)


@rule(
    "page-link-broken",
    title="栏目页面链接不可用",
    indicator=INDICATOR_LINK,
    severity="deduct",
    params=dict(PARAMS),
    doc=_DOC.format(what="各栏目的列表页和内容页上",
                    extra="首页上也有的链接只按首页报告；栏目中的信息链接由“entry-link-broken”报告。"
                          "增量巡查中未重新读取的内容页，其链接按 `[crawl] recheck_days` 的周期复查。",
                    basis="首页以外的不可用链接每个扣0.1分",
                    bad="“政策文件”栏目页上的附件“实施方案.pdf”连续两次返回HTTP 404。", good="附件可以下载。"),
)
def check_page_broken(ctx: Context) -> Iterator[Finding]:
    links = [k for k in ctx.site.links if k.place == "page"]
    reported = {k.url for k in ctx.site.links if k.place == "home"}
    by_page: dict[str, list[LinkSnap]] = {}
    for k in links:
        if k.url in reported or not _broken(k, ctx.params(k.column)):
            continue
        reported.add(k.url)
        by_page.setdefault(k.page, []).append(k)
    for page, broken in by_page.items():
        where = f"{column_label(broken[0].column)}页面 {page} 上" if broken[0].column else f"页面 {page} 上"
        yield from _findings(ctx, broken, where, ctx.params(broken[0].column))
