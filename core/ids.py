"""Stable ids: the same parts give the same short id in every run and on every machine."""

from __future__ import annotations

import hashlib


def stable_id(*parts: str | None) -> str:
    """A 20-hex-digit id of the parts (None counts as empty), joined by a unit separator."""
    raw = "\x1f".join(p or "" for p in parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]
