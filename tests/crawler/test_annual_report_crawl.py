"""annual-report-format end to end: the crawl reads the newest 年度报告 of a fixture portal on 127.0.0.1 (an
HTML page, or its DOCX / PDF attachment) and the rule judges it against the 30号 layout."""

from __future__ import annotations

import indicator_portals as ip
import pytest
import shaped_portals as sp
from helpers import AS_OF, run_cli


def check(url: str) -> dict:
    (out,) = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json").json_lines()
    return out


def by_rule(out: dict, rule: str) -> list[dict]:
    return [f for f in out["findings"] if f["rule"] == rule]


@pytest.mark.parametrize("report", ["html", "docx", "pdf"])
def test_a_report_in_the_layout_passes(report: str) -> None:
    log: list[str] = []
    with sp.serve(ip.indicator_pages(AS_OF, report=report), log) as base:
        out = check(base)
    assert by_rule(out, "annual-report-format") == []
    if report != "html":  # the attachment was fetched, once
        assert sum(1 for line in log if f".{report}" in line) == 1, log


def test_a_wrong_html_report_names_each_defect() -> None:
    with sp.serve(ip.indicator_pages(AS_OF, report="wrong")) as base:
        out = check(base)
    (finding,) = by_rule(out, "annual-report-format")
    problems = finding["evidence"]["problems"]
    assert finding["severity"] == "deduct" and finding["url"].endswith("/t20260315_1.html")
    assert any("2025年度政府信息公开工作报告" in p and "格式" in p for p in problems)
    assert "缺少标题：五、存在的主要问题及改进情况" in problems
    assert "第三部分办理结果表：第1列总计为16，各项之和为15" in problems
    assert len(problems) == 3 and finding["evidence"]["source"] == "html"


def test_a_scanned_pdf_is_unreadable_never_compliant() -> None:
    with sp.serve(ip.indicator_pages(AS_OF, report="scan")) as base:
        out = check(base)
    (finding,) = by_rule(out, "annual-report-format")
    assert finding["evidence"]["unreadable"] is True and finding["evidence"]["source"] == "pdf"
    assert "无法读取，需人工核查" in finding["message"] and "扫描" in finding["message"]


def test_a_report_page_that_is_not_there_is_not_judged() -> None:
    log: list[str] = []
    with sp.serve(ip.indicator_pages(AS_OF), log) as base:  # the listed report's page is a 404
        out = check(base)
    assert by_rule(out, "annual-report-format") == []
    assert any("/zwgk/ndbg/202603/t20260315_1.html" in line for line in log)  # it was asked for


def test_an_attachment_off_the_site_is_not_fetched_and_needs_a_person() -> None:
    with sp.serve(ip.indicator_pages(AS_OF, report="offsite")) as base:
        out = check(base)
    (finding,) = by_rule(out, "annual-report-format")
    assert finding["evidence"]["unreadable"] is True
    assert "报告附件未能下载" in finding["message"] and "无法读取，需人工核查" in finding["message"]
