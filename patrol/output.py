"""Chinese tables and the JSON contracts printed by the CLI."""

from __future__ import annotations

from typing import Any

from core.config import Config
from core.tables import render_table
from core.vocabulary import CATEGORY_LABELS, COLUMN_KIND_LABELS, FOUND_LABELS, SEVERITY_LABELS, VERDICT_LABELS
from rules.availability import causes_text
from rules.engine import Evaluation

CATEGORY_NAMES = CATEGORY_LABELS
KIND_NAMES = COLUMN_KIND_LABELS
SEVERITY_NAMES = SEVERITY_LABELS
VERDICT_NAMES = VERDICT_LABELS
COLUMN_KEYS = ("name", "url", "category", "kind", "entries", "latest", "found", "parent")
OPTIONAL_COLUMN_KEYS = ("final_url", "redirects", "blocked", "rendered")  # only when the column had them


# What `patrol check` leaves out unless --full: it reads entry pages only for entries with no list date.
SKIPPED_WITHOUT_FULL = [
    {"rule": "entry-link-broken", "reason": "未抓取有日期条目的正文页面，未检查条目链接失效"},
    {"rule": "entry-date-mismatch", "reason": "未抓取有日期条目的正文页面，未比对列表日期与正文日期"},
]


def check_json(url: str, name: str, ev: Evaluation, skipped: list[dict[str, str]] | None = None,
               probes: dict[str, Any] | None = None) -> dict[str, Any]:
    """The `patrol check --json` object of design.md, with ``skipped`` (the checks not run) and ``probes``
    (the short availability series, or null); ``site`` gains ``final_url`` and ``redirects`` when the home page
    redirected; ``verdict`` "unchecked" (score null) when the site blocked the inspector."""
    site: dict[str, Any] = {"url": url, "name": name}
    if ev.redirects:
        site.update(final_url=ev.final_url, redirects=list(ev.redirects))
    return {
        "site": site,
        "as_of": ev.as_of.isoformat(),
        "verdict": ev.verdict,
        "score": ev.score,
        "columns": [{k: c.get(k) for k in COLUMN_KEYS} | {k: c[k] for k in OPTIONAL_COLUMN_KEYS if k in c}
                    for c in ev.columns],
        "findings": [{"rule": f.rule, "severity": f.severity, "column": f.column, "url": f.url,
                      "message": f.message, "evidence": f.evidence} for f in ev.findings],
        "skipped": list(skipped or []),
        "probes": probes,
    }


def render_findings(ev: Evaluation) -> str:
    exempted = getattr(ev, "exempted", {}) or {}
    order = {"veto": 0, "deduct": 1, "warn": 2}
    rows = [[SEVERITY_NAMES.get(f.severity, f.severity), f.rule, f.message
             + (f"（已豁免：{exempted[f.key]}）" if f.key in exempted else "")]
            for f in sorted(ev.findings, key=lambda f: order.get(f.severity, 9))]
    if not rows:
        return "未发现问题。"
    return render_table(["类别", "规则", "问题"], rows)


def redirects_text(hops: Any) -> str:
    """``A →(301) B →(302) C`` (each hop's status in brackets)."""
    if not hops:
        return ""
    return " ".join([str(hops[0]["url"])] + [f"→({hop['status']}) {hop['to'] or '—'}" for hop in hops])


def probes_text(probes: dict[str, Any]) -> str:
    """``首页可用性探测：3次（间隔2秒），失败1次（33.3%：超时1次）；…仅为即时参考…``"""
    text = f"首页可用性探测：{probes['probes']}次（间隔{probes['interval_seconds']:g}秒），失败{probes['failures']}次"
    if probes["failure_pct"] is not None:
        text += f"（{probes['failure_pct']:g}%"
        text += f"：{causes_text(probes['causes'])}）" if probes["causes"] else "）"
    if probes["blocked"]:
        text += f"，另有{probes['blocked']}次被网站防火墙拦截（不计）"
    return f"{text}。{probes['note']}"


