"""Addresses as the crawl compares them: a host with its port, and a column's address however it is spelt."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def netloc(url: str) -> str:
    """``host[:port]`` of a URL, lower case, without the scheme's default port (http and https agree)."""
    parts = urlsplit(url)
    host = parts.netloc.lower().rsplit("@", 1)[-1]
    try:
        port = parts.port
    except ValueError:
        return host
    if port is not None and port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host.rsplit(":", 1)[0]
    return host


_INDEX_PAGE_RE = re.compile(r"/(?:index|default)\.(?:s?html?|jsp|php|aspx?)$", re.I)


def column_url_key(url: str) -> str:
    """A column's address as one page: ``/a/b``, ``/a/b/`` and ``/a/b/index.html`` (any scheme) are one."""
    parts = urlsplit(url)
    path = _INDEX_PAGE_RE.sub("/", parts.path or "/").rstrip("/") or "/"
    return f"{netloc(url)}{path}" + (f"?{parts.query}" if parts.query else "")
