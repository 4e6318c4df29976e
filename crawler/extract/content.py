"""Tell a content page (公开指南, 机构职能) from an empty list page."""

from __future__ import annotations

import re

from lxml import html as lhtml

CONTENT_HINT = re.compile(r"content|article|detail|zoom|trs_editor|main-?txt|nr|wzy|conTxt|text", re.I)
FOOTER_WORDS = ("ICP备", "网站标识码", "公网安备", "版权所有", "主办单位")
EMPTY_LIST = re.compile(
    r"暂无(信息|数据|内容|记录|相关)|没有(找到)?(相关)?(信息|记录|数据)|无相关信息|记录数[:：]?\s*0"
)
MIN_PROSE = 200  # characters of prose (doubled inside a content container) that make a content page


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
        prose += len(own) * (2 if _in_content_container(el) else 1)
        if prose >= MIN_PROSE:
            return True
    return False


def _in_content_container(el: lhtml.HtmlElement, depth: int = 3) -> bool:
    """The element or one of its nearest ancestors is named like an article body (content, zoom, TRS_Editor)."""
    for _ in range(depth + 1):
        if el is None or not isinstance(el.tag, str):
            return False
        if CONTENT_HINT.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return True
        el = el.getparent()
    return False