def render_check(url: str, name: str, ev: Evaluation, skipped: list[dict[str, str]] | None = None,
                 probes: dict[str, Any] | None = None) -> str:
    score = "—" if ev.score is None else ev.score
    head = (f"站点：{name}（{url}）\n巡查基准日：{ev.as_of.isoformat()}\n"
            f"结论：{VERDICT_NAMES.get(ev.verdict, ev.verdict)}    得分：{score}")
    if ev.redirects:
        head += f"\n首页重定向：{redirects_text(ev.redirects)}"
    if ev.verdict == "fail" and any(f.rule == "catalog-not-found" for f in ev.findings):
        head += ("\n说明：未找到信息公开目录（catalog-not-found），栏目均未检查，网站不能据未见的栏目判为合格；"
                 "如目录在别处，请用 --catalog 指定其网址后重新检查")
    if probes is not None:
        head += f"\n{probes_text(probes)}"
    columns = render_table(
        ["栏目", "类别", "类型", "条目数", "最近更新", "发现途径"],
        [[c["name"], CATEGORY_NAMES.get(c.get("category") or "none", "其他"),
          KIND_NAMES.get(c.get("kind") or "", c.get("kind")), c.get("entries"), c.get("latest") or "—",
          FOUND_LABELS.get(c.get("found") or "", "—") + ("（脚本渲染）" if c.get("rendered") else "")]
         for c in ev.columns], right=(3,))
    text = f"{head}\n\n栏目（{len(ev.columns)} 个）\n{columns}\n\n问题（{len(ev.findings)} 条）\n{render_findings(ev)}"
    if skipped:
        text += "\n\n未执行的检查（加 --full 执行）：\n" + "\n".join(f"- {s['rule']}：{s['reason']}" for s in skipped)
    return text


PASS_SCORE = 60  # a site scoring at least this passes unless a veto (单项否决) rule fails it


def veto_reasons(ev: Evaluation) -> list[str]:
    """Why a site failed although its score passes: each unexempted veto finding, rule title first."""
    from rules.catalogue import RULES

    exempted = getattr(ev, "exempted", {}) or {}
    vetoes = [f for f in ev.findings if f.severity == "veto" and f.key not in exempted]
    return [f"{RULES[f.rule].title if f.rule in RULES else f.rule}（{f.rule}）：{f.message}" for f in vetoes]


def render_summary(config: Config, db: str, result: Any) -> str:
    """Per-site table after a run: columns, entries, newest date, pages read and errors (as the database
    counts them, with a 合计 row equal to ``runs.pages`` and ``runs.errors``), verdict, score; then why each
    site that scored a pass failed (its veto)."""
    from storage.store import Store

    with Store(db) as store:
        figures = store.run_figures(result.run_id)
    rows: list[list[Any]] = []
    vetoed: list[tuple[str, float, list[str]]] = []
    notes: list[str] = []
    judged = [s for s in config.sites if s.name in result.evaluations]  # `--site`: only the sites inspected
    with Store(db) as store:
        for site in judged:
            snap = store.snapshot(site.name)
            cut = [c for c in snap.columns if c.cut]
            if cut:
                unseen = sum(c.status is None for c in cut)
                notes.append(f"注：{site.name}：已达抓取上限，部分栏目未完整检查（{len(cut) - unseen}个栏目未走完，"
                             f"{unseen}个栏目未检查；这些栏目不判断空白与更新）")
            ev = result.evaluations.get(site.name)
            lists = [c for c in snap.columns if c.kind != "group"]
            dates = [e.date for c in lists for e in c.entries
                     if e.date and e.date <= result.as_of] + [c.page_date for c in lists if c.page_date]
            rows.append([site.name, len(lists), sum(c.count for c in lists),
                         max(dates).isoformat() if dates else "—", figures.pages[site.name],
                         figures.errors[site.name], VERDICT_NAMES.get(ev.verdict, "—") if ev else "—",
                         ev.score if ev and ev.score is not None else "—", len(ev.findings) if ev else 0])
            if ev and ev.verdict == "fail" and ev.score is not None and ev.score >= PASS_SCORE:
                vetoed.append((site.name, ev.score, veto_reasons(ev)))
    rows.append(["合计", sum(r[1] for r in rows), sum(r[2] for r in rows), "", figures.total_pages,
                 figures.total_errors, "", "", sum(r[8] for r in rows)])
    table = render_table(["站点", "栏目数", "条目数", "最新日期", "抓取页数", "错误", "结论", "得分", "问题数"],
                         rows, right=(1, 2, 4, 5, 7, 8))
    scope = "" if len(judged) == len(config.sites) else \
        f"，只巡查指定的{len(judged)}个站点（共登记{len(config.sites)}个）"
    text = f"巡查完成（批次 {result.run_id}，基准日 {result.as_of.isoformat()}{scope}），数据库：{db}\n{table}"
    text += ("\n抓取页数：本批次读取的首页、目录页与列表页（正文页不计）；错误：无法读取的站点首页与栏目。"
             "合计与数据库 runs 表一致。")
    for name, score, reasons in vetoed:
        text += f"\n{name} 得分 {score} 但不合格，单项否决：" + "；".join(reasons or ["（未记录否决项）"])
    return text + "".join("\n" + n for n in notes)


