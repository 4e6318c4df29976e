"""办事服务 (国办秘函〔2019〕19号 单项否决 服务不实用): an entry to the services exists."""

from __future__ import annotations

from collections.abc import Iterator

from core.interaction_terms import is_service_entry
from rules.annual import site_kind
from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR = "国办秘函〔2019〕19号 单项否决指标 服务不实用（暂定）"


@rule(
    "service-missing",
    title="无办事服务入口（暂定）",
    indicator=INDICATOR,
    severity="veto",
    params={"kinds": ["government"]},
    doc="""
检查内容：首页链接和栏目中是否有办事服务入口（办事服务、政务服务、网上办事、办事大厅、一网通办、办事指南等，词表见
core/interaction_terms.py）。这是暂定的单项否决：19号文件“服务不实用”的条文只见于间接来源（P），请人工复核后采用。
默认只检查本级人民政府网站（`kinds`）：按19号文件，没有面向公众办事服务的部门不计办事服务部分；有办事服务的部门
可在该站点的规则参数中设 `kinds = ["government", "department"]`。站点类型取配置，否则按名称推断。首页未能读取时不判断。
依据：国办秘函〔2019〕19号 单项否决指标“服务不实用”：未提供办事服务（P，暂定）；办事服务部分的计分见全国政府网站
普查评分表（国办发〔2015〕15号 附件2）。
不合格示例：区政府门户网站首页没有“政务服务”“办事服务”或政务服务网的链接。
合格示例：首页导航有“政务服务”，链接到省政务服务网的本地分厅。
""",
)
def check_missing(ctx: Context) -> Iterator[Finding]:
    facts = ctx.site.facts
    if facts is None or site_kind(ctx) not in ctx.params()["kinds"]:
        return
    if facts.get("services") or any(is_service_entry(c.name) for c in ctx.site.columns):
        return
    message = "网站首页和栏目中未发现办事服务入口（办事服务、政务服务、网上办事等）（暂定的单项否决，请人工复核）"
    yield ctx.finding(message, url=ctx.site.url, provisional=True)
