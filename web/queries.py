"""The canned views (固定查询) of the web view: SQL over patrol.db, Chinese column names, stable names.

Each view is reachable at ``/patrol/<name>`` (``.json``, ``.csv`` for export). ``:as_of`` (YYYY-MM-DD, empty
= today in the office's time zone, ``patrol_today()``, as the CLI counts it) is the day the view is judged on
(days open, overdue, stale), so a weekly link can pin its date.
The ``patrol_*`` SQL functions are registered by :mod:`web.plugin`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules import lifecycle

# Never SQLite's date('now', 'localtime'): the machine's zone is not the office's.
DAY = "coalesce(nullif(:as_of, ''), patrol_today())"
OPEN_STATES = "(" + ", ".join(f"'{s}'" for s in lifecycle.OPEN_STATES) + ")"  # as SQL

# Each finding still open (not exempted) with the unit of its site and its latest 整改 deadline.
_OPEN = f"""
p AS (SELECT {DAY} AS day),
deadlines AS (
  SELECT key, first_notified, deadline FROM (
    SELECT key, first_notified, deadline,
           row_number() OVER (PARTITION BY key ORDER BY week DESC, as_of DESC) AS rn
    FROM notice_items WHERE section IN ('new', 'open')) WHERE rn = 1),
open_findings AS (
  SELECT f.*, s.unit AS unit, d.first_notified AS first_notified, d.deadline AS deadline,
         CAST(julianday(p.day) - julianday(f.first_seen) AS INTEGER) AS days_open,
         CASE WHEN d.deadline IS NOT NULL AND d.deadline < p.day
              THEN CAST(julianday(p.day) - julianday(d.deadline) AS INTEGER) END AS days_overdue
  FROM findings f JOIN p LEFT JOIN sites s ON s.name = f.site LEFT JOIN deadlines d ON d.key = f.key
  WHERE f.state IN {OPEN_STATES} AND f.exempt_reason IS NULL AND f.first_seen <= p.day)
"""


def _evaluations(name: str, day: str) -> str:
    """Each site's latest evaluation on or before ``day`` (an SQL expression), as CTE ``name``."""
    return f"""
{name} AS (
  SELECT * FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.site ORDER BY e.as_of DESC, e.run_id DESC) AS rn
    FROM evaluations e, p WHERE e.as_of <= {day}) WHERE rn = 1)"""


LEAGUE = f"""
WITH {_OPEN},
{_evaluations("now_ev", "p.day")},
{_evaluations("prev_ev", "date(p.day, '-7 days')")},
units_all AS (SELECT DISTINCT unit AS name FROM sites WHERE unit IS NOT NULL),
per_unit AS (
  SELECT u.name AS unit,
    (SELECT count(*) FROM sites s WHERE s.unit = u.name) AS sites,
    (SELECT count(*) FROM now_ev e JOIN sites s ON s.name = e.site
      WHERE s.unit = u.name AND e.verdict IN ('pass', 'fail')) AS checked,
    (SELECT count(*) FROM now_ev e JOIN sites s ON s.name = e.site
      WHERE s.unit = u.name AND e.verdict = 'pass') AS passed,
    (SELECT count(*) FROM now_ev e JOIN sites s ON s.name = e.site
      WHERE s.unit = u.name AND e.verdict = 'unchecked') AS unchecked,
    (SELECT count(*) FROM now_ev e JOIN sites s ON s.name = e.site
      WHERE s.unit = u.name AND e.verdict = 'incomplete') AS incomplete,
    (SELECT round(avg(e.score), 1) FROM now_ev e JOIN sites s ON s.name = e.site
      WHERE s.unit = u.name AND e.verdict IN ('pass', 'fail')) AS score,
    (SELECT round(avg(e.score), 1) FROM prev_ev e JOIN sites s ON s.name = e.site
      WHERE s.unit = u.name AND e.verdict IN ('pass', 'fail')) AS previous,
    (SELECT count(*) FROM open_findings f WHERE f.unit = u.name) AS open,
    (SELECT count(*) FROM open_findings f WHERE f.unit = u.name AND f.severity = 'veto') AS veto,
    (SELECT count(*) FROM open_findings f WHERE f.unit = u.name AND f.days_overdue > 0) AS overdue
  FROM units_all u),
verdicts AS (
  SELECT *, CASE WHEN checked = 0 THEN (CASE WHEN incomplete > 0 THEN '未能完整检查'
                                              WHEN unchecked > 0 THEN '未能检查' ELSE '未巡查' END)
                 WHEN passed = checked THEN '合格' ELSE '不合格' END AS verdict
  FROM per_unit)
SELECT CASE WHEN checked > 0 THEN row_number() OVER (
         PARTITION BY checked > 0 ORDER BY verdict != '合格', score DESC, veto + open, overdue, unit) END AS 排名,
       unit AS 单位, sites AS 网站数, verdict AS 结论, score AS 得分,
       CASE WHEN score IS NOT NULL AND previous IS NOT NULL THEN round(score - previous, 1) END AS 较上周,
       open AS 未整改问题, veto AS 单项否决, overdue AS 逾期未改
FROM verdicts
ORDER BY checked = 0, verdict != '合格', score DESC, veto + open, overdue, unit
"""

