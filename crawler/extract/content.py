"""Tell a content page (公开指南, 机构职能) from an empty list page."""

from __future__ import annotations

import re

from lxml import html as lhtml

CONTENT_HINT = re.compile(r"content|article|detail|zoom|trs_editor|main-?txt|nr|wzy|conTxt|text", re.I)
FOOTER_WORDS = ("ICP备", "网站标识码", "公网安备", "版权所有", "主办单位")
EMPTY_LIST = re.compile(
    r"暂无(信息|数据|内容|记录|相关)|没有(找到)?(相关)?(信息|记录|数据)|无相关信息|记录数[:：]?\s*0"
)
MIN_TEXT = 120


def _own_text(el: lhtml.HtmlElement) -> str:
    """Text of an element without the text of links and nested blocks' links."""
    parts = [el.text or ""]
    for child in el:
        if child.tag not in ("a", "script", "style"):
            parts.append(
                child.text_content() if child.tag in ("span", "font", "strong", "b", "em", "br") else ""
            )
        parts.append(child.tail or "")
    return re.sub(r"\s+", "", "".join(parts))


def looks_like_content_page(root: lhtml.HtmlElement) -> bool:
    """True when the page carries a body of prose rather than an (empty) list of links."""
    text = root.text_content() if root is not None else ""
    if EMPTY_LIST.search(text):
        return False
    prose = 0
    for el in root.iter("p", "div", "td", "span", "section", "article"):
        own = _own_text(el)
        if not own or any(word in own for word in FOOTER_WORDS):
            continue
        bonus = 2 if CONTENT_HINT.search(f"{el.get('class', '')} {el.get('id', '')}") else 1
        prose += len(own) * bonus
        if prose >= MIN_TEXT * 2:
            return True
    return False
