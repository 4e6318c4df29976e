"""The <meta> tags required by 《政府网站发展指引》 (SiteName, SiteIDCode, PubDate, ...)."""

from __future__ import annotations

META_NAMES = (
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnType",
    "ColumnDescription",
    "ColumnKeywords",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
)
_CANONICAL = {name.lower(): name for name in META_NAMES}


def present_metas(meta: dict[str, str]) -> list[str]:
    """The meta names a page carries with some content, sorted (an empty tag counts as absent)."""
    return sorted(name for name, value in meta.items() if value.strip())


def extract_meta(root) -> dict[str, str]:
    """Canonical-case name -> content for the 政府网站 meta tags; the first occurrence of a name wins.

    A tag present with empty content is kept as "" (it is a finding that it is empty, not missing).
    """
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        name = _CANONICAL.get((el.get("name") or "").strip().lower())
        if name is None or name in found:
            continue
        found[name] = (el.get("content") or "").strip()
    return found
