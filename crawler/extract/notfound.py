"""Soft 404s (软 404): pages that answer 200 but say the page does not exist.

Many portals answer a removed page with HTTP 200 and an error page of their template ("您访问的页面不存在",
"404", "找不到该页面"), or redirect it to ``/404.html``. A link check that trusts the status calls such a
link fine. The signs read here are generic, not one site's wording:

- the ``<title>``, the page's headings (``h1``–``h3``) or an element named for the error (``id``/``class``
  with ``404``, ``notfound``, ``error``) say "not found", and little else: one of their parts (split at
  ``-|_—·:：，,!！``) is only the phrase and a few words (抱歉, 错误 …), so the title of a notice *about* missing
  pages ("关于网站页面不存在问题的通报") is no sign;
- or the page's visible text is short (an error page, not an article) and says it;
- or a redirect ended on an error address (``/404.html``, ``notfound.jsp``, ``error.html?code=404``).

An article that merely mentions 404 or 不存在 in its body is not one: the body of a long page is not read,
and the phrases need the page/file/resource they refer to ("页面不存在", not "不存在").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.extract.encoding import decode_html
from crawler.extract.html import collapse_ws, parse_html, text_of

# "404" alone, not a number inside a longer one or a count of something (404名, 404号)
_CODE = r"(?<![\d.])404(?![\d.]|\s*[号名个项件人户元万亿次条])"
_THING = r"(?:页面|网页|网站页面|文件|资源|信息|内容|文章|链接|栏目)"
_SAYS = re.compile("|".join([
    _CODE,
    r"not\s*found|page\s+(?:does\s+not|doesn't)\s+exist",
    rf"{_THING}(?:已被?(?:删除|移除|撤销|撤下)|不存在|已失效|已过期|未找到|找不到|无法(?:找到|访问|显示))",
    rf"(?:找不到|未找到|无法找到|没有找到)(?:您|你)?(?:要|所)?(?:访问|查找|请求|浏览)?的?{_THING}",
    rf"(?:您|你)(?:要|所)?(?:访问|查找|请求|浏览)的{_THING}?(?:不存在|已被?删除|已失效|找不到)",
]), re.I)
_ERROR_NAME = re.compile(r"404|not-?found|error", re.I)
_ERROR_URL = re.compile(r"(?<!\d)404(?!\d)|notfound|not_found|not-found|/error(?:page)?[./_-]|errorpage", re.I)
SHORT_TEXT = 600  # visible characters: at most this much is an error page's, not an article's, text
_PARTS = re.compile(r"\s[-_|—–·]+\s|[|｜_—–·:：，,!！。；;]|\s-|-\s")
_LEFT_OVER = 8  # characters a part may have beside the phrase ("对不起，", "Error", "提示")
_PLACES = ".//title | .//h1 | .//h2 | .//h3"


def _claim(text: str) -> str | None:
    """The not-found phrase of a title or heading that says little else, or None."""
    for part in _PARTS.split(collapse_ws(text)):
        found = _SAYS.search(part)
        if found and len(re.sub(r"\W", "", _SAYS.sub("", part))) <= _LEFT_OVER:
            return found.group(0)
    return None


def not_found_sign(body: bytes | str, url: str = "", redirected: bool = False,
                   charset: str | None = None) -> str | None:
    """What says the page is a 404 although it answered 200 (a short Chinese phrase for the finding), or None.

    ``body`` is the (possibly truncated) page, ``charset`` the one its headers declare; ``url`` the final
    address, ``redirected`` whether a redirect led there."""
    if redirected and url and _ERROR_URL.search(urlsplit(url).path + "?" + urlsplit(url).query):
        return f"跳转到错误页 {urlsplit(url).path}"
    text = decode_html(body, charset)[0] if isinstance(body, bytes) else body
    if not text.strip():
        return None
    try:
        root = parse_html(text)
    except Exception:  # noqa: BLE001 - an unreadable body says nothing either way
        return None
    for el in root.xpath(_PLACES):
        found = _claim(text_of(el))
        if found:
            return f"{'标题' if el.tag == 'title' else '页面'}显示“{found}”"
    for el in root.xpath(".//*[@id or @class]"):
        names = f"{el.get('id') or ''} {el.get('class') or ''}"
        if el.tag not in ("html", "body") and _ERROR_NAME.search(names):
            text_el = collapse_ws(text_of(el))
            said = _SAYS.search(text_el) if len(text_el) <= SHORT_TEXT else None
            if said:
                return f"页面显示“{said.group(0)}”"
    body_el = root.find(".//body")
    visible = collapse_ws(text_of(body_el if body_el is not None else root, skip_hidden=True))
    if len(visible) <= SHORT_TEXT:
        said = _SAYS.search(visible)
        if said:
            return f"页面显示“{said.group(0)}”"
    return None