PAGE_KIND_NAMES = {"list": "列表页", "article": "正文页", "page": "单页", "other": "其他页面"}

SOURCE_NAMES = {"selector": "配置选择器", "label": "标注", "weak-label": "标注(日期/时间)", "element": "发布时间元素",
                "byline": "信息行", "meta": "元数据", "script": "脚本", "url": "网址", "generated": "生成日期",
                "document": "成文日期", "decoy": "干扰项"}


def _when(candidate: dict[str, Any]) -> str:
    return " ".join(x for x in (candidate.get("date") or "无效日期", candidate.get("time")) if x)


def render_page(result: dict[str, Any]) -> str:
    status = result.get("status") or "—（未收到回应）"
    lines = [f"网址：{result.get('url')}", f"状态：{status}    编码：{result.get('encoding') or '—'}",
             f"类型：{PAGE_KIND_NAMES.get(result.get('kind') or '', result.get('kind'))}",
             f"标题：{result.get('title') or '—'}",
             f"发布日期：{result.get('published') or '—'}"
             f"（依据：{SOURCE_NAMES.get(result.get('published_from') or '', '—')}）"]
    candidates = result.get("date_candidates") or []
    if candidates:
        lines.append("发布日期依据（逐项权衡）：")
        lines.append(render_table(["日期", "来源", "原文", "位置", "判断"],
                                  [[_when(c), SOURCE_NAMES.get(c["source"], c["source"]), c["raw"], c["where"],
                                    c["note"]] for c in candidates]))
    ids = result.get("identifiers") or {}
    lines.append(f"网站标识码：{ids.get('site_id_code') or '—'}    ICP：{ids.get('icp') or '—'}    "
                 f"公安备案：{ids.get('police') or '—'}    党政机关标识：{'有' if ids.get('conac') else '无'}")
    if result.get("redirects"):
        lines.append(f"重定向：{redirects_text(result['redirects'])}")
        lines.append(f"最终地址：{result.get('final_url')}")
    if result.get("blocked"):
        lines.append(f"被拦截：{result['blocked']}")
    if result.get("error"):
        lines.append(f"错误：{result['error']}")
    if result.get("cut") and result.get("cut") != result.get("error"):
        lines.append(f"页面不完整：{result['cut']}")
    if result.get("list_area") is not None:
        lines.append("列表所在内容区：" + ("；".join(result["list_area"]) or "—（未找到）"))
    entries = result.get("entries") or []
    if entries:
        lines.append(f"条目（{len(entries)} 条）")
        lines.append(render_table(["日期", "标题", "网址"],
                                  [[e.get("date") or "—", e.get("title"), e.get("url")] for e in entries]))
    if result.get("not_entries"):
        lines.append("未作为条目的链接组：")
        lines.append(render_table(["位置", "链接数", "原因"],
                                  [[g["where"], g["links"], g["why"]] for g in result["not_entries"]]))
    if result.get("next"):
        lines.append("后续分页：" + "  ".join(result["next"][:10])
                     + (f" …共 {len(result['next'])} 页" if len(result["next"]) > 10 else ""))
    return "\n".join(lines) + "\n"
