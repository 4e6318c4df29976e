"""Datasette metadata for patrol.db: Chinese titles and descriptions, hidden tables, labels, canned views."""

from __future__ import annotations

from typing import Any

from core.vocabulary import COLUMN_KIND_LABELS, CONFIDENCE_LABELS, FOUND_LABELS, SEVERITY_LABELS, VERDICT_LABELS
from web.queries import VIEWS
from web.vocabulary import CHANNEL_LABELS, NOTICE_STATUS_LABELS, STATE_LABELS

DATABASE = "patrol"  # the database's name in every URL: /patrol/<table or view>
SQL_TIME_LIMIT_MS = 3000  # every query, canned views included: a slow one cannot hold the view for long

# Bookkeeping an office user never reads: the crawl's page cache, notice items, the scheduler's own tables.
HIDDEN = ("pages", "notice_items", "schedule_log", "sqlite_sequence", "apscheduler_jobs")

TABLES: dict[str, tuple[str, str, str | None, dict[str, str]]] = {
    # table: (title, description, label column, column descriptions)
    "units": ("责任单位", "接收整改通知的单位。", "name", {
        "name": "单位名称", "email": "接收通知的邮箱", "webhooks": "机器人地址（JSON，已隐去密钥）",
        "in_config": "是否在当前配置中"}),
    "sites": ("网站", "巡查的网站及其最近一次巡查所见：首页状态、标识、公开目录位置。", "name", {
        "name": "网站名称", "url": "首页地址", "unit": "责任单位", "kind": "类型",
        "catalog": "信息公开目录地址", "status": "首页 HTTP 状态", "error": "首页访问错误",
        "identifiers": "底部标识（JSON）", "title": "首页标题", "last_run": "最近巡查批次",
        "discovery": "查找公开目录的过程（JSON）", "final_url": "跳转后的地址", "redirects": "跳转链（JSON）",
        "blocked": "被拦截的原因", "in_config": "是否在当前配置中", "home_dates": "首页所见日期（JSON）",
        "home_entries": "首页所见信息（JSON）", "facts": "站点事实：搜索、互动、办事入口（JSON）"}),
    "columns": ("栏目", "信息公开目录中的栏目：条目数、最新日期、访问状态。", "name", {
        "site": "所属网站", "name": "栏目名称", "url": "栏目地址", "parent": "上级栏目",
        "kind": "形式", "category": "配置指定的类别",
        "entry_count": "条目数", "latest": "最新发布日期（不含晚于检查日的）", "status": "HTTP 状态",
        "error": "访问错误", "meta": "页面元数据（JSON）", "page_date": "单页栏目的日期",
        "walked_run": "最近完整遍历的批次", "first_run": "首次发现批次", "last_run": "最近所见批次",
        "id": "栏目编号", "final_url": "跳转后的地址", "redirects": "跳转链（JSON）", "blocked": "被拦截的原因",
        "cut": "遍历被截断的原因", "found": "发现方式",
        "rendered": "是否经浏览器渲染读取（1 是）"}),
    "entries": ("信息条目", "栏目中列出的每一条信息及其发布日期。", "title", {
        "column_id": "所属栏目", "site": "所属网站", "title": "标题", "url": "信息地址",
        "list_date": "列表所示日期", "list_date_raw": "列表日期原文", "list_date_status": "列表日期状态",
        "published": "正文发布日期", "published_raw": "正文日期原文", "published_from": "正文日期来源",
        "article_title": "正文标题", "status": "信息页 HTTP 状态", "removed_run": "从列表消失的批次",
        "id": "条目编号", "first_run": "首次发现批次", "last_run": "最近所见批次", "listed_run": "最近列出的批次",
        "written": "成文日期", "metas": "正文页的网页元数据名称（JSON）"}),
    "findings": ("问题", "巡查发现的问题及其生命周期（新发现、未整改、已整改、复发）。", "message", {
        "key": "问题编号（跨批次稳定）", "rule": "规则编号",
        "severity": "类别",
        "site": "网站", "column": "栏目", "url": "证据链接", "message": "问题描述", "evidence": "证据（JSON）",
        "state": "状态", "exempt_reason": "豁免理由",
        "first_seen": "首次发现", "last_seen": "最近发现", "fixed_at": "整改核验日期", "times_fixed": "整改次数",
        "first_run": "首次发现批次", "last_run": "最近发现批次", "eval_run": "最近评估批次",
        "prev": "上一次的状态"}),
    "evaluation_findings": ("历次评估问题", "每次评估当时判定的问题，供按日期复现过去的结论。", "message", {
        "run_id": "批次", "site": "网站", "key": "问题编号", "rule": "规则编号",
        "severity": "类别", "column": "栏目", "url": "证据链接",
        "message": "问题描述", "evidence": "证据（JSON）", "exempt_reason": "豁免理由"}),
    "evaluations": ("评估结果", "每次巡查每个网站的得分与结论。", None, {
        "run_id": "批次", "site": "网站", "as_of": "基准日", "score": "得分（百分制）",
        "verdict": "结论",
        "veto": "单项否决项数",
        "deduct": "扣分项数", "warn": "预警项数", "findings_kept": "是否保存了当时的问题（1 是）"}),
    "notices": ("通报", "每次发送的整改通知：单位、周次、渠道、对象、结果。", None, {
        "unit": "单位（* 为汇总通报）", "week": "周次", "channel": "渠道",
        "target": "发送对象", "files": "文件（JSON）", "finding_keys": "包含的问题编号（JSON）",
        "status": "结果", "error": "失败原因",
        "created": "生成时间", "sent_at": "送达时间", "id": "通报编号"}),
    "runs": ("巡查批次", "每次巡查一行：基准日、起止时间、状态与数量。", None, {
        "kind": "类型", "started": "开始时间", "ended": "结束时间",
        "status": "状态", "as_of": "基准日", "sites": "站点数", "columns": "栏目数", "entries": "条目数",
        "pages": "抓取页数", "errors": "错误数", "id": "批次编号", "config": "配置文件", "pid": "进程号",
        "resumes": "续跑次数"}),
    "probes": ("可用性探测", "首页可用性探测记录。", None, {
        "id": "探测编号", "site": "网站", "target": "对象", "url": "地址",
        "ts": "时间戳", "at": "探测时间", "day": "日期", "status": "HTTP 状态", "elapsed": "用时（秒）",
        "outcome": "结果", "cause": "失败类型", "error": "错误",
        "final_url": "跳转后的地址"}),
    "links": ("页面链接", "首页和栏目页上的链接，供检查链接可用性。", "url", {
        "site": "网站", "page": "所在页面", "url": "链接地址", "text": "链接文字",
        "place": "位置", "column_name": "所在栏目", "seen_run": "最近所见批次"}),
    "link_checks": ("链接检查", "每个链接最近一次检查的结果与连续失败次数。", "url", {
        "site": "网站", "url": "链接地址", "status": "HTTP 状态", "error": "错误",
        "outcome": "结果", "fails": "连续失败次数",
        "failing_since": "开始失败日期", "checked_run": "检查批次", "checked_on": "检查日期"}),
    "messages": ("互动留言", "互动交流栏目中的留言：留言、回复日期与办理状态。", "title", {
        "id": "留言编号", "site": "网站", "column_name": "栏目", "column_url": "栏目地址",
        "kind": "类型", "url": "留言地址", "title": "留言标题",
        "asked": "留言日期", "replied": "回复日期", "state": "办理状态", "state_raw": "状态原文",
        "days": "回复用时（天）", "last_run": "最近所见批次"}),
    "review_candidates": ("待核实候选", "内容审核发现的个人信息、表述错误候选（证据已脱敏），待人工确认或排除。",
                          "summary", {
        "id": "候选编号（patrol review confirm/dismiss 用）", "site": "网站", "url": "网址",
        "kind": "类别", "location": "位置",
        "summary": "问题描述", "sample": "证据（已脱敏）", "confidence": "把握",
        "text_hash": "文字摘要（去重用）", "status": "状态",
        "reason": "核实理由", "decided_at": "核实时间", "first_seen": "首次发现", "last_seen": "最近发现",
        "last_run": "最近所见批次", "present": "仍在页面或附件中（1 是 / 0 再次读取时已不见）"}),
    "attachments": ("附件", "内容审核读取的附件：类型、大小、sha256 与读取结果（无法读取的需人工查看）。", "url", {
        "url": "附件地址", "site": "网站", "page_url": "所在页面", "name": "附件名称", "kind": "类型（按文件内容判断）",
        "size": "字节数", "sha256": "SHA-256", "content_hash": "SHA-1（下次巡查判断是否变化）", "etag": "ETag",
        "last_modified": "Last-Modified",
        "status": "读取结果", "note": "说明", "candidates": "候选数", "fetched_at": "读取时间",
        "last_run": "最近读取批次"}),
}

