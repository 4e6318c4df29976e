"""Annual reports read into blocks (crawler.extract.annual_report): HTML tables, DOCX, text PDF, unreadable ones."""

from __future__ import annotations

import annual_reports as ar

from crawler.extract.annual_report import attachment_kind, read_attachment, read_docx, read_html, read_pdf
from crawler.extract.html import parse_html
from rules.annual_format import heading_index, report_problems


def _tables(blocks: list[dict]) -> list[list[list[str]]]:
    return [b["table"] for b in blocks if "table" in b]


def test_html_report_gives_headings_in_order_and_both_tables() -> None:
    report, attachment = read_html(parse_html(ar.report_html()), "http://127.0.0.1/ndbg/t1.html")
    assert attachment is None and report.title == f"{ar.NAME}2025年政府信息公开工作年度报告"
    heads = [heading_index(b["text"]) for b in report.blocks if "text" in b]
    assert [h for h in heads if h is not None] == [0, 1, 2, 3, 4, 5]
    requests, review = _tables(report.blocks)
    assert requests[-2][-7:] == [str(v) for v in ar.Report().total()] and review[-1] == ar.Report().review()


def test_a_page_that_only_links_its_report_names_the_attachment() -> None:
    page = ar.attachment_page(ar.Report(), "./P020260315.pdf")
    _, attachment = read_html(parse_html(page), "http://127.0.0.1/ndbg/202603/t1.html")
    assert attachment == "http://127.0.0.1/ndbg/202603/P020260315.pdf"


def test_docx_and_text_pdf_keep_paragraphs_and_tables_in_order() -> None:
    for report in (read_docx(ar.report_docx()), read_pdf(ar.report_pdf())):
        assert report.readable and len(_tables(report.blocks)) == 2
        assert report_problems(report.as_json()) == []
    wrong = read_pdf(ar.report_pdf(ar.Report(total_off=2, drop=ar.HEADINGS[5])))
    assert report_problems(wrong.as_json()) == ["缺少标题：六、其他需要报告的事项",
                                                "第三部分办理结果表：第1列总计为17，各项之和为15"]


def test_scans_broken_files_and_doc_attachments_are_unreadable() -> None:
    scan = read_pdf(ar.scanned_pdf(), "某局2025年政府信息公开工作年度报告")
    assert not scan.readable and "扫描" in (scan.problem or "") and scan.problem.endswith("无法读取，需人工核查")
    assert scan.title == "某局2025年政府信息公开工作年度报告"
    assert not read_pdf(b"%PDF-1.4 not really").readable
    assert not read_docx(b"PK\x03\x04 not a docx").readable
    assert not read_attachment(b"\xd0\xcf\x11\xe0", "doc").readable
    assert attachment_kind("http://x/a/P0.PDF") == "pdf" and attachment_kind("http://x/a/download?id=3") is None
    assert attachment_kind("http://x/a/download?id=3", "application/pdf") == "pdf"


def test_headings_are_matched_whatever_their_numbering() -> None:
    assert heading_index("四、政府信息公开行政复议、行政诉讼情况") == 3
    assert heading_index("4. 政府信息公开行政复议,行政诉讼情况") == 3
    assert heading_index("（一）总体情况") == 0 and heading_index("总体情况") == 0
    assert heading_index("一、总体情况良好，本年度……") is None
