"""Site snapshots for the rule tests: a healthy site, and per rule one that triggers it and one that must not."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta

from rules.snapshot import Availability, ColumnSnap, EntrySnap, LinkSnap, ProbeDay, SiteSnap

AS_OF = date(2026, 11, 20)
BASE = "http://127.0.0.1:8000"


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def _slug(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()[:8]


def entry(title: str, d: date | None, slug: str | None = None, **kw) -> EntrySnap:
    kw.setdefault("published", d)
    kw.setdefault("published_from", "label")
    kw.setdefault("status", 200)
    return EntrySnap(title=title, url=f"{BASE}/a/{slug or _slug(title)}.html", list_date=d, **kw)


def column(name: str, *days: int, slug: str | None = None, **kw) -> ColumnSnap:
    """A list column whose entries are dated ``days`` days before AS_OF."""
    entries = tuple(entry(f"{name}第{i}条", ago(n), f"{slug or name}-{i}") for i, n in enumerate(days))
    kw.setdefault("status", 200)
    kw.setdefault("entries", entries)
    return ColumnSnap(name=name, url=f"{BASE}/{slug or _slug(name)}/", **kw)


def report(year: int, published: date, unit: str = "清河市交通运输局") -> EntrySnap:
    return entry(f"{unit}{year}年政府信息公开工作年度报告", published, f"report-{year}-{published}")


PLATFORM = (
    ColumnSnap("政府信息公开指南", f"{BASE}/gkzn/", kind="page", status=200, page_date=date(2025, 3, 1)),
    column("政府信息公开制度", 900, slug="gkzd"),
    ColumnSnap("法定主动公开内容", None, kind="group"),
    column("政府信息公开年报", slug="gknb", entries=(report(2025, date(2026, 1, 20)),
                                                     report(2024, date(2025, 1, 15)))),
)

HEALTHY = SiteSnap(
    name="清河市交通运输局",
    url=f"{BASE}/",
    unit="清河市交通运输局",
    status=200,
    identifiers={"site_id_code": "3209000001", "icp": "苏ICP备05012345号-2",
                 "police": "苏公网安备 32090202000123号", "conac": True},
    home_dates=(ago(2), ago(5)),
    home_entries=(entry("要闻一则", ago(2), "home-1"),),
    columns=PLATFORM + (column("工作动态", 1, 3, 9, slug="gzdt"), column("通知公告", 10, 40, slug="tzgg"),
                        column("人事信息", 100, slug="rsxx")),
)


NOT_FOUND = {"url": None, "source": "home", "home": f"{BASE}/",
             "tried": [{"url": f"{BASE}/ldzc/", "link": "领导之窗", "how": "text", "depth": 1, "result": "未读到栏目"}]}


def with_columns(*extra: ColumnSnap, site: SiteSnap = HEALTHY) -> SiteSnap:
    return replace(site, columns=site.columns + extra)


def without(name: str, site: SiteSnap = HEALTHY) -> SiteSnap:
    return replace(site, columns=tuple(c for c in site.columns if c.name != name))


def replacing(col: ColumnSnap, site: SiteSnap = HEALTHY) -> SiteSnap:
    return replace(site, columns=tuple(col if c.name == col.name else c for c in site.columns))


def renamed(name: str, col: ColumnSnap, site: SiteSnap = HEALTHY) -> SiteSnap:
    return replace(site, columns=tuple(col if c.name == name else c for c in site.columns))


def stale_set(dynamic: int, notice: int) -> tuple[ColumnSnap, ...]:
    """``dynamic`` news columns 20 days old and ``notice`` notice columns 200 days old."""
    news = tuple(column(f"区县动态{i}", 20) for i in range(dynamic))
    return news + tuple(column(f"公示公告{i}", 200) for i in range(notice))


def overdue_set(n: int) -> tuple[ColumnSnap, ...]:
    """``n`` columns past their window: personnel ones a year and more old, and two blank ones."""
    blank = tuple(column(f"规划计划{i}") for i in range(min(n, 2)))
    return blank + tuple(column(f"人事任免{i}", 400) for i in range(n - len(blank)))


def blank_set(n: int) -> tuple[ColumnSnap, ...]:
    return tuple(column(f"统计信息{i}") for i in range(n))


def _entry_site(e: EntrySnap) -> SiteSnap:
    return replacing(column("工作动态", 1, slug="gzdt", entries=(entry("正常信息", ago(1), "ok"), e)))


def probed(*failures: int, probes: int = 50, blocked: int = 0, cause: str = "timeout") -> Availability:
    """Home page probes of the days up to AS_OF (the last one is AS_OF): ``probes`` a day, ``failures[i]`` of
    them failed on day i."""
    n = len(failures)
    return Availability(tuple(ProbeDay(ago(n - 1 - i), probes, f, blocked, {cause: f} if f else {})
                              for i, f in enumerate(failures)))


# rule id -> (a site that must trigger it, a site that must not)
FIXTURES: dict[str, tuple[SiteSnap, SiteSnap]] = {
    "site-unreachable": (replace(HEALTHY, availability=probed(3, 3, 3, 3, 3, 3, 3)),  # 6% of a week
                         replace(HEALTHY, availability=probed(2, 2, 2, 2, 2, 2, 2))),  # 4%
    "site-blocked": (replace(HEALTHY, status=412, blocked="瑞数动态防护 JavaScript 验证页（HTTP 412）"),
                     replace(HEALTHY, status=200)),
    "crawl-incomplete": (with_columns(column("规划计划", status=None, entries=(),
                                             cut="已达抓取上限（每站 600 页、300 秒），部分栏目未完整检查")),
                         with_columns(column("规划计划", 30))),
    "columns-unread": (with_columns(column("政策解读", status=404, entries=(), found="catalog")),
                       with_columns(column("政策解读", 20, found="catalog"))),
    "home-stale": (replace(HEALTHY, home_dates=(ago(15),), home_entries=()),
                   replace(HEALTHY, home_dates=(ago(14),), home_entries=())),
    "site-identifiers-missing": (
        replace(HEALTHY, identifiers={"site_id_code": "320900001", "icp": "苏ICP备05012345号", "conac": True}),
        replace(HEALTHY, identifiers={**HEALTHY.identifiers, "site_id_code": "bm12345678"})),
    "column-stale": (replacing(column("工作动态", 15, 30, slug="gzdt")),
                     replacing(column("工作动态", 14, 30, slug="gzdt"))),
    "column-stale-soon": (replacing(column("工作动态", 8, slug="gzdt")),
                          replacing(column("工作动态", 7, slug="gzdt"))),
    "column-blank": (with_columns(column("规划计划")), with_columns(column("规划计划", 30))),
    "column-unreachable": (with_columns(column("政策解读", status=404, entries=())),
                           with_columns(column("政策解读", 20))),
    "catalog-not-found": (replace(HEALTHY, columns=(), catalog=NOT_FOUND),
                          replace(HEALTHY, catalog={**NOT_FOUND, "url": f"{BASE}/xxgk/"})),
    "column-missing": (without("政府信息公开指南"),
                       renamed("政府信息公开制度", column("政府信息公开制度文件", 900, slug="gkzd"))),
    "annual-report-missing": (replacing(column("政府信息公开年报", slug="gknb",
                                               entries=(report(2024, date(2025, 1, 15)),))), HEALTHY),
    "annual-report-late": (replacing(column("政府信息公开年报", slug="gknb",
                                            entries=(report(2025, date(2026, 2, 1)),))),
                           replacing(column("政府信息公开年报", slug="gknb",
                                            entries=(report(2025, date(2026, 1, 31)),)))),
    "entry-date-missing": (_entry_site(entry("无日期", None, "nodate")),
                           _entry_site(entry("只有正文日期", None, "pubonly", published=ago(2)))),
    "entry-date-invalid": (_entry_site(entry("坏日期", None, "bad", list_date_raw="2026-13-45", published=ago(3))),
                           _entry_site(entry("好日期", ago(3), "good", list_date_raw="2026-11-17"))),
    "entry-date-future": (_entry_site(entry("未来", date(2026, 12, 1), "future")),
                          _entry_site(entry("今天", AS_OF, "today"))),
    "entry-date-mismatch": (_entry_site(entry("不一致", ago(2), "mm", published=ago(49))),
                            _entry_site(entry("网址日期", ago(2), "url", published=ago(49), published_from="url"))),
    "entry-link-broken": (_entry_site(entry("死链", ago(2), "dead", status=404)),
                          _entry_site(entry("未读取", ago(2), "unread", status=None))),
    "home-link-broken": (replace(HEALTHY, links=(LinkSnap("http://qh.example.gov.cn/", "http://x.example.cn/dead",
                                                          "首页死链", "home", outcome="fail", status=404, fails=2),)),
                         replace(HEALTHY, links=(LinkSnap("http://qh.example.gov.cn/", "http://x.example.cn/once",
                                                          "失败一次", "home", outcome="fail", status=404, fails=1),))),
    "page-link-broken": (replace(HEALTHY, links=(LinkSnap("http://qh.example.gov.cn/zcwj/", "http://x.example.cn/a.pdf",
                                                          "方案.pdf", "page", "政策文件", outcome="fail", status=0,
                                                          fails=3),)),
                         replace(HEALTHY, links=(LinkSnap("http://qh.example.gov.cn/zcwj/", "http://x.example.cn/b",
                                                          "受限", "page", "政策文件", outcome="restricted",
                                                          status=403, fails=0),))),
    "veto-stale-columns": (with_columns(*stale_set(3, 2)), with_columns(*stale_set(2, 2))),
    "veto-overdue-columns": (with_columns(*overdue_set(10)), with_columns(*overdue_set(9))),
    "veto-blank-columns": (with_columns(*blank_set(5)), with_columns(*blank_set(4))),
}

import indicators_fixtures  # noqa: E402, F401  (adds the indicator rules' fixtures to FIXTURES; builds on the above)

# Content review: only candidates a person confirmed reach the rules (pending ones are not in the snapshot)
_CONFIRMED_PERSONAL = {"id": 1, "kind": "personal-data", "url": "http://127.0.0.1/files/a.xlsx",
                       "location": "附件 名单.xlsx 第1张表",
                       "summary": "附件 名单.xlsx 第1张表 3 行含 姓名+身份证号（未去标识化）",
                       "sample": "身份证号 110105********002X（第3行第3列）", "reason": "核实属实"}
_CONFIRMED_WORDING = {"id": 2, "kind": "wording", "url": "http://127.0.0.1/a.html", "location": "页面 正文",
                      "summary": "页面 正文 出现“中华人民共合国”，应为“中华人民共和国”（1 处）",
                      "sample": "贯彻【中华人民共合国】政府信息公开条例", "reason": "核实属实"}
FIXTURES["personal-data-exposed"] = (replace(HEALTHY, confirmed=(_CONFIRMED_PERSONAL,)),
                                     replace(HEALTHY, confirmed=(_CONFIRMED_WORDING,)))
FIXTURES["wording-suspect"] = (replace(HEALTHY, confirmed=(_CONFIRMED_WORDING,)),
                               replace(HEALTHY, confirmed=(_CONFIRMED_PERSONAL,)))
