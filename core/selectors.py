"""CSS selectors and XPath expressions of site overrides, compiled in one place.

The config loader uses this to reject a malformed override when the file is read; the extractors
(``crawler.extract.html.select``) use it to apply one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml.cssselect import CSSSelector
from lxml.etree import XPath


class SelectorError(ValueError):
    """A CSS selector or XPath expression that does not compile."""


def is_xpath(expr: str) -> bool:
    """XPath when it starts with '/', '(' or './'; CSS otherwise."""
    return expr.strip().startswith(("/", "(", "./"))


@lru_cache(maxsize=256)
def compile_selector(expr: str) -> Any:
    """A callable ``matcher(root)`` for a CSS selector or XPath expression; raises :class:`SelectorError`."""
    stripped = expr.strip()
    if not stripped:
        raise SelectorError("invalid selector '': empty")
    try:
        return XPath(stripped) if is_xpath(stripped) else CSSSelector(stripped)
    except Exception as exc:  # cssselect and lxml raise several unrelated types
        raise SelectorError(f"invalid selector {expr!r}: {exc}") from exc


def selector_problem(expr: str) -> str | None:
    """Why ``expr`` does not compile (the parser's own words), or None when it does."""
    try:
        compile_selector(expr)
    except SelectorError as exc:
        return str(exc.__cause__ or exc)
    return None


def is_valid_selector(expr: str) -> bool:
    """True when ``expr`` compiles as a CSS selector or XPath expression."""
    return selector_problem(expr) is None
