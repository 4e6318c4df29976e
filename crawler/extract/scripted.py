"""What a page's inline scripts put on screen, without running them.

Real portals write menus with ``document.write('<li><a href=…>…</a></li>')`` and keep them as JS arrays
of name/url pairs (``["政务公开", "/zwgk/"]``, ``{name: '信息公开', url: '/xxgk/'}``). Only literal strings
are read: a call built from variables (a pager, a jQuery template) is left alone. Redirect stubs are read
by ``stub``.
"""

from __future__ import annotations

import itertools
import re

import lxml.html
from lxml import etree

_STRING = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_WRITE_RE = re.compile(r"document\.write(?:ln)?\s*\(\s*(" + _STRING + r"(?:\s*\+\s*" + _STRING + r")*)\s*\)")
_LITERAL_RE = re.compile(_STRING)
_KEY_RE = re.compile(r"""(?<![\w$])(["']?)[A-Za-z_$][\w$]*+\1\s*:(?!//)""")  # object keys: name:, "url":
_PAIR_RE = re.compile(r"(" + _STRING + r")[\s,]*(" + _STRING + r")")
_URLISH_RE = re.compile(r"^(?:https?://|/|\./|\.\./)|^[\w\-./]+\.(?:s?html?|jsp|aspx?|php)(?:\?\S*)?$|^[\w\-]+/$",
                        re.I)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# Real menus are short scripts of a few hundred pairs at most; a hostile page may hold megabytes of them.
MAX_SCRIPT_CHARS = 256 * 1024  # of each inline script; the rest is not read
MAX_PAIRS = 2000  # string pairs examined per script
MAX_WRITES = 2000  # document.write calls read per script


def _unquote(literal: str) -> str:
    body = literal[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def _inline_scripts(root) -> list:
    return [s for s in root.iter("script") if not s.get("src") and (s.text or "").strip()]


def script_code(script) -> str:
    """The code of an inline script, cut at ``MAX_SCRIPT_CHARS``."""
    return (script.text or "")[:MAX_SCRIPT_CHARS]


def _written_html(code: str) -> str:
    """The HTML a script's literal-only ``document.write`` calls produce, in order."""
    return "".join("".join(_unquote(lit) for lit in _LITERAL_RE.findall(m.group(1)))
                   for m in itertools.islice(_WRITE_RE.finditer(code), MAX_WRITES))


def menu_pairs(code: str) -> list[tuple[str, str]]:
    """(name, href) pairs of a JS menu array or object list: a short Chinese name beside a URL."""
    out = []
    for match in itertools.islice(_PAIR_RE.finditer(_KEY_RE.sub(",", code)), MAX_PAIRS):
        first, second = match.groups()
        a, b = _unquote(first).strip(), _unquote(second).strip()
        for name, href in ((a, b), (b, a)):
            if (_CJK_RE.search(name) and len(name) <= 20 and "<" not in name and not _CJK_RE.search(href)
                    and _URLISH_RE.search(href)):
                out.append((name, href))
                break
    return out


def _fragment(html: str) -> list:
    try:
        return [el for el in lxml.html.fragments_fromstring(html) if isinstance(el, lxml.html.HtmlElement)]
    except (ValueError, etree.ParserError):
        return []


def expand_scripts(root) -> None:
    """Put what inline scripts write (``document.write`` of literals, menu arrays) into the tree, in place
    of nothing: the elements are inserted right after their script, which stays (hidden) where it was."""
    for script in _inline_scripts(root):
        code = script_code(script)
        added = _fragment(_written_html(code)) if "document.write" in code else []
        pairs = menu_pairs(code) if not added else []
        if len(pairs) >= 2:
            menu = lxml.html.Element("ul", {"class": "script-menu"})
            for name, href in pairs:
                item = etree.SubElement(menu, "li")
                etree.SubElement(item, "a", {"href": href}).text = name
            added = [menu]
        anchor = script
        for el in added:
            anchor.addnext(el)
            anchor = el
