"""In-page redirect stubs (跳转页): a page whose only job is to send the browser elsewhere.

Real portals often answer a column root (or a 政务公开 nav entry) with a near-empty page that moves on by
itself: a `<meta http-equiv="refresh" content="0;url=…">`, a script that assigns `location`/`location.href`
or calls `location.replace(…)`, a `document.write` of such a meta or script, or a frameset / lone iframe
around the real page. `redirect_stub` returns where such a page leads; HTTP 3xx redirects are not its
business (the downloader follows those).

Guards against false stubs: a script redirect counts only on a thin page (little visible text, few links),
only when its target is a plain string literal (not `"…?q=" + input`), never inside a function body (search
boxes, click handlers), and a mobile-only branch (`navigator.userAgent` tests sending to `m.`/`wap` hosts)
loses to the desktop target when both are present. A meta refresh with a long delay on a full page is an
auto-reload, not a stub.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from crawler.extract.html import parse_html, text_of
from crawler.extract.scripted import script_code

THIN_TEXT = 200  # visible characters a stub page may show ("页面跳转中，请稍候…")
THIN_LINKS = 5  # links a stub page may hold ("如果没有自动跳转，请点击这里")
_MAX_REFRESH_DELAY = 10  # seconds: longer delays on a full page are auto-reloads

_REFRESH_CONTENT_RE = re.compile(r"""^\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^'"]*)['"]?\s*$""", re.I)
_WRITTEN_REFRESH_RE = re.compile(
    r"""http-equiv\s*=\s*\\?["']?refresh\\?["']?[^>]*?content\s*=\s*\\?["']([^"'\\]*)""", re.I)
_LOCATION_RE = re.compile(
    r"""(?<![\w$.+])(?:(?:window|self|top|parent|document)\s*\.\s*)?location"""
    r"""(?:\s*\.\s*href\s*=\s*|\s*=\s*|\s*\.\s*(?:replace|assign)\s*\(\s*)"""
    r"""(["'])([^"'\n]*)\1\s*(?=[;)\n<}]|$)""",
    re.I,
)
_FUNCTION_RE = re.compile(r"\bfunction\b[^{};]*\{")
_MOBILE_TEST_RE = re.compile(r"userAgent|ismobile|isMobile|mobile\s*\(", re.I)
_MOBILE_URL_RE = re.compile(r"//(?:m|wap|mobile|3g|h5)\.|/(?:m|wap|mobile|3g|h5|sjb|phone)(?:/|$|\.)", re.I)


def _strip_functions(script: str) -> str:
    """The script without its function bodies (handlers run on a click, not on load)."""
    out, pos = [], 0
    for match in _FUNCTION_RE.finditer(script):
        if match.start() < pos:
            continue
        out.append(script[pos : match.start()])
        depth, i = 1, match.end()
        while i < len(script) and depth:
            depth += {"{": 1, "}": -1}.get(script[i], 0)
            i += 1
        pos = i
    out.append(script[pos:])
    return "".join(out)


def _refresh_target(content: str) -> tuple[float, str] | None:
    match = _REFRESH_CONTENT_RE.match(content or "")
    if not match or not match.group(2).strip():
        return None
    return float(match.group(1) or 0), match.group(2).strip()


def _usable(target: str) -> bool:
    lowered = target.strip().lower()
    return bool(lowered) and not lowered.startswith(("javascript:", "#", "mailto:", "about:", "data:"))


def _absolute(base: str, target: str) -> str:
    parts = urlsplit(urljoin(base, target.strip()))
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _script_targets(scripts: list[str]) -> list[str]:
    targets: list[str] = []
    for script in scripts:
        body = _strip_functions(script)
        found = [m.group(2) for m in _LOCATION_RE.finditer(body)]
        for content in _WRITTEN_REFRESH_RE.findall(body):
            refresh = _refresh_target(content)
            if refresh:
                found.append(refresh[1])
        found = [t for t in found if _usable(t)]
        if _MOBILE_TEST_RE.search(body) and any(not _MOBILE_URL_RE.search(t) for t in found):
            found = [t for t in found if not _MOBILE_URL_RE.search(t)]
        targets += found
    return targets


def _frame_target(root) -> str | None:
    frames = [f for f in root.iter("frame", "iframe") if _usable(f.get("src") or "")]
    if root.find(".//frameset") is not None or len(frames) == 1:
        return frames[0].get("src") if len(frames) == 1 else None
    return None


def _lone_link(body) -> list[str]:
    """A page that is nothing but one link ("点击进入"): its target."""
    if body is None:
        return []
    anchors = [a for a in body.iter("a") if (a.get("href") or "").strip()]
    if len(anchors) != 1:
        return []
    rest = text_of(body, skip_hidden=True).replace(text_of(anchors[0]), "").strip()
    return [anchors[0].get("href").strip()] if len(rest) <= 20 else []


def redirect_stub(text: str, url: str) -> str | None:
    """Where an in-page redirect stub sends the reader (absolute URL), or None for an ordinary page."""
    if not text:
        return None
    root = parse_html(text)
    body = root.find("body")
    visible = len(text_of(body, skip_hidden=True)) if body is not None else 0
    links = len([a for a in root.iter("a") if a.get("href")])
    thin = visible <= THIN_TEXT and links <= THIN_LINKS
    own = _absolute(url, "")
    candidates: list[str] = []
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            found = _refresh_target(meta.get("content") or "")
            if found and _usable(found[1]) and (thin or found[0] <= _MAX_REFRESH_DELAY):
                candidates.append(found[1])
    if thin:
        candidates += _script_targets([script_code(s) for s in root.iter("script")])
        frame = _frame_target(root)
        if frame:
            candidates.append(frame)
        candidates += _lone_link(body)
    for target in candidates:
        absolute = _absolute(url, target)
        if absolute != own:
            return absolute
    return None
