"""Footer identifiers: 网站标识码, ICP 备案号, 公安备案号 and the 党政机关 mark."""

from __future__ import annotations

import re

from crawler.extract.html import parse_html, text_of
from crawler.extract.meta import extract_meta

_SITE_CODE = r"(?:bm\d{8}|\d{10})"
_SITE_CODE_RE = re.compile(rf"网站标识码\s*[：:∶]?\s*({_SITE_CODE})(?!\d)", re.I)
_SITE_CODE_ONLY_RE = re.compile(rf"^{_SITE_CODE}$", re.I)
_JIUCUO_RE = re.compile(rf"sitecode=['\"]?({_SITE_CODE})(?!\d)", re.I)
# 京ICP备13026484号-1, 京ICP备13026484 (no 号), 京ICP证030173号 (a licence number shown instead)
_ICP_RE = re.compile(r"[\u4e00-\u9fff]?ICP[备证]\s*[：:]?\s*\d{5,}(?:\s*-\s*\d+)?(?:\s*号)?(?:\s*-\s*\d+)?", re.I)
# 京公网安备 11010502042638号, 京公网安备:110105011222 (older 12-digit numbers), 网警备案号：3201…
_POLICE_RE = re.compile(r"[\u4e00-\u9fff]公网安备\s*号?\s*[：:]?\s*\d{11,14}(?:\s*号)?")
_POLICE_PLAIN_RE = re.compile(r"(?:公安|网警)备案号?\s*[：:]?\s*\d[\d\-]{5,}\d号?")
_CONAC_RE = re.compile(r"conac\.cn|dzjg|党政机关|_?ideConac", re.I)  # _ideConac: the mark's standard slot
_SPACE_RE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def _site_code(text: str, root) -> str | None:
    match = _SITE_CODE_RE.search(text)
    if match:
        return match.group(1)
    meta_code = extract_meta(root).get("SiteIDCode", "").strip()
    if _SITE_CODE_ONLY_RE.match(meta_code):  # a placeholder (政府网站标识码, XXXXXXXXXX, empty) is no code
        return meta_code
    for el in root.iter("script", "img", "a"):
        if (code := el.get("sitecode", "").strip()) and _SITE_CODE_ONLY_RE.match(code):
            return code
        if match := _JIUCUO_RE.search(el.get("src", "") + " " + el.get("href", "")):
            return match.group(1)
    return None


def _police(text: str) -> str | None:
    match = _POLICE_RE.search(text) or _POLICE_PLAIN_RE.search(text)
    return _normal(match.group(0)) if match else None


def _icp(text: str) -> str | None:
    match = _ICP_RE.search(text)
    return _normal(match.group(0)) if match else None


def _has_conac(root) -> bool:
    for el in root.iter("a", "img", "script", "span"):
        blob = " ".join(el.get(attr, "") for attr in ("href", "src", "alt", "id", "title"))
        if _CONAC_RE.search(blob):
            return True
    return False


def extract_identifiers(root_or_html) -> dict:
    """{"site_id_code", "icp", "police", "conac"} as the page shows them (None / False when absent)."""
    root = parse_html(root_or_html) if isinstance(root_or_html, str) else root_or_html
    text = text_of(root, skip_hidden=True)
    return {
        "site_id_code": _site_code(text, root),
        "icp": _icp(text),
        "police": _police(text),
        "conac": _has_conac(root),
    }