# Stored ISO timestamps (with their UTC offset) a raw table shows on the office's clock.
TIMESTAMPS = {("runs", "started"), ("runs", "ended"), ("notices", "created"), ("notices", "sent_at"),
              ("probes", "at")}


# Columns that store a code: its Chinese labels, shown in the cells and appended to the column's description.
CODE_LABELS: dict[tuple[str, str], dict[str, str]] = {
    ("sites", "kind"): {"government": "政府", "department": "部门"},
    ("columns", "kind"): COLUMN_KIND_LABELS, ("columns", "found"): FOUND_LABELS,
    ("findings", "severity"): SEVERITY_LABELS, ("evaluation_findings", "severity"): SEVERITY_LABELS,
    ("findings", "state"): STATE_LABELS, ("evaluations", "verdict"): VERDICT_LABELS,
    ("notices", "channel"): CHANNEL_LABELS, ("notices", "status"): NOTICE_STATUS_LABELS,
    ("runs", "kind"): {"run": "巡查", "check": "即时检查", "demo": "演示"},
    ("probes", "target"): {"home": "首页", "catalog": "信息公开目录"},
    ("probes", "outcome"): {"ok": "正常", "fail": "失败", "blocked": "被拦截"},
    ("links", "place"): {"home": "首页", "page": "栏目页"},
    ("link_checks", "outcome"): {"ok": "正常", "fail": "失败", "restricted": "限制访问"},
    ("messages", "kind"): {"channel": "咨询建言", "exempt": "信访、举报，不计入"},
    ("review_candidates", "kind"): {"personal-data": "个人信息", "wording": "表述错误"},
    ("review_candidates", "confidence"): CONFIDENCE_LABELS,
    ("review_candidates", "status"): {"pending": "待核实", "confirmed": "已确认", "dismissed": "已排除"},
    ("attachments", "status"): {"read": "已读取", "unreadable": "需人工查看", "no-libreoffice": "未安装 LibreOffice",
                                "too-large": "超过大小上限", "timeout": "读取超时", "unsupported": "不支持的类型",
                                "failed": "读取失败",
                                "http-error": "下载失败"},
}


