"""Secrets never shown: a URL that may carry a key (a chat robot's webhook) reduced to what names it."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

_MASK = "***"
_TOKEN = re.compile(r"^[0-9A-Za-z_.~-]{16,}$")  # a path segment long enough to be a key (Feishu hook ids)


def mask_url(url: str, digest_of: str | None = None) -> str:
    """``scheme://host[:port]/path#digest``: no user or password, no query (``access_token=``, ``key=``),
    key-like path segments as ``***``; the short digest of the full URL (or ``digest_of``) tells two apart."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    path = "/".join(_MASK if _TOKEN.match(seg) else seg for seg in parts.path.split("/"))
    digest = hashlib.sha1((digest_of if digest_of is not None else url).encode("utf-8")).hexdigest()[:8]
    return f"{parts.scheme}://{host}{path}#{digest}"