OPEN_FINDINGS = f"""
WITH {_OPEN}
SELECT f.unit AS 单位, f.site AS 站点, coalesce(f."column", '—') AS 栏目,
       patrol_severity(f.severity) AS 类别, patrol_rule_title(f.rule) AS 问题类型, f.message AS 问题描述,
       f.url AS 证据链接, f.first_seen AS 首次发现, f.days_open AS 已持续天数, f.deadline AS 整改期限,
       patrol_state(f.state) AS 状态, f.key AS 问题编号
FROM open_findings f
WHERE (:unit = '' OR f.unit = :unit)
ORDER BY f.unit, CASE f.severity WHEN 'veto' THEN 0 WHEN 'deduct' THEN 1 ELSE 2 END, f.site, f.first_seen, f.key
"""

# Columns seen by each site's latest crawl, with their class and window as the rules judge them.
COLUMNS_STATUS = f"""
WITH p AS (SELECT {DAY} AS day),
cols AS (
  SELECT s.unit, c.site, c.name, c.kind, c.url, c.entry_count, c.latest, c.status, c.error, c.blocked,
         patrol_category(c.site, c.name, c.meta) AS category
  FROM "columns" c JOIN sites s ON s.name = c.site
  WHERE c.kind != 'group' AND c.last_run = s.last_run),
judged AS (
  SELECT cols.*, patrol_window(site, name, category) AS window,
         CAST(julianday(p.day) - julianday(latest) AS INTEGER) AS days
  FROM cols, p)
SELECT unit AS 单位, site AS 站点, name AS 栏目, patrol_category_label(category) AS 类别,
       CASE kind WHEN 'page' THEN '单页' ELSE '列表' END AS 形式, entry_count AS 条目数, latest AS 最新日期,
       days AS 距今天数, window AS 更新时限,
       CASE WHEN blocked IS NOT NULL THEN '被拦截'
            WHEN error IS NOT NULL OR (status IS NOT NULL AND status >= 400) THEN '无法访问'
            WHEN kind = 'list' AND coalesce(entry_count, 0) = 0 THEN '空白'
            WHEN window IS NULL THEN '不限时'
            WHEN latest IS NULL THEN '无有效日期'
            WHEN days > window THEN '超期'
            WHEN days > window - 7 THEN '即将超期'
            ELSE '正常' END AS 状态,
       url AS 网址
FROM judged
WHERE (:site = '' OR site = :site)
ORDER BY unit, site, CASE WHEN window IS NULL THEN 1 ELSE 0 END, days - window DESC, name
"""

OVERDUE = f"""
WITH {_OPEN}
SELECT f.unit AS 单位, f.site AS 站点, coalesce(f."column", '—') AS 栏目, f.message AS 问题描述,
       f.first_seen AS 首次发现, f.first_notified AS 首次通知, f.deadline AS 整改期限,
       f.days_overdue AS 逾期天数, f.times_fixed AS 曾整改次数,
       CASE WHEN f.days_overdue > 0 AND f.state = 'reopened' THEN '逾期、复发'
            WHEN f.days_overdue > 0 THEN '逾期未整改' ELSE '复发' END AS 情况,
       f.url AS 证据链接, f.key AS 问题编号
FROM open_findings f
WHERE f.days_overdue > 0 OR f.state = 'reopened' OR f.times_fixed > 0
ORDER BY f.days_overdue IS NULL, f.days_overdue DESC, f.unit, f.key
"""

# A file delivery is 已生成（未送达） unless a mail or robot message of the same notice reached its target.
NOTICES = """
SELECT CASE WHEN unit = '*' THEN '（汇总通报）' ELSE unit END AS 单位, week AS 周次,
       patrol_channel(channel) AS 渠道, coalesce(target, '—') AS 发送对象,
       CASE WHEN n.status = 'written' AND EXISTS (
              SELECT 1 FROM notices o WHERE o.unit = n.unit AND o.week = n.week AND o.status = 'sent')
            THEN '已生成'
            ELSE patrol_notice_status(n.status) END AS 结果,
       error AS 失败原因, patrol_local_time(created) AS 生成时间, patrol_local_time(sent_at) AS 送达时间,
       json_array_length(finding_keys) AS 问题数, files AS 文件
FROM notices n
WHERE (:unit = '' OR unit = :unit)
ORDER BY id DESC
"""

