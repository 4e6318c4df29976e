"""办事指南 pages: the guides a service hall lists, and which key elements a guide shows.

An element counts as shown where one of its labels (``core.interaction_terms.GUIDE_ELEMENTS``) stands as a
label: a heading, a table header or cell, a definition term, bold text, or a line ``label：…``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from core.interaction_terms import GUIDE_ELEMENTS, is_service_entry
from crawler.extract.html import text_of

_LABEL_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "dt", "strong", "b", "label", "span", "em")
_TRIM = re.compile(r"^[\s\d一二三四五六七八九十、.．()（）【】\[\]]+|[\s:：】\]]+$")
_GUIDE_LINK = re.compile(r"指南")
# a label opening a line or clause: ``办理地点：…``, ``【办理材料】…``
_INLINE = r"(?:^|[\s。；;，,、)）】\]\d]){0}\s*[:：]|[【\[]{0}[】\]]"


def _label(text: str) -> str:
    return _TRIM.sub("", re.sub(r"\s+", "", text))


def _elements_of(label: str) -> set[str]:
    return {name for name, labels in GUIDE_ELEMENTS.items() if label in labels}


def guide_elements(root) -> list[str]:
    """The key elements a guide page shows, in ``GUIDE_ELEMENTS`` order."""
    found: set[str] = set()
    for el in root.iter(*_LABEL_TAGS):
        text = text_of(el)
        if len(text) <= 16:
            found |= _elements_of(_label(text))
    text = text_of(root)
    for name, labels in GUIDE_ELEMENTS.items():
        if name not in found and any(re.search(_INLINE.format(re.escape(label)), text) for label in labels):
            found.add(name)
    return [name for name in GUIDE_ELEMENTS if name in found]


def is_guide(root) -> bool:
    """A page that shows at least three of the key elements is a guide itself."""
    return len(guide_elements(root)) >= 3


def guide_links(root, url: str, limit: int) -> list[dict[str, str]]:
    """Up to ``limit`` guides a service hall page links: links named …指南 (not the hall's own entries)."""
    found: dict[str, dict[str, str]] = {}
    for a in root.iter("a"):
        name = (text_of(a) or a.get("title") or "").strip()
        href = a.get("href") or ""
        if not name or not href or href.startswith(("javascript", "#", "mailto")):
            continue
        target = urljoin(url, href)
        if target == url or target in found or not _GUIDE_LINK.search(name):
            continue
        if is_service_entry(name) and len(name) <= 6:  # a menu link (办事指南) rather than one guide
            continue
        found[target] = {"name": name, "url": target}
        if len(found) >= limit:
            break
    return list(found.values())
