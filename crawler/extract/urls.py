"""Links joined to the page they sit on, as ``urllib.parse.urljoin`` joins them, cheaply for the usual ones.

Most links of a portal page are root-relative (``/xxgk/t20261118_1.html``) or plain relative
(``./202611/t20261118_1.html``, TRS WCM's form): joined through urljoin, urlsplit and urlunsplit they cost several
microseconds each, and a page holds hundreds. :func:`plain_join` appends such a link to its base's origin or
folder directly when urljoin would not rewrite it (no dot segment, no ``;`` parameters, no control character),
and says None otherwise.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

# what urljoin would change in a root-relative href: tabs and newlines (dropped), ";" (parameters), dot segments
_UNPLAIN_RE = re.compile(r"[\t\r\n\\;]|/\.\.?(?:[/?#]|$)")
# what keeps a relative path (./202401/t20240101_1.html, t2.html) from being appended to its base's folder
# as it is: a scheme or ";" (parameters), an empty or dot segment (urljoin drops or resolves them), spaces
# and control characters (dropped or stripped)
_UNPLAIN_PATH_RE = re.compile(r"[\x00-\x20:;\\\s]|//|^/|(?:^|/)\.\.?(?:/|$)")
_LINE_BREAKS_RE = re.compile(r"[\t\r\n]")


def plain_join(base: str, href: str) -> str | None:
    """``href`` (stripped) joined to an http(s) ``base`` without its #fragment, as urljoin joins it, for a
    root-relative or relative path urljoin would not rewrite; None for any other href or base."""
    if href[:1] == "/":
        if href[1:2] == "/" or _UNPLAIN_RE.search(href):
            return None
        origin = _origin(base)
        if origin is None:
            return None
        path, _, query = href.partition("#")[0].partition("?")
        return f"{origin}{path}?{query}" if query else f"{origin}{path}"
    if href[:1] in ("", "?", "#"):
        return None
    path, _, query = href.partition("#")[0].partition("?")
    path = path[2:] if path[:2] == "./" else path
    folder = _folder(base)
    if folder is None or _UNPLAIN_PATH_RE.search(path) or _LINE_BREAKS_RE.search(query):
        return None
    return f"{folder}{path}?{query}" if query else f"{folder}{path}"


@lru_cache(maxsize=8192)
def absolute_url(base: str, href: str) -> str:
    """href resolved against base, without its #fragment (an empty path made "/")."""
    href = href.strip()
    joined = plain_join(base, href)
    if joined is not None:
        return joined
    parts = urlsplit(urljoin(base, href))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


@lru_cache(maxsize=256)
def _origin(base: str) -> str | None:
    """``scheme://netloc`` of an http(s) base address, or None."""
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


@lru_cache(maxsize=256)
def _folder(base: str) -> str | None:
    """The http(s) address a plain relative path is appended to: the base's folder as urljoin resolves it
    (dot segments of the base included), ending in "/"; None for another base."""
    parts = urlsplit(urljoin(base, "x"))
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.path.endswith("/x"):
        return None
    return f"{parts.scheme}://{parts.netloc}{parts.path[:-1]}"