RUNS = """
SELECT id AS 批次, CASE kind WHEN 'demo' THEN '演示' WHEN 'check' THEN '即时检查' ELSE '巡查' END AS 类型,
       as_of AS 基准日, patrol_local_time(started) AS 开始时间, patrol_local_time(ended) AS 结束时间,
       CASE status WHEN 'complete' THEN '完成' WHEN 'running' THEN '进行中' WHEN 'failed' THEN '失败'
                   ELSE '中断' END AS 状态,
       sites AS 站点数, "columns" AS 栏目数, entries AS 条目数, pages AS 抓取页数, errors AS 错误数
FROM runs ORDER BY id DESC LIMIT 50
"""

# 合格率 and open findings week by week (weeks start on Monday; a site counts once, by its last evaluation
# of the week; findings open at the end of the week's last inspection day).
TREND = """
WITH weeks AS (SELECT date(as_of, 'weekday 0', '-6 days') AS monday, max(as_of) AS day
               FROM evaluations GROUP BY 1),
week_ev AS (
  SELECT * FROM (
    SELECT date(e.as_of, 'weekday 0', '-6 days') AS monday, e.site, e.verdict,
           row_number() OVER (PARTITION BY date(e.as_of, 'weekday 0', '-6 days'), e.site
                              ORDER BY e.as_of DESC, e.run_id DESC) AS rn
    FROM evaluations e) WHERE rn = 1),
counted AS (
  SELECT w.monday, w.day,
    (SELECT count(*) FROM week_ev v WHERE v.monday = w.monday AND v.verdict IN ('pass', 'fail')) AS checked,
    (SELECT count(*) FROM week_ev v WHERE v.monday = w.monday AND v.verdict = 'pass') AS passed,
    (SELECT count(*) FROM findings f WHERE f.first_seen <= w.day AND f.exempt_reason IS NULL
       AND (f.fixed_at IS NULL OR f.fixed_at > w.day)) AS open
  FROM weeks w)
SELECT monday AS 周起始日, day AS 数据日期, checked AS 检查网站数, passed AS 合格网站数,
       CASE WHEN checked > 0 THEN round(100.0 * passed / checked, 1) END AS 合格率, open AS 未整改问题
FROM counted ORDER BY monday
"""

UNIT_FAMILIES = f"""
WITH {_OPEN}
SELECT f.unit AS 单位, patrol_family(f.rule) AS 问题类别, count(*) AS 未整改问题
FROM open_findings f GROUP BY f.unit, patrol_family(f.rule) ORDER BY f.unit, count(*) DESC
"""

STALE_SITES = f"""
WITH p AS (SELECT {DAY} AS day),
inspected AS (
  SELECT e.site, max(e.as_of) AS as_of FROM evaluations e JOIN runs r ON r.id = e.run_id
  WHERE r.status = 'complete' GROUP BY e.site)
SELECT s.unit AS 单位, s.name AS 站点, i.as_of AS 最近完成巡查,
       CAST(julianday(p.day) - julianday(i.as_of) AS INTEGER) AS 距今天数
FROM sites s JOIN p LEFT JOIN inspected i ON i.site = s.name
WHERE s.in_config = 1 AND (i.as_of IS NULL OR julianday(p.day) - julianday(i.as_of) > CAST(:max_age AS INTEGER))
ORDER BY i.as_of IS NOT NULL, i.as_of, s.name
"""

# Entries per unit, site, column and month of a year: see web/stats.py for the counting rule.
YEARLY = """
WITH dated AS (
  SELECT e.id, e.site, e.column_id, e.url, coalesce(e.list_date, e.published) AS day, r.as_of AS seen
  FROM entries e JOIN runs r ON r.id = e.last_run),
counted AS (
  SELECT d.*, c.name AS column_name, s.unit, patrol_category(c.site, c.name, c.meta) AS category
  FROM dated d JOIN "columns" c ON c.id = d.column_id JOIN sites s ON s.name = d.site
  WHERE d.day IS NOT NULL AND d.day <= d.seen AND substr(d.day, 1, 4) = :year)
SELECT unit AS 单位, site AS 站点, column_name AS 栏目, patrol_category_label(category) AS 类别,
  count(*) AS 全年,
  sum(substr(day, 6, 2) = '01') AS "1月", sum(substr(day, 6, 2) = '02') AS "2月",
  sum(substr(day, 6, 2) = '03') AS "3月", sum(substr(day, 6, 2) = '04') AS "4月",
  sum(substr(day, 6, 2) = '05') AS "5月", sum(substr(day, 6, 2) = '06') AS "6月",
  sum(substr(day, 6, 2) = '07') AS "7月", sum(substr(day, 6, 2) = '08') AS "8月",
  sum(substr(day, 6, 2) = '09') AS "9月", sum(substr(day, 6, 2) = '10') AS "10月",
  sum(substr(day, 6, 2) = '11') AS "11月", sum(substr(day, 6, 2) = '12') AS "12月"
FROM counted GROUP BY unit, site, column_name, category ORDER BY unit, site, 全年 DESC, column_name
"""

