"""Recognise an answer from a WAF / anti-bot layer instead of the page (巡查被拦截).

Pure: (body bytes or text, HTTP status, response headers) → None, or a short Chinese reason naming the
product when it can be told, e.g. ``安全狗拦截页（HTTP 403）`` or ``瑞数动态防护 JavaScript 验证页（HTTP 412）``.

What counts, generically (no particular site):

- a vendor's mark in the headers (``Server: yunsuo``, ``X-Powered-By-Anquanbao``, ``Server: Safedog``,
  safedog / yunsuo / 加速乐 cookie names) or body (``$_ts`` of 瑞数, ``safedog``, ``yunsuo``, 创宇盾 …),
  which only names the product: alone it never makes a page blocked (加速乐 sets its cookie on every page);
- a block page: a block status (403, 405, 406, 412, 418, 468, 493, 501, 503, 521 …) or a short page, whose
  text says the visit was intercepted (您的访问被拦截, 访问被阻断, 网站防火墙, 疑似黑客攻击 …);
- a JavaScript challenge: a page with almost no visible text, dominated by script, that sets
  ``document.cookie`` and reloads, or a 412/521 answer that is nothing but script (瑞数, 加速乐).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Response headers as Scrapy (bytes names, lists of values) or a plain mapping gives them.
Headers = Mapping[str, object] | Mapping[bytes, object] | Iterable[tuple[str | bytes, object]]
BLOCK_STATUSES = frozenset({400, 403, 405, 406, 412, 418, 429, 468, 493, 501, 503, 521})
CHALLENGE_STATUSES = frozenset({202, 412, 418, 468, 521})
MAX_BLOCK_PAGE = 256 * 1024  # block and challenge pages are small; a bigger answer is a real page
MAX_PLAIN_BLOCK = 32 * 1024  # …and those served with an ordinary status (200) are smaller still
MAX_VISIBLE = 400  # characters of visible text a challenge may show ("正在验证您的浏览器…")

# (product, header name, value pattern); value None = the header's presence is the mark
_HEADER_MARKS: tuple[tuple[str, str, re.Pattern[str] | None], ...] = (
    ("云锁", "server", re.compile(r"yunsuo", re.I)),
    ("云锁", "set-cookie", re.compile(r"yunsuo_session", re.I)),
    ("安全狗", "server", re.compile(r"safedog", re.I)),
    ("安全狗", "set-cookie", re.compile(r"safedog", re.I)),
    ("安全狗", "x-powered-by", re.compile(r"WAF/\d", re.I)),
    ("安全宝", "x-powered-by-anquanbao", None),
    ("360网站卫士", "x-powered-by-360wzb", None),
    ("360网站卫士", "server", re.compile(r"360wz", re.I)),
    ("创宇盾", "set-cookie", re.compile(r"__jsl(uid|_clearance)", re.I)),
    ("创宇盾", "server", re.compile(r"jiasule|yundun|knownsec", re.I)),
    ("瑞数动态防护", "set-cookie", re.compile(r"\b[A-Za-z0-9]{6,}(80|443)[ST]=", re.I)),
    ("阿里云盾", "server", re.compile(r"aliyun|tengine.*aserver", re.I)),
    ("阿里云盾", "set-cookie", re.compile(r"acw_tc|aliyungf_tc", re.I)),
    ("腾讯云WAF", "server", re.compile(r"tencent|tws", re.I)),
    ("Cloudflare", "cf-ray", None),
)

_BODY_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("瑞数动态防护", re.compile(r"\$_ts\s*=|\$_ts\.|window\[['\"]\$_ts['\"]\]")),
    ("安全狗", re.compile(r"safedog|安全狗", re.I)),
    ("云锁", re.compile(r"yunsuo|云锁|security_verify_", re.I)),
    ("创宇盾", re.compile(r"创宇盾|知道创宇|jiasule|加速乐|__jsl_clearance", re.I)),
    ("360网站卫士", re.compile(r"360wzb|网站卫士|wangzhan\.360\.cn", re.I)),
    ("安全宝", re.compile(r"anquanbao|安全宝", re.I)),
    ("阿里云盾", re.compile(r"errors\.aliyun\.com|阿里云(?:盾|WAF|应用防火墙)|aliyun_waf", re.I)),
    ("腾讯云WAF", re.compile(r"腾讯云(?:网站管家|WAF|Web应用防火墙)|waf\.tencent", re.I)),
    ("宝塔防火墙", re.compile(r"宝塔(?:网站)?防火墙|btwaf", re.I)),
    ("D盾", re.compile(r"D盾_?拦截|D_Safe", re.I)),
    ("护卫神", re.compile(r"护卫神", re.I)),
    ("Cloudflare", re.compile(r"cf-browser-verification|challenge-platform|Attention Required! \| Cloudflare")),
)

_BLOCK_WORDS = re.compile(
    r"访问(?:被|已被|请求被|已经被)(?:拦截|阻断|阻止|禁止|限制)|请求(?:已)?被(?:拦截|阻断)|拦截(?:了您的|本次)?(?:访问|请求)"
    r"|网站防火墙|应用防火墙|Web应用防护|疑似(?:黑客)?攻击|非法(?:请求|访问|参数)|危险(?:的)?(?:攻击)?请求|不合法参数"
    r"|安全威胁|被网站管理员设置(?:为)?拦截|触发了?(?:网站)?(?:安全|防护)(?:策略|规则)"
    r"|access (?:denied|blocked)|request (?:blocked|rejected)|web application firewall", re.I)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
_STRIP = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"(?:\s|&nbsp;|&#160;)+")
_LINK = re.compile(r"<a\b[^>]*\bhref\s*=", re.I)
_SETS_COOKIE = re.compile(r"document\s*\[?\s*['\"]?cookie|\bcookie\s*=", re.I)
_RELOADS = re.compile(r"location\s*(?:\.\s*(?:reload|replace|assign|href)|\s*=)|\.submit\s*\(|setTimeout\s*\(", re.I)
_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=", re.I)


def _headers(headers: Headers | None) -> dict[str, str]:
    """Header names lower-cased, values as text (several values joined by newlines)."""
    if not headers:
        return {}
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: dict[str, str] = {}
    for name, value in items:
        key = (name.decode("latin-1") if isinstance(name, bytes) else str(name)).lower()
        values = value if isinstance(value, list | tuple) else [value]
        text = "\n".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
        out[key] = out[key] + "\n" + text if key in out else text
    return out


def _text(body: bytes | str) -> str:
    if isinstance(body, str):
        return body
    head = body[:MAX_BLOCK_PAGE]
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError:
        return head.decode("gb18030", errors="replace")


def vendor(text: str, headers: dict[str, str]) -> str | None:
    """The WAF / anti-bot product that marked this answer, if one did."""
    for product, name, pattern in _HEADER_MARKS:
        value = headers.get(name)
        if value is not None and (pattern is None or pattern.search(value)):
            return product
    for product, pattern in _BODY_MARKS:
        if pattern.search(text):
            return product
    return None


def visible_text(html: str) -> str:
    """The text a reader would see: scripts, styles, comments and tags removed, spaces collapsed."""
    return _SPACE.sub(" ", _TAG.sub(" ", _STRIP.sub(" ", html))).strip()


def is_challenge(html: str, status: int) -> bool:
    """A JavaScript cookie challenge: little to read, no links, script that sets a cookie and reloads (or,
    under a challenge status, nothing but script)."""
    scripts = _SCRIPT.findall(html)
    if not scripts and not _EXTERNAL_SCRIPT.search(html):
        return False
    if len(_LINK.findall(html)) > 1 or len(visible_text(html)) > MAX_VISIBLE:
        return False
    code = "\n".join(scripts)
    if _SETS_COOKIE.search(code) and _RELOADS.search(code):
        return True
    return status in CHALLENGE_STATUSES and len(code) + len(_EXTERNAL_SCRIPT.findall(html)) > 0


def detect_block(body: bytes | str, status: int | None,
                 headers: Headers | None = None) -> str | None:
    """None for an ordinary answer; else a short Chinese reason, product named when recognisable."""
    status = status or 0
    flagged = status in BLOCK_STATUSES or status in CHALLENGE_STATUSES or status >= 460
    if not flagged and len(body) > MAX_PLAIN_BLOCK:  # a big ordinary answer: a real page (cheap exit)
        return None
    if len(body) > MAX_BLOCK_PAGE:
        return None
    text = _text(body)
    links = len(_LINK.findall(text))
    if not flagged and links > 5:  # a page with navigation is a page
        return None
    heads = _headers(headers)
    product = vendor(text, heads)
    shown = f"（HTTP {status}）" if status else ""
    if text and links <= 1 and is_challenge(text, status):
        return f"{product + ' ' if product else ''}JavaScript 验证页{shown}"
    seen = visible_text(text) if text else ""
    words = _BLOCK_WORDS.search(seen[:4000])
    if words and (flagged or len(seen) < 1500):
        return f"{product or '网站防火墙'}拦截页{shown}"
    if product and status in (403, 405, 406, 412, 418, 468, 493, 521) and len(text) < MAX_PLAIN_BLOCK:
        return f"{product}拦截页{shown}"
    return None
