"""Scraped text made safe for every output format (XLSX, DOCX, HTML, mail headers, chat markdown).

XML 1.0 cannot hold C0 control characters other than tab and newline, lone surrogates, U+FFFE or U+FFFF;
one such character in a scraped title once stopped every unit's XLSX and DOCX. Cleaning happens once,
where a notice is built, so every renderer receives the same clean text.
"""

from __future__ import annotations

import re

# also C1 controls and bidi overrides (core.text): data stored before they were stripped at the store
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def clean(text: str | None) -> str | None:
    """Text with the characters XML cannot hold removed; CR/LF pairs become a newline."""
    if text is None:
        return None
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """Text for a mail header or a file name: cleaned and on one line."""
    return _LINE_BREAKS.sub(" ", clean(text) or "").strip()
