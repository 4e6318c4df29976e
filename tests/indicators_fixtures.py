"""Trigger and clean snapshots for the indicator rules of issue 20 (merged into ``rules_fixtures.FIXTURES``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import annual_reports as ar
from rules_fixtures import BASE, FIXTURES, HEALTHY, _entry_site, ago, column, entry, with_columns

from crawler.extract.annual_report import read_html
from crawler.extract.html import parse_html
from rules.snapshot import MessageSnap, SiteSnap

MAILBOX = {"name": "领导信箱", "url": f"{BASE}/hdjl/ldxx/", "kind": "channel"}
PETITION = {"name": "网上信访", "url": f"{BASE}/hdjl/wsxf/", "kind": "exempt"}
HALL = {"name": "政务服务", "url": "http://zwfw.example.gov.cn/"}
FACTS = {"channels": [MAILBOX, PETITION], "services": [HALL], "search": True}


def facts(**changes: object) -> SiteSnap:
    return replace(HEALTHY, facts={**FACTS, **changes})


def msg(column: str, title: str, asked: int, replied: int | None = None, state: str | None = None,
        raw: str | None = None) -> MessageSnap:
    return MessageSnap(column, title, f"{BASE}/hdjl/{title}.html", ago(asked),
                       ago(replied) if replied is not None else None, state, raw, exempt=column == "网上信访")


# A 领导信箱 across a year: answered in time, one 未回复 for 120 days; the clean one moves that message to
# 网上信访 (exempt) and keeps an 已回复 without a date (no evidence of silence) and a 办理中 of 60 days.
ANSWERED = (msg("领导信箱", "道路照明", 200, 190, "answered", "已回复"),
            msg("领导信箱", "公交线路", 30, 20, "answered", "已办结"))
UNANSWERED = msg("领导信箱", "小区停车", 120, None, "unanswered", "未回复")

CATALOG = {"url": f"{BASE}/zwgk/", "source": "home"}
# a department's catalog with the four items it must carry (规范性文件, 机构职能, 规划计划, 财政预决算)
ITEMS = (column("机构职能", kind="page", entries=()), column("政策文件", 20), column("规划计划", 100),
         column("部门预决算", 200))


def cataloged(*extra: object) -> SiteSnap:
    return replace(with_columns(*extra), catalog=CATALOG)  # type: ignore[arg-type]


SITE_METAS = ["SiteDomain", "SiteIDCode", "SiteName"]
COLUMN_METAS = {"SiteName": "清河市交通运输局", "SiteDomain": "jtj.qinghe.gov.cn", "SiteIDCode": "3209000001",
                "ColumnName": "栏目", "ColumnType": "列表"}


def with_metas(site: SiteSnap, column_meta: dict[str, str], article_metas: list[str]) -> SiteSnap:
    """``site`` read with its metas: the home page's, every column's, and its entry pages' (``article_metas``
    on the first entry of each column, the others not read)."""
    columns = tuple(replace(c, meta=dict(column_meta), entries=tuple(
        replace(e, metas=tuple(article_metas)) if i == 0 else e for i, e in enumerate(c.entries)))
        for c in site.columns)
    return replace(site, columns=columns, facts={**FACTS, "metas": SITE_METAS})


ARTICLE_METAS = SITE_METAS + ["ArticleTitle", "ContentSource", "PubDate"]


READING = {"url": f"{BASE}/zcjd/t1.html", "title": "《清河市道路运输管理办法》政策解读", "column": "政策解读",
           "policy": f"{BASE}/zcwj/t1.html", "policy_title": "清河市道路运输管理办法"}


def annual_report(report: ar.Report) -> dict:
    """``facts["annual_report"]`` as the crawl stores it for ``report`` read from its HTML page."""
    text, _ = read_html(parse_html(ar.report_html(report)), f"{BASE}/ndbg/t1.html")
    return {**text.as_json(), "url": f"{BASE}/ndbg/t1.html", "year": report.year}


# rule id -> (a site that must trigger it, a site that must not)
INDICATOR_FIXTURES: dict[str, tuple[SiteSnap, SiteSnap]] = {
    # 2026-09-20 → 2026-10-30: 24 working days across 国庆; → 2026-10-20: 17
    "entry-published-late": (
        _entry_site(entry("秋季防火通知", date(2026, 10, 30), "late", written=date(2026, 9, 20))),
        _entry_site(entry("按时通知", date(2026, 10, 20), "ontime", written=date(2026, 9, 20)))),
    "interaction-channel-missing": (facts(channels=[PETITION]), facts(channels=[MAILBOX])),
    "interaction-unanswered": (
        replace(facts(), messages=(*ANSWERED, UNANSWERED)),
        replace(facts(), messages=(*ANSWERED, replace(UNANSWERED, column="网上信访", exempt=True),
                                   msg("领导信箱", "无日期回复", 150, None, "answered", "已回复"),
                                   msg("领导信箱", "办理中", 60, None, "pending", "办理中"),
                                   msg("领导信箱", "去年未回复", 400, None, "unanswered", "未回复")))),
    # required of governments by default; a department without a service hall is not judged
    "service-missing": (replace(facts(services=[]), kind="government"),
                        replace(facts(), kind="government")),
    "search-missing": (facts(search=False), facts()),
    "service-guide-incomplete": (
        facts(service_guides={"hall": HALL["url"], "guides": [
            {"name": "食品经营许可办事指南", "url": "http://zwfw.example.gov.cn/zn/1.html",
             "found": ["事项名称", "办理流程"]},
            {"name": "未打开的指南", "url": "http://zwfw.example.gov.cn/zn/2.html", "error": "HTTP 500"}]}),
        facts(service_guides={"hall": HALL["url"], "guides": [
            {"name": "食品经营许可办事指南", "url": "http://zwfw.example.gov.cn/zn/1.html",
             "found": ["事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程"]},
            {"name": "未打开的指南", "url": "http://zwfw.example.gov.cn/zn/2.html", "error": "HTTP 500"}]})),
    # two of the four absent; the clean one names them otherwise (政府信息公开目录's 部门预决算 is 财政预决算)
    "content-item-missing": (cataloged(*ITEMS[:2]), cataloged(*ITEMS)),
    # column pages without ColumnType, one entry page without PubDate
    "page-meta-missing": (
        with_metas(HEALTHY, {k: v for k, v in COLUMN_METAS.items() if k != "ColumnType"},
                   [m for m in ARTICLE_METAS if m != "PubDate"]),
        with_metas(HEALTHY, COLUMN_METAS, ARTICLE_METAS)),
    # 在线访谈 last held 400 days ago; the clean one also has a 民意征集 within the year and a fresh 访谈
    "consultation-stale": (with_columns(column("在线访谈", 400, 500), column("民意征集", 20)),
                           with_columns(column("在线访谈", 400, 500), column("政民访谈", 90), column("民意征集", 20))),
    # a policy that does not link back; the clean one does (and one whose document did not open is no evidence)
    "interpretation-unlinked": (
        facts(interpretations={"items": [{**READING, "back": False}]}),
        facts(interpretations={"items": [{**READING, "back": True}, {**READING, "url": f"{BASE}/zcjd/t2.html",
                                                                       "back": None, "error": "HTTP 500"}]})),
    "annual-report-format": (facts(annual_report=annual_report(ar.Report(drop=ar.HEADINGS[2]))),
                             facts(annual_report=annual_report(ar.Report()))),
    "domain-not-gov": (replace(HEALTHY, url="http://www.qhjtj.com/"), replace(HEALTHY, url="http://jtj.qinghe.gov.cn/")),
}

FIXTURES.update(INDICATOR_FIXTURES)
