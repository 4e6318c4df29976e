"""The ``sites.toml`` text for running demo portals, with Chinese comments for the user."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from patrol.demo.render_common import REAL_LINK_HOSTS
from patrol.demo.spec import SiteSpec


@dataclass(frozen=True)
class ServedSite:
    key: str
    name: str
    unit: str
    unit_email: str
    kind: str
    url: str  # home page, with a trailing slash
    spec: SiteSpec | None  # None for the unreachable and the blocked site

KIND_NAMES = {"government": "本级人民政府", "department": "政府部门"}

HEADER = """\
# 政务公开巡查（Patrol）演示配置
# 由 patrol demo 自动生成：以下网站均为虚构的“清河市”单位，运行在本机 127.0.0.1，仅供演示和测试。
# 正式使用时，请照此格式填写本地区的责任单位和网站。

# 巡查结果数据库（SQLite 文件）
database = {database}

# 抓取设置：concurrency_per_host 每个主机同时发出的请求数；delay 两次请求的间隔（秒）；
# timeout 单次请求超时（秒）；retries 失败后重试次数；
# concurrency_per_ip 同一 IP（集约化平台上的多个网站）同时发出的请求数
# check_links 检查首页、列表页和内容页上的每个链接（链接可用性）；link_skip_hosts 中的主机（含子域名）从不访问：
# 演示网站页脚链接的是真实的全国性网站（ICP 备案、公安备案、党政机关标识），演示时不应访问互联网
[crawl]
concurrency_per_host = 4
concurrency_per_ip = 8
delay = 0.0
timeout = 10.0
retries = 1
check_links = true
{skip_hosts}

# 通报设置：office_name 为通报落款的公开办名称
[notify]
office_name = "清河市人民政府办公室（政务公开办）"

# ── 责任单位 ─────────────────────────────────────────────
# 每个 [[units]] 是一个责任单位：name 单位名称，email 接收整改通报的邮箱
"""

SITES_HEADER = """
# ── 受检网站 ─────────────────────────────────────────────
# 每个 [[sites]] 是一个受检网站：name 网站名称，url 首页地址，unit 责任单位（须与上面的单位名称一致），
# kind 网站主体类型（government 本级人民政府，年报 3 月 31 日前发布；department 政府部门，1 月 31 日前发布）。
# catalog 仅在首页没有链接到“政府信息公开”目录时填写，给出目录页地址。
"""


def _s(value: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def skip_hosts_line() -> str:
    """The ``link_skip_hosts`` line of ``[crawl]`` for configs of demo sites (their footers' real hosts)."""
    return f"link_skip_hosts = [{', '.join(_s(h) for h in REAL_LINK_HOSTS)}]"


def _unit(site: ServedSite) -> str:
    return f"\n[[units]]\nname = {_s(site.unit)}\nemail = {_s(site.unit_email)}\n"


def _site(site: ServedSite, catalog: str | None, note: str) -> str:
    lines = [f"\n# {note}", "[[sites]]", f"name = {_s(site.name)}", f"url = {_s(site.url)}",
             f"unit = {_s(site.unit)}", f"kind = {_s(site.kind)}"]
    if catalog:
        lines.append(f"catalog = {_s(catalog)}")
    return "\n".join(lines) + "\n"


def _note(site: ServedSite, blocked_key: str) -> str:
    if site.spec is None and site.key == blocked_key:
        return (f"{site.name}（{KIND_NAMES[site.kind]}）：网站启用了反爬虫防护，所有页面都返回 HTTP 412 的"
                "JavaScript 验证页，用来演示“巡查被拦截”")
    if site.spec is None:
        return f"{site.name}（{KIND_NAMES[site.kind]}）：该端口上没有服务在运行，用来演示“网站无法访问”"
    style = {"trs": "TRS WCM 风格", "hanweb": "大汉 JCMS 风格", "table": "表格式 ASP 网站（GBK 编码）",
             "plain": "简易列表式网站", "gateway": "TRS WCM 风格，首页只有图片和脚本入口通向信息公开"}[site.spec.style]
    return f"{site.name}（{KIND_NAMES[site.kind]}）：{style}"


def render_config(served: list[ServedSite], blocked_key: str, catalog_of: Callable[[ServedSite], str],
                  database: str) -> str:
    """A complete ``sites.toml`` for ``core.config.load_config``: the served sites (the unreachable and the
    blocked one included); ``catalog_of`` gives the catalog URL of a site whose home page does not link it."""
    parts = [HEADER.format(database=_s(database), skip_hosts=skip_hosts_line())]
    parts += [_unit(site) for site in served]
    parts.append(SITES_HEADER)
    for site in served:
        catalog = catalog_of(site) if site.spec is not None and not site.spec.catalog_linked else None
        parts.append(_site(site, catalog, _note(site, blocked_key)))
    return "".join(parts)
