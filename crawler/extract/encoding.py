"""Decode page bytes: BOM, HTTP charset, <meta> charset, UTF-8, then GB18030 (superset of GB2312/GBK).

bs4's UnicodeDammit is not used: on the saved real pages re-encoded to GBK it reads fewer of them right (it
takes a gb2312 label at its word, and guesses other codecs for undeclared GBK bytes) and takes longer."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "gb18030", "cp936", "euc-cn"})
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_SNIFF_BYTES = 4096


def normalize_encoding(name: str | None) -> str | None:
    """Python codec name (lower-case) for a declared charset, GB family mapped to gb18030; None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in _GB_FAMILY:
        return "gb18030"
    return {"utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(codec, codec)


def _bom_decode(body: bytes) -> tuple[str, str] | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            # the "utf-16" codec reads the BOM itself; for utf-8 drop it explicitly
            text = body[len(bom) :].decode("utf-8", "replace") if name == "utf-8" else body.decode(name, "replace")
            return text, name
    return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET_RE.search(body[:_SNIFF_BYTES])
    return normalize_encoding(match.group(1).decode("ascii", "ignore")) if match else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML body to (text, encoding name)."""
    if not body:
        return "", normalize_encoding(declared) or "utf-8"
    by_bom = _bom_decode(body)
    if by_bom is not None:
        return by_bom
    codec = normalize_encoding(declared) or _meta_charset(body)
    # a page declaring UTF-16 without a BOM is almost always mislabelled ASCII-compatible bytes
    if codec is not None and codec.startswith("utf-16") and b"\x00" not in body[:_SNIFF_BYTES]:
        codec = None
    candidates = [c for c in (codec, "utf-8", "gb18030") if c]
    for candidate in dict.fromkeys(candidates):
        text = _strict(body, candidate)
        if text is not None:
            return text, candidate
    fallback = codec or "utf-8"
    return body.decode(fallback, "replace"), fallback
