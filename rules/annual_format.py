"""The newest 政府信息公开工作年度报告 against its mandatory layout (国办公开办函〔2021〕30号).

The crawl reads the report (``crawler.extract.annual_report``) into ``facts["annual_report"]``: its title and
blocks (paragraphs and tables in order). This module judges them: the title, the six headings in order, the
办理结果 total of section 三's table, the 15 numeric cells of section 四's table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR = "国办公开办函〔2021〕30号 政府信息公开工作年度报告格式"
HEADINGS = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项")
_NUMERALS = "一二三四五六"
_PUNCT = re.compile(r"[\s、，,.．:：;；()（）\"“”'‘’《》<>【】\[\]]")
_TITLE = re.compile(r"^(?P<name>.+?)(?P<year>(?:19|20)\d{2})年政府信息公开工作年度报告$")
_NUMBER = re.compile(r"^\d+$")
_HEAD_WORDS = re.compile(r"复议|诉讼|结果|维持|纠正|审结|总计|起诉|其他")


def fold(text: str) -> str:
    """Text for tolerant matching: full-width folded, spaces and punctuation dropped."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


def heading_index(text: str) -> int | None:
    """Which of the six headings (0-5) a paragraph is, numbered 一、/1./（一） or not; None for body text."""
    t = fold(text)
    for i, core in enumerate(HEADINGS):
        c = fold(core)
        rest = t[:-len(c)] if t.endswith(c) else None
        if rest is not None and rest in ("", _NUMERALS[i], str(i + 1), f"第{_NUMERALS[i]}部分"):
            return i
    return None


def title_problem(title: str | None) -> str | None:
    """Why a title is not ``<机关名称><YYYY>年政府信息公开工作年度报告`` (None: it is)."""
    if not title:
        return "未读到报告标题"
    if not _TITLE.match(fold(title)):
        return f"标题《{title}》不符合“<机关名称><YYYY>年政府信息公开工作年度报告”格式"
    return None


def heading_problems(blocks: list[dict[str, Any]]) -> tuple[list[str], bool, dict[int, int]]:
    """(missing headings, whether the present ones are in order, heading -> its first block index)."""
    first: dict[int, int] = {}
    for n, b in enumerate(blocks):
        i = heading_index(b.get("text") or "")
        if i is not None and i not in first:
            first[i] = n
    missing = [f"{_NUMERALS[i]}、{HEADINGS[i]}" for i in range(len(HEADINGS)) if i not in first]
    order = [first[i] for i in sorted(first)]
    return missing, order == sorted(order), first


def _section_tables(blocks: list[dict[str, Any]], first: dict[int, int], section: int) -> list[list[list[str]]]:
    if section not in first:
        return []
    later = [n for i, n in first.items() if n > first[section]]
    end = min(later) if later else len(blocks)
    return [b["table"] for b in blocks[first[section] + 1:end] if "table" in b]


def _number(cell: str) -> int | None:
    t = fold(cell)
    return int(t) if _NUMBER.match(t) else None


def _trailing(row: list[str], width: int) -> list[int | None]:
    return [_number(c) for c in row[-width:]] if len(row) >= width else []


def total_problems(table: list[list[str]], width: int = 7) -> list[str]:
    """Section 三: per applicant column (``width`` columns at the row ends), the 办理结果 rows (予以公开 to
    其他处理) summed against the 总计 row. Columns with a cell not readable as a number are not judged."""
    start = next((n for n, r in enumerate(table) if "予以公开" in fold("".join(r))), None)
    end = next((n for n, r in enumerate(table) if start is not None and n > start
                and "总计" in fold("".join(r[:-width])) and any(v is not None for v in _trailing(r, width))), None)
    if start is None or end is None:
        return []
    rows = [_trailing(r, width) for r in table[start:end] if len(r) > width]
    total = _trailing(table[end], width)
    problems = []
    for col in range(width):
        values = [r[col] for r in rows if len(r) == width]
        if not values or total[col] is None or any(v is None for v in values):
            continue
        got = sum(v for v in values if v is not None)
        if got != total[col]:
            problems.append(f"第{col + 1}列总计为{total[col]}，各项之和为{got}")
    return problems


def review_cells(table: list[list[str]]) -> tuple[int, list[str]]:
    """Section 四: (number of data cells, those that are not numbers) of the table's non-header rows."""
    cells = [c for row in table if not any(_HEAD_WORDS.search(fold(c)) for c in row) for c in row]
    return len(cells), [c or "（空）" for c in cells if _number(c) is None]


def report_problems(report: dict[str, Any]) -> list[str]:
    """Every way a readable report departs from the 30号 layout (Chinese, one line each)."""
    blocks = report.get("blocks") or []
    problems = [p for p in [title_problem(report.get("title"))] if p]
    missing, ordered, first = heading_problems(blocks)
    if missing:
        problems.append("缺少标题：" + "、".join(missing))
    if not ordered:
        problems.append("六部分标题顺序不符")
    for table in _section_tables(blocks, first, 2)[:1]:
        problems += [f"第三部分办理结果表：{p}" for p in total_problems(table)]
    tables = _section_tables(blocks, first, 3)
    if 3 in first and not tables:
        problems.append("第四部分未见行政复议、行政诉讼情况表")
    for table in tables[:1]:
        count, bad = review_cells(table)
        if count != 15:
            problems.append(f"第四部分行政复议、行政诉讼表应有15个数据格，读到{count}个")
        if bad:
            problems.append("第四部分行政复议、行政诉讼表有非数字的数据格：" + "、".join(bad[:5]))
    return problems


@rule(
    "annual-report-format",
    title="政府信息公开工作年度报告格式不符",
    indicator=INDICATOR,
    severity="deduct",
    params={},
    doc="""
检查内容：读取全站最新一份政府信息公开工作年度报告（标题年份最大、发布最晚的条目；正文为网页表格，或网页所附的 PDF /
DOCX 附件），检查：标题为“<机关名称><YYYY>年政府信息公开工作年度报告”；六个部分标题按序齐全（一、总体情况
二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及
改进情况 六、其他需要报告的事项；序号写法、标点和空格不计）；第三部分表格中“办理结果”各项之和等于“总计”（逐列，只比较
能读成数字的列）；第四部分表格的15个数据格均为数字。扫描件（PDF 中没有文字）、DOC/WPS 附件或打不开的附件不判为合格，
而是报告“无法读取，需人工核查”。抓取只读最新一份报告，附件不超过 8 MB。
依据：国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》（C：六部分标题、表格）。分值为假定值（M）。
不合格示例：报告缺少“五、存在的主要问题及改进情况”；或第三部分“总计”为12而各项之和为11。
合格示例：“清河市交通运输局2025年政府信息公开工作年度报告”，六部分齐全，表格数字相符。
""",
)
def check_format(ctx: Context) -> Iterator[Finding]:
    facts = ctx.site.facts or {}
    report = facts.get("annual_report")
    if not report:
        return
    url, title = report.get("url"), report.get("title")
    if not report.get("readable", True):
        problem = report.get("problem") or "无法读取，需人工核查"
        yield ctx.finding(f"年度报告《{title or url}》{problem}", url=url, title=title, unreadable=True,
                          source=report.get("source"), problems=[problem])
        return
    problems = report_problems(report)
    if problems:
        message = f"年度报告《{title or url}》格式不符合国办公开办函〔2021〕30号：" + "；".join(problems)
        yield ctx.finding(message, url=url, title=title, source=report.get("source"), problems=problems)