def column_description(table: str, column: str) -> str:
    """A column's description, with the labels of its codes when it stores codes (the codes stay out of sight:
    the cells show the labels, web.plugin.render_cell)."""
    description = TABLES[table][3][column]
    codes = CODE_LABELS.get((table, column))
    return f"{description}（{'、'.join(codes.values())}）" if codes else description



AVAILABILITY_SQL = """
SELECT site AS 站点, date(day, 'weekday 0', '-6 days') AS 周起始日, sum(probes) AS 探测次数,
       sum(failures) AS 失败次数, sum(blocked) AS 被拦截次数,
       round(100.0 * (sum(probes) - sum(blocked) - sum(failures)) / nullif(sum(probes) - sum(blocked), 0), 2)
           AS 可用率
FROM availability WHERE target = 'home' AND (:site = '' OR site = :site)
GROUP BY site, 周起始日 ORDER BY 周起始日 DESC, site
"""


def build_metadata(tables: dict[str, list[str]]) -> dict[str, Any]:
    """Metadata for the tables present (name → its columns); views needing an absent table are left out."""
    meta_tables: dict[str, Any] = {}
    for name, (title, description, label, columns) in TABLES.items():
        if name in tables:
            entry: dict[str, Any] = {"title": title, "description": description,
                                     "columns": {c: column_description(name, c) for c in columns if c in tables[name]}}
            if label:
                entry["label_column"] = label
            meta_tables[name] = entry
    for name in HIDDEN:
        if name in tables:
            meta_tables[name] = {**meta_tables.get(name, {}), "hidden": True}
    queries = {v.name: {"sql": v.sql, "title": v.title, "description": v.description, "hide_sql": True}
               for v in VIEWS if v.requires is None or v.requires in tables}
    if "probes" in tables:  # 可用性 per site and week (WAF answers are no failure and do not count)
        sql = AVAILABILITY_SQL
        if sql:
            queries["availability"] = {"sql": sql, "title": "可用性", "description": "各站点每周首页探测成功率。",
                                       "hide_sql": True}
    return {
        "title": "政务公开巡查 Patrol",
        "description": "巡查结果（只读）：单位排名、问题清单、栏目更新、整改跟踪、通报记录。",
        "databases": {DATABASE: {"title": "巡查数据库", "tables": meta_tables, "queries": queries}},
    }
