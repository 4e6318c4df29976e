"""办事服务 (国办秘函〔2019〕19号 单项否决 服务不实用): an entry to the services exists."""

from __future__ import annotations

from collections.abc import Iterator

from core.interaction_terms import GUIDE_ELEMENTS, is_service_entry
from rules.annual import site_kind
from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR = "国办秘函〔2019〕19号 单项否决指标 服务不实用（暂定）"
INDICATOR_GUIDES = ("国办秘函〔2019〕19号 服务不实用：办事指南要素缺失（暂定）；全国政府网站普查评分表"
                    "（国办发〔2015〕15号 附件2）办事指南要素")


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


@rule(
    "service-guide-incomplete",
    title="办事指南要素缺失（暂定）",
    indicator=INDICATOR_GUIDES,
    severity="deduct",
    params={"sample": 5, "elements": list(GUIDE_ELEMENTS)},
    doc="""
检查内容：从首页的办事服务入口进入，读取其列出的办事指南（最多 `sample` 份，默认5份，在站点或全局的规则参数中设置；
入口本身就是一份指南时只读这一份），逐份检查关键要素 `elements`：事项名称、设定依据、申请条件、办理材料、办理地点、
办理时间、联系电话、办理流程。要素以标签识别（标题、表头或表格单元、定义列表、加粗文字、“标签：”开头的文字；同义标签
见 core/interaction_terms.py，如“申请材料”“受理地点”“咨询电话”）。列出每份指南缺少的要素；扣分按缺少的要素类别计，
每类在各份指南中只计一次。打不开的指南不计入。暂定规则：标签识别是启发式的，请人工复核。
依据：全国政府网站普查评分表（国办发〔2015〕15号 附件2）办事指南要素：每缺一类扣2分，最多16分（C，2015）；
国办秘函〔2019〕19号 单项否决指标“服务不实用”中的办事指南要素缺失（P，暂定，按扣分处理）。
不合格示例：“食品经营许可办事指南”没有“设定依据”和“办理时间”。
合格示例：每份指南的表格都有事项名称、设定依据、申请条件、办理材料、办理地点、办理时间、联系电话、办理流程。
""",
)
def check_guides(ctx: Context) -> Iterator[Finding]:
    read = (ctx.site.facts or {}).get("service_guides") or {}
    wanted = ctx.params()["elements"]
    lacking = []
    for guide in read.get("guides") or []:
        if "found" not in guide:  # not opened: no verdict on it
            continue
        missing = [e for e in wanted if e not in guide["found"]]
        if missing:
            lacking.append({"name": guide["name"], "url": guide["url"], "missing": missing})
    if not lacking:
        return
    classes = [e for e in wanted if any(e in g["missing"] for g in lacking)]
    listed = "；".join(f"《{g['name']}》缺少{'、'.join(g['missing'])}" for g in lacking[:5])
    message = f"办事指南缺少关键要素（{len(classes)}类：{'、'.join(classes)}）：{listed}（暂定，请人工复核）"
    yield ctx.finding(message, url=read.get("hall"), guides=lacking, elements=classes, provisional=True,
                      read=sum(1 for g in read.get("guides") or [] if "found" in g), more=len(classes) - 1)
