"""Site facts of 《政府网站发展指引》 (国办发〔2017〕47号): a site search, a government domain."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from urllib.parse import urlsplit

from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR_SEARCH = "《政府网站发展指引》（国办发〔2017〕47号）搜索功能；《政府信息公开条例》第二十四条"
INDICATOR_DOMAIN = "《政府网站发展指引》（国办发〔2017〕47号）域名规范"


@rule(
    "search-missing",
    title="网站无站内搜索",
    indicator=INDICATOR_SEARCH,
    severity="deduct",
    params={},
    doc="""
检查内容：首页是否有站内搜索（带文字输入框的表单，或名为“搜索”“检索”“全文检索”的链接）。只判断搜索入口是否存在，
不判断搜索结果是否可用。首页未能读取时不判断。
依据：《政府网站发展指引》（国办发〔2017〕47号）要求网站提供站内搜索；《政府信息公开条例》第二十四条要求政府信息公开
平台具备信息检索、查阅、下载等功能（C）。分值为假定值（M）。
不合格示例：首页没有搜索框，也没有“搜索”链接。
合格示例：页头有 `<form action="/search"><input name="q"></form>`。
""",
)
def check_search(ctx: Context) -> Iterator[Finding]:
    if ctx.site.facts is None or ctx.site.facts.get("search", True):
        return
    yield ctx.finding("网站首页未发现站内搜索（搜索框或搜索入口）", url=ctx.site.url)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost"
    return True


@rule(
    "domain-not-gov",
    title="网站域名不是政府域名",
    indicator=INDICATOR_DOMAIN,
    severity="deduct",
    params={"suffixes": [".gov.cn", ".政务", ".xn--zfr164b"]},
    doc="""
检查内容：网站地址（有跳转时取跳转后的地址）的域名是否以 `suffixes`（默认 .gov.cn、.政务）结尾。以 IP 地址或 localhost
访问的站点（测试、内网）不判断。
依据：《政府网站发展指引》（国办发〔2017〕47号）：政府网站应使用以 .gov.cn 为后缀的英文域名和符合要求的中文域名
（.政务）（C）。分值为假定值（M）。
不合格示例：网站地址为 http://www.qhjtj.com/。
合格示例：网站地址为 http://jtj.qinghe.gov.cn/。
""",
)
def check_domain(ctx: Context) -> Iterator[Finding]:
    host = _host(ctx.site.final_url or ctx.site.url)
    if not host or _is_address(host):
        return
    suffixes = [s.lower() for s in ctx.params()["suffixes"]]
    if any(host == s.lstrip(".") or host.endswith(s) for s in suffixes):
        return
    yield ctx.finding(f"网站域名 {host} 不是政府网站域名（应以 .gov.cn 或 .政务 结尾）", url=ctx.site.url, host=host)
