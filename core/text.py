"""Scraped text without the characters that hide or disguise it: C0 controls (but tab and newline), DEL, C1
controls (U+0080–U+009F) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
U+2066–U+2069), which make ``moc.live`` read as ``evil.com`` in a notice, a terminal or a robot message."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """``text`` without control, C1 and bidi override characters (tab, newline and CR are kept)."""
    return CONTROLS.sub("", text)


def scrub(value: Any) -> Any:
    """``value`` with :func:`strip_controls` applied to every string in it (lists, tuples, dicts, dataclass
    fields), rebuilt only where something changed."""
    if isinstance(value, str):
        return strip_controls(value) if CONTROLS.search(value) else value
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, tuple):
        return tuple(scrub(v) for v in value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: scrub(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value
