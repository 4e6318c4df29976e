"""Engine behaviour: messages, thresholds, scoring, parameters, exemptions, columns."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from rules_fixtures import (
    AS_OF,
    BASE,
    HEALTHY,
    ago,
    blank_set,
    column,
    entry,
    overdue_set,
    replacing,
    report,
    stale_set,
    with_columns,
)

from core.config import ConfigError, parse_config
from rules.annual import report_year
from rules.catalogue import RULES, validate_config
from rules.engine import evaluate
from rules.finding import Finding
from rules.params import resolve_params
from rules.scoring import deductions, score
from rules.settings import rule_settings


def config(**top) -> object:
    data = {"sites": [{"name": HEALTHY.name, "url": HEALTHY.url}], **top}
    return parse_config(data, "sites.toml")


def found(site, rule_id: str, cfg=None, as_of: date = AS_OF) -> list[Finding]:
    return [f for f in evaluate(site, as_of, rule_settings(cfg) if cfg else None).findings if f.rule == rule_id]


def test_column_stale_message_and_evidence() -> None:
    site = with_columns(column("部门动态", 23, 40, slug="bmdt"))
    [f] = found(site, "column-stale")
    assert f.message == "部门动态栏目最近更新于2026-10-28，已23天未更新（动态要闻类要求2周内更新）"
    assert f.column == "部门动态" and f.url.endswith("/bmdt/")
    assert f.evidence | {"latest": "2026-10-28", "limit_days": 14, "days": 23} == f.evidence


def test_undated_and_future_entries_are_no_update() -> None:
    col = column("通知公告", slug="tzgg", entries=(entry("无日期", None, "n1"), entry("未来", date(2027, 1, 1), "n2")))
    [f] = found(replacing(col), "column-stale")
    assert f.evidence["latest"] is None and "无有效发布日期" in f.message


def test_stale_soon_gives_the_due_date() -> None:
    [f] = found(replacing(column("工作动态", 10, slug="gzdt")), "column-stale-soon")
    assert f.evidence["due"] == "2026-11-24" and f.evidence["days_left"] == 4
    assert "2026-11-24前更新" in f.message


def test_blank_column_is_not_also_stale_and_annual_column_never_stale() -> None:
    site = with_columns(column("工作动态2"), column("统计年报", 800))
    rules = {(f.rule, f.column) for f in evaluate(site, AS_OF).findings}
    assert ("column-blank", "工作动态2") in rules
    assert ("column-stale", "工作动态2") not in rules
    assert not any(r == "column-stale" and c == "统计年报" for r, c in rules)


@pytest.mark.parametrize(("builder", "rule_id", "under", "at"), [
    (lambda n: stale_set(n - 2, 2), "veto-stale-columns", 4, 5),
    (overdue_set, "veto-overdue-columns", 9, 10),
    (blank_set, "veto-blank-columns", 4, 5),
])
def test_veto_thresholds(builder, rule_id: str, under: int, at: int) -> None:
    assert found(with_columns(*builder(under)), rule_id) == []
    [f] = found(with_columns(*builder(at)), rule_id)
    assert f.evidence["count"] == at and f.evidence["threshold"] == at
    assert evaluate(with_columns(*builder(at)), AS_OF).verdict == "fail"


def test_blank_columns_count_toward_stale_veto() -> None:
    site = with_columns(*stale_set(2, 2), column("乡镇动态"))
    [f] = found(site, "veto-stale-columns")
    assert "乡镇动态" in f.evidence["columns"]


def test_unreachable_site_reports_only_that_provisionally() -> None:
    site = with_columns(*blank_set(6), site=replace(HEALTHY, status=503))
    ev = evaluate(site, AS_OF)
    assert [f.rule for f in ev.findings] == ["site-unreachable"]
    f = ev.findings[0]
    assert f.evidence["provisional"] is True and f.severity == "warn" and "不作单项否决" in f.message
    assert (ev.verdict, ev.score) == ("unchecked", None)  # one failed fetch is no veto


def test_home_stale_falls_back_to_columns_when_home_shows_no_dates() -> None:
    navigation_only = replace(HEALTHY, home_dates=(), home_entries=())
    assert found(navigation_only, "home-stale") == []
    old = replace(navigation_only, columns=(column("工作动态", 30),))
    [f] = found(old, "home-stale")
    assert f.evidence["source"] == "columns" and f.evidence["days"] == 30


def test_identifiers_one_finding_listing_problems() -> None:
    site = replace(HEALTHY, identifiers={"site_id_code": "12345", "icp": "苏ICP备05012345号"})
    [f] = found(site, "site-identifiers-missing")
    assert f.evidence["missing"] == ["police", "conac"] and f.evidence["malformed"] == ["site_id_code"]
    assert "公安机关备案号" in f.message and "网站标识码“12345”" in f.message


@pytest.mark.parametrize(("title", "year"), [
    ("鄂尔多斯市2019年政府信息公开工作年度报告", 2019),
    ("清河市交通运输局2025年度政府信息公开工作报告", 2025),
    ("政府信息公开工作年度报告（２０２４年）", 2024),
    ("关于印发2026年政务公开工作要点的通知", None),
])
def test_report_year(title: str, year: int | None) -> None:
    assert report_year(title) == year


def test_annual_deadline_by_kind() -> None:
    late_march = replacing(column("政府信息公开年报", slug="gknb", entries=(report(2025, date(2026, 3, 15)),)))
    assert found(late_march, "annual-report-late")  # a department: due 31 January
    government = replace(late_march, name="清河市人民政府", unit="清河市人民政府")
    assert found(government, "annual-report-late") == []  # guessed government: due 31 March
    office = replace(late_march, name="清河市人民政府办公室", unit=None)
    assert found(office, "annual-report-late")
    assert found(replace(government, kind="department"), "annual-report-late")


def test_annual_missing_only_after_deadline() -> None:
    site = replacing(column("政府信息公开年报", slug="gknb", entries=()))
    assert found(site, "annual-report-missing", as_of=date(2026, 1, 31)) == []
    [f] = found(site, "annual-report-missing", as_of=date(2026, 2, 1))
    assert f.evidence == {"year": 2025, "kind": "department", "deadline": "2026-01-31"}


def test_entry_findings_capped_per_column() -> None:
    entries = tuple(entry(f"无日期{i}", None, f"nd{i}") for i in range(13))
    site = replacing(column("工作动态", slug="gzdt", entries=(entry("新", ago(1), "new"), *entries)))
    hits = found(site, "entry-date-missing")
    assert len(hits) == 10
    assert hits[-1].evidence["more"] == 3 and hits[-1].evidence["total"] == 13
    assert "另有3条" in hits[-1].message and "more" not in hits[0].evidence
    cfg = config(rules={"entry-date-missing": {"max_per_column": 2}})
    assert len(found(site, "entry-date-missing", cfg)) == 2


def test_entry_date_only_in_meta_or_url_is_not_shown() -> None:
    hidden = (entry("元数据日期", None, "meta", published=ago(3), published_from="meta", published_raw="x"),
              entry("网址日期", None, "url", published=ago(4), published_from="url"),
              entry("信息行日期", None, "byline", published=ago(5), published_from="byline"),
              entry("生成日期", None, "gen", published=ago(6), published_from="generated"))
    site = replacing(column("工作动态", slug="gzdt", entries=(entry("新", ago(1), "new"), *hidden)))
    hits = found(site, "entry-date-missing")
    assert [h.evidence["title"] for h in hits] == ["元数据日期", "网址日期"]
    assert hits[0].evidence["hidden_in"] == "meta" and "仅见于网页元数据" in hits[0].message
    assert hits[1].evidence["hidden_date"] == ago(4).isoformat() and "仅见于网址" in hits[1].message
    assert found(site, "column-stale") == []  # the hidden dates still place the entries in time


def test_column_missing_names_near_miss() -> None:
    site = replace(HEALTHY, columns=tuple(
        replace(c, name="信息公开年报") if c.name == "政府信息公开年报" else c for c in HEALTHY.columns))
    [f] = found(site, "column-missing")
    assert f.column == "政府信息公开年报" and f.evidence["similar"] == ["信息公开年报"]
    cfg = config(sites=[{"name": HEALTHY.name, "url": HEALTHY.url,
                         "rules": {"column-missing": {"extra": ["政策解读"]}}}])
    assert [f.column for f in found(HEALTHY, "column-missing", cfg)] == ["政策解读"]


def test_scoring_caps_per_indicator() -> None:
    def f(rule_id: str, n: int = 0) -> Finding:
        return Finding(rule_id, RULES[rule_id].severity, "s", "消息", evidence={"more": n} if n else {})
    # 15 stale columns x 2 = 30, capped at the indicator's 20
    assert deductions([f("column-stale")] * 15) == {"column-update": 20.0}
    # home link 1 + three entry links 0.1 (one finding standing for 3) in the same indicator
    assert deductions([f("home-link-broken"), f("entry-link-broken", 2)]) == {"link-availability": 1.3}
    total, verdict, _ = score([f("column-stale")] * 15 + [f("annual-report-missing")] + [f("column-blank")] * 6)
    assert (total, verdict) == (60.0, "pass")
    total, verdict, _ = score([f("column-stale")] * 15 + [f("annual-report-missing")] * 2
                              + [f("column-blank")] * 6 + [f("site-identifiers-missing")])
    assert (total, verdict) == (58.0, "fail")
    assert score([f("column-stale-soon")] * 50) == (100.0, "pass", {})
    assert score([f("home-stale")])[1] == "fail"


def test_params_override_at_three_levels() -> None:
    r = RULES["column-stale"]
    cfg = config(rules={"column-stale": {"dynamic_days": 20, "notice_days": 100}},
                 sites=[{"name": HEALTHY.name, "url": HEALTHY.url,
                         "rules": {"column-stale": {"dynamic_days": 30}},
                         "columns": [{"name": "工作动态", "rules": {"column-stale": {"limit_days": 60}}}]}])
    assert resolve_params(r, None, HEALTHY.name, None)["dynamic_days"] == 14
    assert resolve_params(r, rule_settings(cfg), "别的站", None)["dynamic_days"] == 20
    site_level = resolve_params(r, rule_settings(cfg), HEALTHY.name, "部门动态")
    assert (site_level["dynamic_days"], site_level["notice_days"], site_level["limit_days"]) == (30, 100, 0)
    assert resolve_params(r, rule_settings(cfg), HEALTHY.name, "工作动态")["limit_days"] == 60
    site = with_columns(column("部门动态", 25), site=replacing(column("工作动态", 50, slug="gzdt")))
    assert found(site, "column-stale", cfg) == []
    assert {f.column for f in found(site, "column-stale")} == {"部门动态", "工作动态"}


def test_unknown_or_mistyped_params_are_config_errors() -> None:
    cfg = parse_config({"rules": {"column-stale": {"dynamic_dayz": 3}}}, "sites.toml")
    cfg = replace(cfg, path="sites.toml")
    with pytest.raises(ConfigError, match=r"sites.toml: rules.column-stale.dynamic_dayz: "
                                          r"未知的参数；是否指 dynamic_days？"
                                          r"（此规则的参数：.*dynamic_days"):
        resolve_params(RULES["column-stale"], rule_settings(cfg), "x", None)
    with pytest.raises(ConfigError, match="应为整数"):
        resolve_params(RULES["column-stale"], rule_settings(config(rules={"column-stale": {"dynamic_days": "两周"}})),
                       "x", None)
    with pytest.raises(ConfigError, match=r"rules.no-such-rule: 未知的规则"):
        validate_config(config(rules={"no-such-rule": {}}))
    validate_config(config(rules={"home-stale": {"limit_days": 10}}))


def test_exemptions_with_expiry() -> None:
    site = with_columns(*blank_set(5))
    cfg = config(exemptions=[{"site": HEALTHY.name, "rule": "veto-blank-columns", "reason": "改版中",
                              "expires": date(2026, 12, 31)}])
    ev = evaluate(site, AS_OF, rule_settings(cfg))
    veto = next(f for f in ev.findings if f.rule == "veto-blank-columns")
    assert ev.exempted[veto.key] == "改版中"
    assert ev.verdict == "pass" and ev.score == 90.0  # five blank columns still deduct 2 each
    expired = evaluate(site, date(2027, 1, 1), rule_settings(cfg))
    assert expired.exempted == {} and expired.verdict == "fail"


def test_exempted_columns_do_not_count_toward_vetoes() -> None:
    site = with_columns(*blank_set(5))
    cfg = config(exemptions=[{"column": "统计信息0", "rule": "column-blank", "reason": "新栏目"}])
    ev = evaluate(site, AS_OF, rule_settings(cfg))
    assert not any(f.rule == "veto-blank-columns" for f in ev.findings)
    assert any(f.rule == "column-blank" and f.column == "统计信息0" for f in ev.findings)


def test_columns_rows() -> None:
    col = column("工作动态", 1, 3, slug="gzdt", entries=(entry("a", date(2026, 12, 1), "f"), entry("b", ago(3), "b")),
                 entry_count=47)
    ev = evaluate(replacing(col), AS_OF)
    row = next(r for r in ev.columns if r["name"] == "工作动态")
    assert row | {"category": "dynamic", "kind": "list", "entries": 47, "latest": "2026-11-17"} == row
    guide = next(r for r in ev.columns if r["name"] == "政府信息公开指南")
    assert (guide["kind"], guide["latest"]) == ("page", "2025-03-01")
    group = next(r for r in ev.columns if r["name"] == "法定主动公开内容")
    assert (group["url"], group["latest"], group["category"]) == (None, None, "none")


def _catalogued(site):
    return replace(site, columns=tuple(replace(c, found=c.found or "catalog") for c in site.columns))


def test_over_a_tenth_of_the_catalog_unread_is_incomplete_never_pass_nor_fail() -> None:
    """Named catalog columns that could not be read withhold the verdict: 未能完整检查, a score for the rest."""
    readable = _catalogued(with_columns(*(column(f"统计信息{i}", 3) for i in range(8))))
    named = sum(c.url is not None for c in readable.columns)
    one = with_columns(column("政策解读", status=404, entries=(), found="catalog"), site=readable)
    ev = evaluate(one, AS_OF)
    assert named + 1 > 10 and ev.verdict == "pass"  # one of more than ten: still judged
    unread = next(f for f in ev.findings if f.rule == "columns-unread")
    assert unread.severity == "warn" and "政策解读（信息公开目录：" in unread.message
    assert unread.evidence["disclosure_unread"] == 1 and unread.evidence["disclosure_named"] == named + 1
    cut = "已达抓取上限（每站 600 页、300 秒），部分栏目未完整检查"
    many = with_columns(column("政策解读", status=404, entries=(), found="catalog"),
                        column("规划计划", status=None, entries=(), cut=cut, found="catalog"), site=readable)
    ev = evaluate(many, AS_OF)
    assert ev.verdict == "incomplete" and ev.score is not None
    assert "本站未能完整检查" in next(f for f in ev.findings if f.rule == "columns-unread").message
    # columns found in menus outside the catalog are listed, but do not withhold the verdict
    menus = with_columns(column("政策解读", status=404, entries=(), found="menu"),
                         column("规划计划", status=None, entries=(), cut=cut, found="more"), site=readable)
    assert evaluate(menus, AS_OF).verdict == "pass"


def test_undated_links_several_columns_list_are_the_frame_not_entries() -> None:
    """A sidebar of undated links shown beside every list is the site's frame: no column is dated by it, and a
    column that showed nothing else is unread, not blank."""
    side = tuple(entry(f"热点{i}", None, f"side-{i}", published=ago(1)) for i in range(5))
    sidebar_only = column("专家解读", entries=side, found="menu")
    news = column("工作动态", 2, slug="gzdt", entries=(entry("本栏信息", ago(2), "own-1"), *side))
    site = replacing(news, with_columns(sidebar_only))
    ev = evaluate(site, AS_OF)
    rows = {c["name"]: c for c in ev.columns}
    assert rows["专家解读"]["entries"] == 0 and rows["专家解读"]["latest"] is None
    assert rows["工作动态"]["entries"] == 1 and rows["工作动态"]["latest"] == ago(2).isoformat()
    assert not any(f.rule == "column-blank" and f.column == "专家解读" for f in ev.findings)
    assert any(f.rule == "columns-unread" and "专家解读" in f.message for f in ev.findings)


def test_metadata_examples_do_not_depend_on_the_order_columns_were_stored() -> None:
    """A distributed run stores columns in the order answers arrive; the evidence must be the same."""
    columns = tuple(replace(column(name, 3, slug=slug), meta={"ColumnName": name}) for name, slug in
                    (("通知公告", "tzgg"), ("工作动态", "gzdt"), ("人事信息", "rsxx"), ("政策解读", "zcjd")))
    site = replace(HEALTHY, facts={"metas": ["SiteName"]}, columns=columns)
    found = [evaluate(replace(site, columns=order), AS_OF).findings for order in (columns, columns[::-1])]
    evidence = [[f.evidence for f in findings if f.rule == "page-meta-missing"] for findings in found]
    assert evidence[0] == evidence[1] and evidence[0]
    examples = evidence[0][0]["tags"]["SiteIDCode"]["examples"]
    assert examples == [f"{BASE}/", f"{BASE}/gzdt/", f"{BASE}/rsxx/"]  # the home page, then by address