# The year's 留言办理 figures per unit, as `patrol stats` gives them (web/interaction_stats.py: the same
# answered rule and median, as SQL functions): 网上信访 and 纪检举报 channels are left out.
REPLIES = """
SELECT coalesce(s.unit, '—') AS 单位, count(*) AS 收到留言, sum(patrol_answered(m.state, m.replied)) AS 已回复,
  round(100.0 * sum(patrol_answered(m.state, m.replied)) / count(*), 1) AS "回复率（%）",
  patrol_median(m.days) AS 回复天数中位数
FROM messages m JOIN sites s ON s.name = m.site
WHERE m.kind = 'channel' AND m.asked >= :year || '-01-01' AND m.asked <= :year || '-12-31'
GROUP BY coalesce(s.unit, '—') ORDER BY 单位
"""


REVIEW_PENDING = """
SELECT r.id AS 候选编号, s.unit AS 单位, r.site AS 网站,
       CASE r.kind WHEN 'personal-data' THEN '个人信息' ELSE '表述错误' END AS 类别,
       CASE r.status WHEN 'pending' THEN '待核实' WHEN 'confirmed' THEN '已确认' ELSE '已排除' END AS 状态,
       r.summary AS 问题描述, r.sample AS "证据（已脱敏）", patrol_confidence(r.confidence) AS 把握, r.url AS 网址,
       substr(r.first_seen, 1, 10) AS 首次发现, r.reason AS 核实理由
FROM review_candidates r LEFT JOIN sites s ON s.name = r.site
WHERE (:site = '' OR r.site = :site) AND r.status = 'pending' AND r.present = 1
ORDER BY s.unit, r.site, r.kind, r.id
"""


@dataclass(frozen=True)
class View:
    """One canned view: its stable name (the URL), Chinese title, description and SQL."""

    name: str
    title: str
    description: str
    sql: str
    requires: str | None = None  # a table the view needs; the view is left out when it is absent


VIEWS: tuple[View, ...] = (
    View("league", "单位排名", "各单位网站的结论、得分（多个网站取平均）、较上周变化、未整改与逾期问题数。"
         "评判日期留空为今天。", LEAGUE),
    View("open_findings", "问题清单", "尚未整改（未豁免）的问题，按单位排列，附证据链接、已持续天数和整改期限。"
         "可按单位筛选。", OPEN_FINDINGS),
    View("columns_status", "栏目更新情况", "各站点最近一次巡查所见栏目：类别、最新日期、距今天数、更新时限与状态"
         "（超期、即将超期、空白、无法访问）。可按站点筛选。", COLUMNS_STATUS),
    View("overdue", "整改跟踪", "超过整改期限仍未整改的问题，以及整改后又复发的问题。", OVERDUE),
    View("notices_log", "通报记录", "每次通报发给了谁、何时、通过什么渠道、是否送达。可按单位筛选。", NOTICES),
    View("runs_recent", "巡查批次", "最近50次巡查：基准日、起止时间、站点、页面与错误数。", RUNS),
    View("weekly_trend", "每周趋势", "每周的合格率与未整改问题数（每个网站取该周最后一次评估）。", TREND),
    View("unit_families", "各单位问题类别", "各单位未整改问题按规则类别统计。", UNIT_FAMILIES),
    View("stale_sites", "数据过期站点", "最近一次完成的巡查早于设定天数（或从未巡查）的站点。", STALE_SITES),
    View("yearly_entries", "年度信息发布统计", "指定年份各栏目按月发布条数；计数规则见 patrol stats --help。",
         YEARLY),
    View("message_replies", "留言办理情况", "指定年份各单位收到的咨询建言留言、已回复条数、回复率和回复天数中位数"
         "（网上信访、纪检举报不计），即年度报告引用的数字；与 patrol stats 一致。", REPLIES, requires="messages"),
    View("review_pending", "待核实", "巡查发现、尚待人工核实的个人信息泄露与严重表述错误候选（证据已脱敏），"
         "核实前不计入评分；用 patrol review confirm/dismiss 记录核实结果。可按站点筛选。", REVIEW_PENDING,
         requires="review_candidates"),
)
