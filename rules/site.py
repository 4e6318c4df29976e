"""Site rules (site-*): reachable, not blocked, footer identifiers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from rules.availability import causes_text, percent, window
from rules.context import Context, failed, redirect_refused
from rules.finding import Finding
from rules.registry import rule
from rules.snapshot import SiteSnap
from rules.text import cause_text, names_text

IDENTIFIER_LABELS = {"site_id_code": "网站标识码", "icp": "ICP备案号", "police": "公安机关备案号",
                     "conac": "党政机关标识"}
IDENTIFIER_FORMATS = {
    "site_id_code": re.compile(r"^(bm\d{8}|\d{10})$"),
    "icp": re.compile(r"^[\u4e00-\u9fff]ICP备\d+号(-\d+)?$"),
    "police": re.compile(r"^[\u4e00-\u9fff]公网安备\s*\d{14}号$"),
}


def site_unreachable(ctx: Context) -> bool:
    """This inspection could not read the home page (no answer, an HTTP error, a redirect not followed);
    a WAF answer is no outage. Nothing else of the site can then be judged."""
    return (failed(ctx.site.status) or redirect_refused(ctx.site)) and ctx.site.blocked is None


def blocked_columns(ctx: Context) -> list:
    """The column views a WAF / anti-bot layer kept from the inspector."""
    return [v for v in ctx.views if v.blocked]


def site_blocked(ctx: Context) -> bool:
    """Nothing of the site could be seen: its home page, or every column with a page, was blocked."""
    if ctx.site.blocked is not None:
        return True
    pages = [v for v in ctx.views if v.column.url is not None]
    return bool(pages) and all(v.blocked for v in pages)


def _nightly_text(s: SiteSnap) -> str:
    if redirect_refused(s):
        return f"本次巡查时网站{s.error or '首页重定向未跟随'}：{s.url}（如新地址属于本网站，请在配置中更新网站地址）"
    return f"本次巡查时网站首页无法访问（{cause_text(s.status, s.error)}）：{s.url}"


@rule(
    "site-unreachable",
    title="站点无法访问",
    indicator="国办秘函〔2019〕19号 单项否决 2 站点无法访问",
    severity="veto",
    params={"window_days": 7, "min_probes_per_day": 20, "failure_ratio": 0.05},
    doc="""
检查内容：按可用性探测（`patrol probe`，由调度器每天分散执行，默认每站每天24次，每次限时15秒）的记录判断：检查日及之前
`window_days`（默认7）天内，有效探测达到 `window_days` × `min_probes_per_day`（默认7×20=140）次，且打不开的次数占比达到
`failure_ratio`（默认5%），即单项否决，证据列出探测次数、失败次数、占比、失败最多的一天和失败原因分类（超时、连接被拒绝、
域名无法解析、证书错误、HTTP 5xx等）。被网站防火墙拦截的探测既不算失败也不算有效探测。
探测次数不足时不作否决，只在失败占比达到阈值或本次巡查首页打不开时给出预警，写明已探测多少次、还差多少。
一次巡查时首页打不开本身不构成否决：此时其他规则无法判断，只报告本条（预警，provisional: true），结论为“未能检查”；
若同时探测记录已满足否决条件，则为单项否决。`patrol check` 没有连续探测记录，因此从不否决，只作初步提示。
首页重定向无法跟随（循环、超过5次、重定向到本网站以外的主机）也按首页打不开处理，消息写明原因，证据中附重定向链；本网站的主机包括网址中的主机、其“www.”变体（http与https同等看待）以及配置中catalog和栏目网址的主机。
依据：国办秘函〔2019〕19号 单项否决“站点无法访问”：监测1周、每天间隔访问20次以上，超过（含）15秒仍打不开的次数累计
占比超过（含）5%即单项否决（C）。
不合格示例：近7天探测168次，失败10次（6.0%），其中11月17日失败6次（超时5次）。
合格示例：近7天探测168次，失败7次（4.2%）；或本次巡查首页超时但只有3次探测记录（预警，不否决）。
""",
)
def check_unreachable(ctx: Context) -> Iterator[Finding]:
    s, p = ctx.site, ctx.params()
    nightly = site_unreachable(ctx)
    days, per_day, threshold = int(p["window_days"]), int(p["min_probes_per_day"]), float(p["failure_ratio"])
    needed = days * per_day
    extra: dict[str, Any] = {"redirects": list(s.redirects)} if s.redirects else {}
    if nightly:
        extra.update(status=s.status, error=s.error)
    if s.availability is None:
        if nightly:
            message = (f"{_nightly_text(s)}。数据库中尚无可用性探测记录（patrol check 的即时探测不计入），"
                       "不作单项否决；正式认定“站点无法访问”需连续监测"
                       f"{days}天、每天探测{per_day}次以上且失败占比达{threshold:.0%}（巡查结论：未能检查）")
            yield replace(ctx.finding(message, url=s.url, provisional=True, probes=0, needed=needed, **extra),
                          severity="warn")
        return
    w = window(s.availability, ctx.as_of, min(days, s.availability.lookback_days))
    figures = {**w.evidence(), "needed": needed, "threshold_pct": round(100 * threshold, 2)}
    measured = (f"近{days}天（{w.first.isoformat()}至{w.last.isoformat()}）探测首页{w.measured}次，失败{w.failures}次"
                f"（{percent(w.ratio)}）")
    if w.blocked:
        measured += f"，另有{w.blocked}次被网站防火墙拦截（不计）"
    worst = w.worst_day()
    if worst:
        measured += f"；失败最多的是{worst.day.isoformat()}（{worst.failures}/{worst.measured}次）"
    if w.causes:
        measured += f"；失败原因：{causes_text(w.causes)}"
    failing = w.ratio is not None and w.ratio >= threshold
    if w.measured >= needed and failing:
        lead = f"{_nightly_text(s)}；" if nightly else ""
        message = f"{lead}站点无法访问：{measured}，达到{threshold:.0%}（国办秘函〔2019〕19号 单项否决）"
        yield ctx.finding(message, url=s.url, provisional=False, **figures, **extra)
        return
    if not (nightly or failing):
        return
    if w.measured < needed:
        why = f"探测次数不足{needed}次（还差{needed - w.measured}次），不作单项否决"
    else:
        why = f"失败占比未达{threshold:.0%}，不构成单项否决"
    lead = f"{_nightly_text(s)}。" if nightly else "首页可用性预警："
    tail = "（巡查结论：未能检查）" if nightly else ""
    message = f"{lead}{measured}；{why}{tail}"
    yield replace(ctx.finding(message, url=s.url, provisional=True, **figures, **extra), severity="warn")


WHITELIST = "请网站运维单位将巡查地址加入白名单"


@rule(
    "site-blocked",
    title="巡查被拦截",
    indicator="国办秘函〔2019〕19号 检查方法：网站须可被正常访问和监测（本规则为预警，不扣分）",
    severity="warn",
    params={},
    doc="""
