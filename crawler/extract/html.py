"""Shared HTML helpers: tolerant parsing, CSS/XPath selection, visible text, hidden-element test."""

from __future__ import annotations

import itertools
import re
import threading
from functools import lru_cache
from typing import Any, cast

import lxml.etree as etree
import lxml.html
from lxml.etree import XPath

from core.selectors import compile_selector
from core.selectors import is_valid_selector as is_valid_selector  # re-exported for the readers

_JSP_TAG_RE = re.compile(r"</?jsp:[^<>]{0,500}>", re.I)
# A closing </body> or </html> ends the document for libxml2: pages that include a header fragment with
# its own </html> lose everything after it. Both are implied at the end, so they are dropped.
_DOC_END_RE = re.compile(r"</(?:html|body)\s*>", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# C0 control characters other than tab, LF and CR: libxml2 stops reading a page at some of them. They are
# deleted from the UTF-8 bytes the parser reads (bytes.translate: about three times cheaper than a regex
# over the text of a 50 KB page).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_SPACE_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # zero-width characters
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
NON_TEXT_TAGS = frozenset({"script", "style", "template", "noscript"})
_HIDING_TAGS = frozenset({"script", "style", "template"})
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_EMPTY_DOC = "<html><head></head><body></body></html>"
# Elements of a page that the readers look at. Real portal pages hold a few thousand at most (the largest
# seen: ~1,400); a page of hundreds of thousands is hostile or broken, and every reader's cost grows with
# the tree, so the elements after this many (in document order) are dropped once, right after parsing.
MAX_ELEMENTS = 8_000


def _strip_jsp(text: str) -> str:
    """Drop JSP scriptlets (<% … %>) and jsp: tags left in a page, in one linear pass (an unclosed <% keeps
    the rest of the page as it is)."""
    if "<%" in text:
        parts, at = [], 0
        while (start := text.find("<%", at)) >= 0:
            end = text.find("%>", start + 2)
            if end < 0:
                break
            parts.append(text[at:start])
            at = end + 2
        text = "".join(parts) + text[at:]
    return _JSP_TAG_RE.sub("", text) if "jsp:" in text else text


# lxml.html's own parser picks each element's Python class in a Python callback (form, input, select … get
# their own classes) every time an element is touched: about 10% of the reader's time. The readers use
# only HtmlElement's methods, so every element gets that class by lxml's C lookup. Parsers are not
# shared between threads.
_LOOKUP = etree.ElementDefaultClassLookup(element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
                                          pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)
_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    """This thread's parser of UTF-8 bytes (a page's own charset declaration is not followed: the text
    was decoded before)."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(encoding="utf-8")
        parser.set_element_class_lookup(_LOOKUP)
    return parser


def _document(text: str) -> lxml.html.HtmlElement:
    data = text.encode("utf-8", errors="replace").translate(None, _CONTROL_BYTES)
    return lxml.html.document_fromstring(data, parser=_parser())


@lru_cache(maxsize=8)
def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse HTML leniently; JSP directives are dropped and junk yields an empty document.

    The extractors of one page all call this with the same text, so the last few trees are cached:
    a page is parsed once. Trees are shared: treat them as read-only.
    """
    cleaned = _DOC_END_RE.sub("", _strip_jsp(_XML_DECL_RE.sub("", text or "")))
    if not cleaned.strip():
        return _document(_EMPTY_DOC)
    try:
        root = _document(cleaned)
    except (etree.ParserError, ValueError):
        return _document(_EMPTY_DOC)
    prune_after(root, MAX_ELEMENTS)
    _clamp_attributes(root)
    return root


MAX_ATTRIBUTE = 2000  # characters of a class, id or style value kept (real ones are a few dozen)


_LONG_ATTRIBUTES = XPath(" | ".join(f"//@{name}[string-length() > {MAX_ATTRIBUTE}]"
                                    for name in ("class", "id", "style")))


def _clamp_attributes(root) -> None:
    """Cut overlong class/id/style values, which readers search with regular expressions (found by XPath in
    C: a Python walk over every element cost about 0.6 ms a page)."""
    for value in cast("list[Any]", _LONG_ATTRIBUTES(root)):
        value.getparent().set(value.attrname, value[:MAX_ATTRIBUTE])


# the document's elements, comments and processing instructions (what ``iter()`` of its root walks, and any
# outside the root), counted in C
_NODE_COUNT = XPath("count(//node()) - count(//text())")


def prune_after(root, limit: int) -> bool:
    """Keep the first ``limit`` nodes of ``root`` in document order and drop the rest; True when cut.

    One pass: the node at the limit loses its children, then it and every ancestor lose their following
    siblings (their tails go with them, except the cut node's own). A document with fewer nodes in all (almost
    every page) is left as it is without that walk.
    """
    if cast(float, _NODE_COUNT(root)) < limit:
        return False
    node = next(itertools.islice(root.iter(), limit, None), None)
    if node is None:
        return False
    for child in list(node):
        node.remove(child)
    while node is not None and node is not root:
        parent = node.getparent()
        if parent is None:
            break
        del parent[parent.index(node) + 1:]
        node = parent
    return True


def select(root, expr: str) -> list:
    """Elements matching a CSS selector, or an XPath expression when it starts with '/', '(' or './'.

    Raises ValueError (``core.selectors.SelectorError``) on a malformed expression.
    """
    result = compile_selector(expr)(root)
    return list(result) if isinstance(result, list) else [result]


def collapse_ws(text: str) -> str:
    """Collapse whitespace runs (incl. NBSP and full-width space) to one space and strip; drop zero-width."""
    return _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip()


def _gather(el, skip_hidden: bool, out: list[str]) -> None:
    """Append the text pieces of ``el`` (not its tail) to ``out``: blocks bounded by spaces, scripts, styles,
    comments (and, with ``skip_hidden``, hidden elements) left out. A function appending to one list: nested
    generators cost a step per level for every piece."""
    tag = el.tag
    if not isinstance(tag, str):  # comment or processing instruction
        return
    tag = tag.lower()
    if tag in NON_TEXT_TAGS or (skip_hidden and _hides_itself(el)):
        return
    block = tag in BLOCK_TAGS
    if block:
        out.append(" ")
    if el.text:
        out.append(el.text)
    for child in el:
        if len(child):
            _gather(child, skip_hidden, out)
        else:  # a leaf (most elements): read here, without a call
            leaf = child.tag
            if isinstance(leaf, str) and not ((leaf := leaf.lower()) in NON_TEXT_TAGS
                                              or (skip_hidden and _hides_itself(child))):
                apart = leaf in BLOCK_TAGS
                if apart:
                    out.append(" ")
                if child.text:
                    out.append(child.text)
                if apart:
                    out.append(" ")
        if child.tail:
            out.append(child.tail)
    if block:
        out.append(" ")


def text_of(el, *, skip_hidden: bool = False) -> str:
    """Visible text of an element with whitespace collapsed; scripts, styles and comments are skipped.

    With skip_hidden=True, descendants hidden by style/`hidden` attribute are skipped as well.
    """
    if el is None:
        return ""
    if isinstance(el, str):
        return collapse_ws(el)
    if not len(el):  # a leaf (most links): its own text, unless it is no text or hidden
        tag = el.tag
        if not isinstance(tag, str) or tag.lower() in NON_TEXT_TAGS or (skip_hidden and _hides_itself(el)):
            return ""
        return collapse_ws(el.text or "")
    out: list[str] = []
    _gather(el, skip_hidden, out)
    return collapse_ws("".join(out))


@lru_cache(maxsize=8192)
def shown_text(el) -> str:
    """``text_of(el)``, read once per element: the list, pager and link readers all ask for a link's text.
    Trees are read-only, so a kept answer stays true."""
    return text_of(el)


@lru_cache(maxsize=8)
def lowered(text: str) -> str:
    """``text.lower()`` of a page, once per page (several readers test a page's source for marker words)."""
    return text.lower()


def _hides_itself(el) -> bool:
    tag = el.tag
    if not isinstance(tag, str):
        return True
    attrib = el.attrib
    if not attrib:
        return tag.lower() in _HIDING_TAGS
    if "hidden" in attrib or tag.lower() in _HIDING_TAGS:
        return True
    if tag.lower() == "input" and attrib.get("type", "").lower() == "hidden":
        return True
    style = attrib.get("style")
    return bool(style) and _HIDDEN_STYLE_RE.search(style) is not None


def elements_of(xpath: XPath, node: Any) -> list[etree._Element]:
    """The elements an element-only XPath finds (lxml types every result as any XPath value)."""
    return cast("list[etree._Element]", xpath(node))


# a union of simple steps: libxml2 finds these about 2.5 times faster than one step with an or-predicate
_MAY_HIDE = XPath("//*[@hidden] | //*[@style] | //script | //style | //template | //input")


@lru_cache(maxsize=8)
def _hiding_elements(document) -> frozenset:
    """The elements of a document that hide themselves (usually few): found once per document."""
    return frozenset(el for el in elements_of(_MAY_HIDE, document) if _hides_itself(el))


def hiding_elements(root) -> frozenset:
    """The elements of root's document that hide themselves (and with them their subtrees)."""
    return _hiding_elements(root.getroottree().getroot())


def is_hidden(el) -> bool:
    """True when el or an ancestor is hidden (display:none, visibility:hidden, `hidden`), or is a
    script/style/template element or a comment."""
    if not isinstance(el.tag, str):
        return True
    return within(el, _hiding_elements(el.getroottree().getroot()))


def within(el, elements: frozenset) -> bool:
    """True when el or one of its ancestors is one of ``elements``."""
    node = el
    while elements and node is not None:
        if node in elements:
            return True
        node = node.getparent()
    return False
