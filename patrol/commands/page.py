"""`patrol page URL...`: what the crawl reads from a page, through the same reader, with the same limits."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import click

from core.dates import local_today
from patrol.cli_support import as_of_option, config_option, load_checked_config


@click.command()
@click.argument("urls", nargs=-1, required=True)
@as_of_option()
@config_option(default=None, help="站点配置文件 (TOML)，与 --site 一起使用")
@click.option("--site", "site_name", default=None, help="按该站点的覆盖规则（overrides）读取页面")
@click.option("--json", "as_json", is_flag=True, help="每个网址输出一行 JSON")
def page(urls: tuple[str, ...], as_of: date | None, config_path: str | None, site_name: str | None,
         as_json: bool) -> None:
    """显示巡查在页面上读到的内容（与巡查抓取时完全相同），以及发布日期的各项依据。

    编写站点覆盖规则时使用：--config sites.toml --site 站点名 会应用该站点的覆盖规则。
    全部网址正常读取时退出码 0；有网址无法连接、超时、HTTP 错误或被防火墙拦截时退出码 1。

    示例：patrol page http://www.example.gov.cn/xxgk/tzgg/ --json
    """
    from core.text import scrub
    from crawler.extract.reader import read_page
    from patrol.fetch import fetch
    from patrol.output import render_page

    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.UsageError(f"网址无效：{url!r}")
    overrides = _site_overrides(config_path, site_name)
    unread = 0
    for url in urls:
        got = fetch(url)
        reading = read_page(got.body, got.url, headers=got.headers, status=got.status,
                            as_of=as_of or local_today(), overrides=overrides, redirects=got.redirects)
        result = scrub(reading.as_json())  # no control, C1 or bidi override characters reach the terminal
        if got.error:
            result["error"] = got.error
        if got.cut:
            result["cut"] = got.cut
        click.echo(json.dumps(result, ensure_ascii=False) if as_json else render_page(result))
        unread += bool(got.error or not got.status or got.status >= 400 or result.get("blocked"))
    if unread:  # a page not read (refused, timed out, HTTP error, a WAF's block page) is no reading: exit 1
        click.echo(f"{unread} 个网址未能正常读取（见上方的错误、被拦截或状态码）。", err=True)
        sys.exit(1)


def _site_overrides(config_path: str | None, site_name: str | None) -> Any:
    """The overrides of the named site, or None; --site needs a config and a site that is in it."""
    if site_name is None:
        if config_path is not None:
            raise click.UsageError("--config 需与 --site 一起使用，以指定应用哪个站点的覆盖规则")
        return None
    config = load_checked_config(config_path or "sites.toml")
    site = next((s for s in config.sites if s.name == site_name), None)
    if site is None:
        names = "、".join(s.name for s in config.sites) or "（无）"
        raise click.UsageError(f"配置 {config_path or 'sites.toml'} 中没有名为“{site_name}”的站点；已有站点：{names}")
    return site.overrides
