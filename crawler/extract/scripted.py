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
_IDENT = r"[A-Za-z_$][\w$]*"
_EXPR = r"(?:" + _STRING + "|" + _IDENT + r")(?:\s*\+\s*(?:" + _STRING + "|" + _IDENT + r"))*"
_TERM_RE = re.compile(_STRING + "|" + _IDENT)
# In source order: a variable assigned an expression of literals (and known variables), or an output of one.
_STATEMENT_RE = re.compile(
    r"(?:(?<![\w$.])(?:var\s+|let\s+|const\s+)?(?P<name>" + _IDENT + r")\s*=\s*(?P<assigned>" + _EXPR
    + r")\s*(?=[;\n,}]|$))"
    r"|(?:document\.write(?:ln)?\s*\(\s*(?P<output>" + _EXPR + r")\s*\))"
    r"|(?:\.innerHTML\s*\+?=\s*(?P<output2>" + _EXPR + r")\s*(?=[;\n}]|$))")
_KEY_RE = re.compile(r"""(?<![\w$])(["']?)[A-Za-z_$][\w$]*+\1\s*:(?!//)""")  # object keys: name:, "url":
_PAIR_RE = re.compile(r"(" + _STRING + r")[\s,]*(" + _STRING + r")")
_URLISH_RE = re.compile(r"^(?:https?://|/|\./|\.\./)|^[\w\-./]+\.(?:s?html?|jsp|aspx?|php)(?:\?\S*)?$|^[\w\-]+/$",
                        re.I)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# Real menus are short scripts of a few hundred pairs at most; a hostile page may hold megabytes of them.
MAX_SCRIPT_CHARS = 256 * 1024  # of each inline script; the rest is not read
MAX_PAIRS = 2000  # string pairs examined per script
MAX_WRITES = 2000  # document.write calls read per script


_ESCAPE_RE = re.compile(r"\\(.)")


def _unquote(literal: str) -> str:
    body = literal[1:-1]
    return _ESCAPE_RE.sub(r"\1", body) if "\\" in body else body


def _inline_scripts(root) -> list:
    return [s for s in root.iter("script") if not s.get("src") and (s.text or "").strip()]


def script_code(script) -> str:
    """The code of an inline script, cut at ``MAX_SCRIPT_CHARS``."""
    return (script.text or "")[:MAX_SCRIPT_CHARS]


def _value(expr: str, variables: dict[str, str]) -> str | None:
    """A ``'…' + name + "…"`` expression made of literals and variables known to hold literals, else None."""
    out = []
    for term in _TERM_RE.findall(expr):
        if term[0] in "'\"":
            out.append(_unquote(term))
        elif term in variables:
            out.append(variables[term])
        else:
            return None
    return "".join(out)


def _written_html(code: str) -> str:
    """The HTML a script's ``document.write`` calls and ``innerHTML`` assignments produce, in order, where
    what they write is made of string literals and variables assigned literals before (``var str4 =
    '../ysqgk/'; document.write('<a href="' + str4 + '">' + str3 + '</a>')``)."""
    variables: dict[str, str] = {}
    written = []
    for match in itertools.islice(_STATEMENT_RE.finditer(code), MAX_WRITES * 4):
        name, assigned = match.group("name"), match.group("assigned")
        output = match.group("output") or match.group("output2")
        if name is not None:
            value = _value(assigned, variables)
            if value is None:
                variables.pop(name, None)
            elif len(value) <= MAX_SCRIPT_CHARS:
                variables[name] = value
        elif output is not None and (value := _value(output, variables)) is not None:
            written.append(value)
            if len(written) >= MAX_WRITES:
                break
    return "".join(written)


def menu_pairs(code: str) -> list[tuple[str, str]]:
    """(name, href) pairs of a JS menu array or object list: a short Chinese name beside a URL."""
    out = []
    for match in itertools.islice(_PAIR_RE.finditer(_KEY_RE.sub(",", code)), MAX_PAIRS):
        first, second = match.groups()
        if (_CJK_RE.search(first) is None) == (_CJK_RE.search(second) is None):
            continue  # a Chinese name needs a URL without Chinese beside it (unquoting adds or drops none)
        a, b = _unquote(first).strip(), _unquote(second).strip()
        for name, href in ((a, b), (b, a)):
            if (_CJK_RE.search(name) and len(name) <= 20 and "<" not in name and not _CJK_RE.search(href)
                    and _URLISH_RE.search(href)):
                out.append((name, href))
                break
    return out


_XHR_RE = re.compile(r"\bfetch\s*\(|XMLHttpRequest|(?:\$|jQuery)\.(?:ajax|get|post|getJSON)\s*\(|"
                     r"\.load\s*\(\s*['\"]|\baxios\s*[.(]|\bnew\s+Vue\s*\(|createApp\s*\(")


def builds_by_script(root) -> bool:
    """The page's inline scripts fetch content (XHR, fetch, $.ajax, a Vue app): what it lists may be built in
    the browser, so its static HTML alone cannot show a list empty."""
    return any(_XHR_RE.search(script_code(s)) for s in _inline_scripts(root))


def _fragment(html: str) -> list:
    try:
        return [el for el in lxml.html.fragments_fromstring(html) if isinstance(el, lxml.html.HtmlElement)]
    except (ValueError, etree.ParserError):
        return []


def script_additions(root) -> list[tuple[int, list]]:
    """What inline scripts write (``document.write`` of literals, menu arrays), as new elements: (the script's
    place among ``root``'s inline scripts, its elements), for the scripts that write anything."""
    additions = []
    for at, script in enumerate(_inline_scripts(root)):
        code = script_code(script)
        added = _fragment(_written_html(code)) if "document.write" in code or "innerHTML" in code else []
        pairs = menu_pairs(code) if not added and _CJK_RE.search(code) else []  # a menu's names are Chinese
        if len(pairs) >= 2:
            menu = lxml.html.Element("ul", {"class": "script-menu"})
            for name, href in pairs:
                item = etree.SubElement(menu, "li")
                etree.SubElement(item, "a", {"href": href}).text = name
            added = [menu]
        if added:
            additions.append((at, added))
    return additions


def expand_scripts(root, additions: list[tuple[int, list]] | None = None) -> None:
    """Put what inline scripts write into the tree, in place of nothing: the elements are inserted right
    after their script, which stays (hidden) where it was. ``additions``: ``script_additions`` of a tree
    this one is a copy of (read before copying)."""
    scripts = _inline_scripts(root)
    for at, added in script_additions(root) if additions is None else additions:
        anchor = scripts[at]
        for el in added:
            anchor.addnext(el)
            anchor = el
