"""The unit of text the detectors read: a piece of a page or an attachment with where it stands."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One cell, paragraph or page of text. ``group`` is what a finding aggregates over (``第2张表``,
    ``第3页``, ``正文``), ``where`` the precise place (``第5行第3列``), ``header`` a table cell's column
    header (or, in a PDF, the last header-like line above), ``row`` its row number (rows are counted per group)."""

    text: str
    group: str
    where: str = ""
    header: str = ""
    row: int | None = None
    tabular: bool = False  # a table cell under ``header`` (address and health columns are judged only there)


_CJK = "\u3400-\u9fff\uf900-\ufaff"
_INNER_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")


def normalise(text: str) -> str:
    """NFKC (全角 digits and letters to half-width) and no spaces between two Chinese characters (PDF
    extraction puts them there)."""
    return _INNER_SPACE.sub("", unicodedata.normalize("NFKC", text))
