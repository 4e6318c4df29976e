"""政策解读 and its 政策文件: the link from an interpretation to the document it explains, and the link back.

An interpretation names its document by a link whose text says so (原文, 政策文件, 相关文件, 文件下载 …) or
carries the document's name, written in 《》 in the interpretation's title. A document links back with a link
to the interpretation's address, or one whose text says 解读 (menu links, ``skip``, never count).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import urldefrag, urljoin

from crawler.extract.html import text_of

_POLICY_WORDS = re.compile(r"原文|政策文件|相关文件|文件原文|文件下载|政策原文|文件链接|关联文件|相关政策")
_BOOK = re.compile(r"《([^》]{4,60})》")
_BACK_WORDS = re.compile(r"解读")


def _links(root, url: str, skip: Collection[str]) -> list[tuple[str, str]]:
    out = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript", "#", "mailto")):
            continue
        target = urldefrag(urljoin(url, href))[0]
        if target != urldefrag(url)[0] and target not in skip:
            out.append(((text_of(a) or a.get("title") or "").strip(), target))
    return out


def policy_link(root, url: str, title: str, skip: Collection[str] = ()) -> str | None:
    """The address of the 政策文件 an interpretation page links to, or None."""
    names = [n for n in _BOOK.findall(title or "")]
    links = _links(root, url, skip)
    for text, target in links:
        if _POLICY_WORDS.search(text) or any(n in text or text.strip("《》") in n and len(text) >= 6 for n in names):
            return target
    return None


def links_back(root, url: str, interpretation: str, skip: Collection[str] = ()) -> bool:
    """Whether a 政策文件 page links to its interpretation (its address, or a link naming a 解读)."""
    wanted = urldefrag(interpretation)[0]
    return any(target == wanted or (_BACK_WORDS.search(text) and len(text) > 4)
               for text, target in _links(root, url, skip))
