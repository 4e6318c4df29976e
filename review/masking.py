"""Masking of personal values: every value is masked inside the detector, before it is stored, logged,
shown or mailed. Only a masked form and a one-way hash ever leave this package."""

from __future__ import annotations

import hashlib
import re

_KEEP: dict[str, tuple[int, int]] = {"id": (6, 4), "mobile": (3, 4), "card": (4, 4)}


def mask(value: str, kind: str) -> str:
    """``value`` with its middle replaced by ``*``: 身份证 keeps 6+4 (``110105********002X``), a mobile 3+4
    (``138****1234``), a bank card 4+4; an address or any other text keeps its first two characters."""
    head, tail = _KEEP.get(kind, (2, 0))
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + (value[-tail:] if tail else "")


def digest(text: str) -> str:
    """A stable one-way hash of ``text`` (for deduplicating candidates; never reversible to the value)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def is_masked(value: str) -> bool:
    """True for a value already masked on the page (``*``, ``＊``, ``×`` or ``x`` runs in the middle)."""
    return any(c in value for c in "*＊×※")


_DIGIT_RUN = re.compile(r"\d{7,}[\dXx]?")


def redact(text: str) -> str:
    """``text`` with every run of seven or more digits masked (a context shown around a wrong word may hold a
    number of a person)."""
    def masked(m: re.Match[str]) -> str:
        value = m.group(0)
        return mask(value, "id" if len(value) == 18 else "mobile" if len(value) == 11 else "card")

    return _DIGIT_RUN.sub(masked, text)
