"""Catalog rules (catalog-*): the 信息公开目录 itself; a site whose catalog was not found is not judged on
columns nobody saw."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

HOW_NAMES = {"text": "链接", "image": "图片链接", "path": "地址含信息公开字样的链接", "config": "配置的目录地址",
             "stub": "跳转页", "deeper": "目录链接"}
SHOWN = 4


def catalog_missing(ctx: Context) -> bool:
    """The crawl's search for the catalog found none; or, where no search was recorded (it never
    finished), no column of the site was seen at all. Configured columns need no catalog."""
    found = ctx.site.catalog
    if found is not None and found.get("source") != "columns":
        return not found.get("url")
    return not any(c.url for c in ctx.site.columns)


def _step_text(t: dict[str, Any]) -> str:
    how = HOW_NAMES.get(t.get("how") or "", "链接")
    named = "" if t.get("how") == "config" else f"“{t.get('link')}”"
    return f"{how}{named}→ {t.get('url')}（{t.get('result')}）"


def _tried_text(tried: list[dict[str, Any]]) -> str:
    if not tried:
        return ("首页上没有指向“政府信息公开”“信息公开”或“政务公开”的链接"
                "（文字、图片说明、图片文件名和链接地址均未发现）")
    shown = "；".join(_step_text(t) for t in tried[:SHOWN])
    more = f"等共{len(tried)}个页面" if len(tried) > SHOWN else ""
    return f"已尝试：{shown}{more}；均未读到信息公开目录的栏目"


@rule(
    "catalog-not-found",
    title="未找到政府信息公开目录",
    indicator="国办公开办函〔2019〕61号 政府信息公开平台",
    severity="deduct",
    params={},
    doc="""
检查内容：从首页出发找不到政府信息公开目录。巡查依次尝试首页上指向信息公开的入口：文字为“政府信息公开”“信息公开”
“政务公开”或“信息公开目录”的链接，只有图片的链接（看图片的说明文字、文件名和链接地址中的 xxgk、zwgk、gkml 等），
脚本写出的菜单；跟随跳转页（meta refresh、location 脚本）和信息公开页上“政府信息公开目录”“法定主动公开内容”的链接，
最多3跳、不离开本站。都读不到栏目列表时报告本条，证据列出尝试过的页面和链接。配置了 `catalog`（或 `patrol check
--catalog`）时，该地址读不到栏目也报告本条。本条出现时不再报告“必备栏目缺失”，且网站不判为合格：没有看到的栏目无从评判。
依据：国办公开办函〔2019〕61号 要求在政府网站设置政府信息公开平台并规范其栏目（C）；找不到目录时以本条扣分并判为不合格是
本工具的约定（M）。
不合格示例：首页只有“领导之窗”和新闻列表，没有任何指向信息公开的链接或图片入口。
合格示例：首页的图片入口指向 /xxgk/，该页左侧列出“政府信息公开指南”“法定主动公开内容”等栏目。
""",
)
def check_catalog_not_found(ctx: Context) -> Iterator[Finding]:
    if not catalog_missing(ctx):
        return
    found = ctx.site.catalog or {}
    tried = list(found.get("tried") or [])
    message = f"未找到政府信息公开目录：{_tried_text(tried)}"
    yield ctx.finding(message, url=found.get("home") or ctx.site.url, source=found.get("source"), tried=tried)
