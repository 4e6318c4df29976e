"""法定主动公开内容 (《政府信息公开条例》第二十条、第二十一条): the content items a catalog carries.

Each item is matched on column names by the words of ``rules/content_items.toml`` (data); which items a site
must carry depends on its kind (government or department) and, for 第二十一条, its level (city or county).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from rules.annual import site_kind
from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR = "《政府信息公开条例》第二十条、第二十一条 法定主动公开内容；国办公开办函〔2019〕61号"
ARTICLE_20 = ["规范性文件", "机构职能", "规划计划", "统计信息", "行政许可", "行政处罚与行政强制", "财政预决算",
              "行政事业性收费", "政府集中采购", "重大建设项目", "民生领域", "突发公共事件", "监督检查", "公务员招考"]
ARTICLE_21 = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]
# a city (设区的市) or county-level government: 市/县/区/旗 人民政府, not a province's, not a town's
_CITY_COUNTY = re.compile(r"(?<![省区])(市|县|区|旗)人民政府(?!办公)")
_NOT_CITY_COUNTY = re.compile(r"(省|自治区)人民政府$|(镇|乡|街道)人民政府")


@cache
def item_words() -> dict[str, dict[str, Any]]:
    """Item name → {article, words}, read from ``rules/content_items.toml``."""
    text = resources.files("rules").joinpath("content_items.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)["items"])


def city_or_county(*names: str | None) -> bool:
    """Whether a government's name is a city's (设区的市) or a county's (县、县级市、区、旗)."""
    for name in names:
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
        if text and not _NOT_CITY_COUNTY.search(text) and _CITY_COUNTY.search(text):
            return True
    return False


def required_items(ctx: Context) -> list[str]:
    """The items this site must carry: by kind, plus 第二十一条 for a city or county government."""
    p = ctx.params()
    kind = site_kind(ctx)
    items = list(p[kind]) if kind in ("government", "department") else []
    if kind == "government" and city_or_county(ctx.site.title, ctx.site.name, ctx.site.unit):
        items += [i for i in p["city_county"] if i not in items]
    return items


def _carried(item: str, names: list[str]) -> bool:
    words = item_words().get(item, {}).get("words") or [item]
    return any(w in n for n in names for w in words)


def _judged(ctx: Context) -> bool:
    """A catalog was found (or columns configured), and every column could be read."""
    catalog = ctx.site.catalog or {}
    found = bool(catalog.get("url")) or catalog.get("source") in ("columns", "config")
    return found and bool(ctx.site.columns) and not any(v.blocked for v in ctx.views)


@rule(
    "content-item-missing",
    title="法定主动公开内容缺项",
    indicator=INDICATOR,
    severity="deduct",
    params={"government": ARTICLE_20, "department": ["规范性文件", "机构职能", "规划计划", "财政预决算"],
            "city_county": ARTICLE_21},
    doc="""
检查内容：政府信息公开目录的栏目名称中是否有《政府信息公开条例》第二十条（及第二十一条）规定的各项主动公开内容。每项
按栏目名称中的同义词匹配（词表见 rules/content_items.toml，如“财政预决算”认预算、决算、三公经费）。应有的项目按站点
类型取参数：本级人民政府 `government`（第二十条各项），政府部门 `department`（默认只查普遍适用的规范性文件、机构职能、
规划计划、财政预决算，其余按部门职能在站点规则参数中增加），设区的市级、县级人民政府另加 `city_county`（第二十一条：
市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助）。未找到目录、或有栏目被网站拦截时不判断。
依据：《中华人民共和国政府信息公开条例》第二十条、第二十一条（C）；国办公开办函〔2019〕61号：法定主动公开内容按
条例第二十条设置（C）。同义词表和部门适用项为假定（M），分值为假定值（M）。
不合格示例：县人民政府的目录中没有“统计信息”“重大建设项目”“社会救助”等栏目。
合格示例：目录的“法定主动公开内容”下有规范性文件、机构职能、规划计划、财政预决算等栏目。
""",
)
def check_items(ctx: Context) -> Iterator[Finding]:
    if not _judged(ctx):
        return
    names = [unicodedata.normalize("NFKC", c.name) for c in ctx.site.columns]
    absent = [i for i in required_items(ctx) if not _carried(i, names)]
    if not absent:
        return
    items = [{"item": i, "article": item_words().get(i, {}).get("article"),
              "words": item_words().get(i, {}).get("words", [i])} for i in absent]
    message = f"政府信息公开目录中未发现{len(absent)}项法定主动公开内容：{'、'.join(absent)}（《政府信息公开条例》" \
              "第二十条、第二十一条）"
    yield ctx.finding(message, url=(ctx.site.catalog or {}).get("url"), items=items, kind=site_kind(ctx),
                      more=len(absent) - 1)
