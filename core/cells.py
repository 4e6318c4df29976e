"""Spreadsheet cells that stay data: scraped text never becomes a live formula in a CSV or XLSX export.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by spreadsheet
programs as a formula (``=HYPERLINK(…)``, ``=cmd|…``, DDE). :func:`formula_like` says which cells are;
CSV writes them with a leading ``'`` (:func:`inert`), XLSX as text cells with Excel's quote prefix
(:func:`inert_xlsx_cell`: shown unchanged, never evaluated, still text when edited).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def inert(value: Any) -> Any:
    """The value for a CSV cell: formula-like text behind a ``'``; anything else unchanged."""
    return "'" + value if formula_like(value) else value


def inert_xlsx_cell(cell: Any) -> None:
    """Make an openpyxl cell holding formula-like text a plain text cell (openpyxl takes ``=…`` for a
    formula); other cells are left alone."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
