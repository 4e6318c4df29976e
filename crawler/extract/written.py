"""The 成文日期 an article page shows (the date the document was formed), beside its publish date.

A 政府信息公开 page often heads the document with a table (索引号, 发文机关, 成文日期, 发布日期 …), or writes
``成文日期：2026年9月10日`` in its text. Only dates a reader sees count: a meta or the URL never gives one.
"""

from __future__ import annotations

import re
from datetime import date

from crawler.extract.article import Article
from crawler.extract.dates import parse_date
from crawler.extract.html import is_hidden, text_of

_LABEL = re.compile(r"^\s*(?:成文日期|成文时间|印发日期|制发日期)\s*[：:∶]?\s*$")
_INLINE = re.compile(r"(?:成文日期|成文时间|印发日期|制发日期)\s*[：:∶]?\s*")


def written_date(article: Article, root=None) -> date | None:
    """The shown 成文日期: a "document" date the article reader weighed, else a labelled table cell."""
    for c in article.date_candidates:
        if c.source == "document" and c.status == "ok" and c.value is not None:
            return c.value
    return _from_cells(root) if root is not None else None


def _from_cells(root) -> date | None:
    """A cell (td, th, dt, span …) reading 成文日期 followed by a cell holding the date."""
    for el in root.iter("td", "th", "dt", "span", "label", "b", "strong"):
        text = text_of(el)
        if len(text) > 40 or not _INLINE.search(text) or is_hidden(el):
            continue
        if not _LABEL.match(text):
            parsed = parse_date(_INLINE.split(text, maxsplit=1)[-1])
            if parsed is not None and parsed.value is not None:
                return parsed.value
            continue
        sibling = el.getnext()
        while sibling is not None and not text_of(sibling).strip():
            sibling = sibling.getnext()
        if sibling is not None:
            parsed = parse_date(text_of(sibling))
            if parsed is not None and parsed.value is not None:
                return parsed.value
    return None
