"""The body of a demo 政府信息公开工作年度报告 in the 国办公开办函〔2021〕30号 layout: six headings, the 申请
table (办理结果 rows adding up to 总计) and the 15 cells of 行政复议、行政诉讼."""

from __future__ import annotations

from html import escape

HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
_RESULTS = ("（一）予以公开", "（二）部分公开", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")
_APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_REVIEW = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def is_report(title: str) -> bool:
    return "政府信息公开工作年度报告" in title


def _cells(values: list[int] | list[str]) -> str:
    return "".join(f"<td>{v}</td>" for v in values)


def _requests(eid: int) -> str:
    rows = [[(eid + i + j) % 4 for j in range(6)] for i in range(len(_RESULTS))]
    rows = [r + [sum(r)] for r in rows]
    total = [sum(col) for col in zip(*rows, strict=True)]
    body = [f'<tr><td colspan="2"></td>{_cells(list(_APPLICANTS))}</tr>']
    body += [f"<tr><td>三、本年度办理结果</td><td>{label}</td>{_cells(r)}</tr>" for label, r in zip(_RESULTS, rows,
                                                                                                  strict=True)]
    body.append(f"<tr><td>三、本年度办理结果</td><td>（七）总计</td>{_cells(total)}</tr>")
    return '<table border="1">' + "".join(body) + "</table>"


def _review(eid: int) -> str:
    values = [(eid + i) % 2 for i in range(15)]
    return ('<table border="1"><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
            f"<tr>{_cells(list(_REVIEW * 3))}</tr><tr>{_cells(values)}</tr></table>")


def report_body(title: str, eid: int) -> str:
    """The report's sections as HTML paragraphs and tables."""
    parts = [f"<p>　　{escape(title)}依据《中华人民共和国政府信息公开条例》编制。</p>"]
    for heading in HEADINGS:
        parts.append(f"<p><strong>{heading}</strong></p>")
        if heading.startswith("三"):
            parts.append(_requests(eid))
        elif heading.startswith("四"):
            parts.append(_review(eid))
        else:
            parts.append("<p>　　本机关认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好各项工作。</p>")
    return "\n".join(parts)
