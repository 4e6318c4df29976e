"""The block-page recogniser (crawler.extract.blocked) on imitations of common WAF / anti-bot answers, and
on ordinary pages that must never look blocked (every demo style, error pages, stubs, real pages)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from helpers import AS_OF, SHARED

from crawler.extract.blocked import detect_block
from patrol.demo.handler import challenge_page
from patrol.demo.server import DemoPortals

RUISHU_412 = (
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    "<meta id=\"Zq1xXc\" content=\"3gX0qL9.aPz_w7kD1bQYm8uJt2cVr5nHs4eFg6oKi\" r='m'>"
    "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=71844;"
    '$_ts.cd="rGEsrrAlqGqqqqL9kGr0WrqGqAqqqaLcqcAqqq";</script>'
    "<script type=\"text/javascript\" charset=\"utf-8\" src=\"/Lq8pV2xYz/a.7Kf3.js\" r='m'></script>"
    "</head><body></body></html>")
SAFEDOG_403 = (
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>网站防火墙</title>"
    "</head><body><div class=\"box\"><h3>您的请求带有不合法参数，已被网站管理员设置拦截！</h3>"
    "<p>可能原因：您提交的内容包含危险的攻击请求</p><p>如何解决：1）检查提交内容；2）如网站托管，请联系空间提供商；"
    "3）普通网站访客，请联系网站管理员</p></div></body></html>")
YUNSUO_CHALLENGE = (
    "<html><head><meta charset=\"utf-8\"></head><body><script>function stringToHex(s){var v='';"
    "for(var i=0;i<s.length;i++){v+=s.charCodeAt(i).toString(16);}return v;}"
    "var srcurl=stringToHex(window.location.href);var screendate=screen.width+','+screen.height;"
    "document.cookie='srcurl='+srcurl+';path=/;';"
    "window.location.href='/?security_verify_data='+stringToHex(screendate);</script></body></html>")
JIASULE_521 = (
    "<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')"
    "+('a')+('n')+('c')+('e')+('=')+(+!+[]+'')+('6')+'1796.9|0|'+'t6qL'+';max-age=3600;path=/';"
    "location.href=location.pathname+location.search</script></body></html>")
ALIYUN_405 = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>405</title></head><body>"
    "<div class=\"err\"><h2>很抱歉，由于您访问的URL有可能对网站造成安全威胁，您的访问被阻断。</h2>"
    "<p>您的请求ID是：<span>0bc1f2a617001234567890123e</span></p>"
    "<a href=\"https://errors.aliyun.com/\">报告误报</a></div></body></html>")
WAF360_493 = (
    "<html><head><title>访问受限</title></head><body><h1>当前访问疑似黑客攻击，已被网站管理员设置为拦截</h1>"
    "<p>如果您是网站管理员，请登录网站卫士后台查看拦截日志。</p></body></html>")
TENCENT_200 = (
    "<html><head><meta charset=\"utf-8\"><title>501 Not Implemented</title></head><body>"
    "<p>抱歉，您的请求已被拦截，如有疑问请联系网站管理员。</p><p>Web应用防火墙（腾讯云WAF）</p></body></html>")


@pytest.mark.parametrize(("body", "status", "headers", "product"), [
    (RUISHU_412, 412, {"Set-Cookie": "Aw1pNz3oPqR80S=qwe; Path=/"}, "瑞数动态防护"),
    (SAFEDOG_403.encode("gbk"), 403, {"Server": "Safedog"}, "安全狗"),
    (SAFEDOG_403.encode("gbk"), 403, {}, "网站防火墙"),  # no vendor mark: the generic name
    (YUNSUO_CHALLENGE, 200, {"Set-Cookie": "yunsuo_session_verify=5f3c; path=/"}, "云锁"),
    (JIASULE_521, 521, {"Set-Cookie": "__jsluid_h=a1b2c3; path=/"}, "创宇盾"),
    (ALIYUN_405, 405, {"Server": "Tengine"}, "阿里云盾"),
    (WAF360_493, 493, {"X-Powered-By-360WZB": "wangzhan.360.cn"}, "360网站卫士"),
    (TENCENT_200, 200, {}, "腾讯云WAF"),
    ("<html><body>Request blocked.</body></html>", 403, {"X-Powered-By-Anquanbao": "MISS from pn-xx"}, "安全宝"),
])
def test_block_pages_are_recognised_and_named(body, status, headers, product) -> None:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    reason = detect_block(raw, status, headers)
    assert reason is not None and reason.startswith(product), reason
    assert f"HTTP {status}" in reason


def test_challenge_without_any_vendor_mark_is_still_a_challenge() -> None:
    page = ("<html><head><script>var t=(new Date()).getTime();document.cookie='wzws_cid='+t.toString(16)+"
            "';path=/';window.location.reload();</script></head><body></body></html>")
    assert detect_block(page.encode(), 200, {}) == "JavaScript 验证页（HTTP 200）"


def test_demo_challenge_page_and_headers_from_scrapy_shape() -> None:
    page = challenge_page("/xxgk/")
    headers = [(b"Set-Cookie", [v.encode() for v in page.headers.values()]), (b"Server", [b"nginx"])]
    assert detect_block(page.body, page.status, headers) == "瑞数动态防护 JavaScript 验证页（HTTP 412）"


@pytest.mark.parametrize(("body", "status", "headers"), [
    ("<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center>"
     "<hr><center>nginx</center></body></html>", 403, {"Server": "nginx"}),
    ("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", 503, {}),
    ("<html><head><script>window.location.href='/xxgk/index.html';</script></head><body></body></html>", 200, {}),
    ('<html><head><meta http-equiv="refresh" content="0;url=/index.html"></head><body></body></html>', 200, {}),
    ("", 412, {}),  # a bare 412 (a failed precondition) says nothing about a WAF
    ("<html><body><a href='/'>首页</a><p>正常页面</p></body></html>", 200,
     {"Set-Cookie": "__jsluid_h=a1b2c3; path=/"}),  # 加速乐 sets its cookie on every page it serves
    ('<div id="app"></div><script src="/static/js/app.3f2a.js"></script>', 200, {}),  # a script-built page
])
def test_ordinary_answers_are_not_blocks(body, status, headers) -> None:
    assert detect_block(body.encode("utf-8"), status, headers) is None


def test_an_article_about_firewalls_is_not_a_block_page() -> None:
    nav = "".join(f'<li><a href="/col{i}/">栏目{i}</a></li>' for i in range(12))
    text = "市网信办部署网站防火墙升级工作，防范疑似黑客攻击和非法请求，确保访问被拦截的情况及时处置。" * 8
    page = f"<html><body><ul>{nav}</ul><h1>关于加强网站安全防护的通知</h1><p>{text}</p></body></html>"
    assert detect_block(page.encode("utf-8"), 200, {}) is None


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_no_demo_page_of_any_style_looks_blocked() -> None:
    with DemoPortals(AS_OF) as portals:
        checked = 0
        for key, truth in portals.expected().items():
            urls = [truth["url"], truth["catalog"], portals.url(key, "/no-such-page.html")]
            for col in truth["columns"].values():
                urls += [u for u in (col["url"], *col["broken_links"][:1]) if u]
            for url in urls:
                status, headers, body = _get(url)
                assert detect_block(body, status, headers) is None, url
                checked += 1
    assert checked > 40


@pytest.mark.skipif(not (SHARED / "realpages").is_dir(), reason="../shared/realpages not present")
def test_no_real_portal_page_looks_blocked() -> None:
    pages = [p for p in (SHARED / "realpages").rglob("*") if p.suffix.lower() in (".html", ".htm", ".shtml")]
    pages += [p for p in (SHARED / "realsites").rglob("*")
              if p.is_file() and p.suffix.lower() in (".html", ".htm", ".shtml")][:400]
    assert pages
    flagged = [str(p) for p in pages if detect_block(p.read_bytes(), 200, {})]
    assert flagged == []