检查内容：网站以网站防火墙或反爬虫页面（412 JavaScript 验证、安全狗、云锁、创宇盾、360网站卫士、阿里云盾、腾讯云WAF
等拦截页）代替正常页面回应巡查程序。首页或全部栏目被拦截时，网站未能检查：只报告本条，结论为“未能检查”（不给合格或
不合格，不计分）；部分栏目被拦截时，列出这些栏目，其余照常检查，被拦截的栏目不判断空白、超期或无法访问。
这不是网站故障，不作单项否决。
依据：国办秘函〔2019〕19号 的各项指标须通过访问网站检查；拦截检查程序的网站无法证明合格（M）。
不合格示例：首页返回HTTP 412，页面只有一段设置Cookie后刷新页面的混淆脚本。
合格示例：首页和各栏目返回正常页面。
""",
)
def check_blocked(ctx: Context) -> Iterator[Finding]:
    s = ctx.site
    if s.blocked is not None:
        message = f"网站拦截了巡查程序的访问（{s.blocked}），无法检查；{WHITELIST}：{s.url}"
        yield ctx.finding(message, url=s.url, status=s.status, reason=s.blocked, scope="home")
        return
    views = blocked_columns(ctx)
    if not views:
        return
    reasons = sorted({v.column.blocked for v in views if v.column.blocked})
    names = [v.name for v in views]
    whole = site_blocked(ctx)
    what = "全部栏目" if whole else f"{len(views)}个栏目"
    tail = "，网站无法检查" if whole else "，这些栏目未能检查"
    message = f"网站拦截了巡查程序对{what}的访问（{'；'.join(reasons)}）：{names_text(names)}{tail}；{WHITELIST}"
    yield ctx.finding(message, url=s.url, reason=reasons[0], reasons=reasons, scope="site" if whole else "columns",
                      columns=names, urls=[v.column.url for v in views])


def identifier_problems(identifiers: dict, required: list[str]) -> tuple[list[str], list[str]]:
    """(missing, malformed) identifier keys."""
    missing, malformed = [], []
    for key in required:
        value = identifiers.get(key)
        if not value:
            missing.append(key)
        elif key in IDENTIFIER_FORMATS:
            text = unicodedata.normalize("NFKC", str(value)).strip()
            if not IDENTIFIER_FORMATS[key].match(text):
                malformed.append(key)
    return missing, malformed


@rule(
    "site-identifiers-missing",
    title="网站底部标识不全",
    indicator="《政府网站发展指引》（国办发〔2017〕47号）网站标识",
    severity="deduct",
    params={"required": ["site_id_code", "icp", "police", "conac"]},
    doc="""
检查内容：首页底部是否有网站标识码、ICP备案号、公安机关备案号和党政机关标识，格式是否正确：网站标识码为10位数字或
“bm”加8位数字；ICP备案号如“苏ICP备05012345号”或带“-2”；公安备案号如“苏公网安备 32010202000123号”（14位数字）。
缺失和格式错误合并为一条。`required` 可减少检查项。
依据：《政府网站发展指引》（国办发〔2017〕47号）对网站标识的要求（P）。
不合格示例：底部只有“主办单位：清河市人民政府办公室”和“苏ICP备05012345号”。
合格示例：底部有党政机关标识、网站标识码3209000001、苏ICP备05012345号、苏公网安备 32090202000123号。
""",
)
def check_identifiers(ctx: Context) -> Iterator[Finding]:
    missing, malformed = identifier_problems(ctx.site.identifiers, ctx.params()["required"])
    if not missing and not malformed:
        return
    parts = []
    if missing:
        parts.append("缺少" + "、".join(IDENTIFIER_LABELS.get(k, k) for k in missing))
    if malformed:
        shown = "、".join(f"{IDENTIFIER_LABELS.get(k, k)}“{ctx.site.identifiers[k]}”" for k in malformed)
        parts.append(f"格式不正确：{shown}")
    message = ("网站底部标识不全：" + "；".join(parts)
               + "（《政府网站发展指引》要求展示网站标识码、ICP备案号、公安机关备案号和党政机关标识）")
    found = {k: v for k, v in ctx.site.identifiers.items() if k in IDENTIFIER_LABELS}
    yield ctx.finding(message, url=ctx.site.url, missing=missing, malformed=malformed, found=found)
