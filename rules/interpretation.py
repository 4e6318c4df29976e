"""政策解读 linked with its 政策文件 both ways (国办秘函〔2019〕19号 解读回应)."""

from __future__ import annotations

from collections.abc import Iterator

from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR = "国办秘函〔2019〕19号 解读回应：政策解读与政策文件相互关联"


@rule(
    "interpretation-unlinked",
    title="政策解读与政策文件未相互关联",
    indicator=INDICATOR,
    severity="deduct",
    params={},
    doc="""
检查内容：抓取读取“政策解读”类栏目最新的几条解读（每站每次最多5条），看解读页面是否链接到所解读的政策文件（链接文字为
“原文”“政策文件”“相关文件”等，或含标题中《》内的文件名）；政策文件是本站网页时再读取它，看是否链接回解读（链接到
解读地址，或链接文字含“解读”；导航和栏目链接不算）。政策文件为附件或在其他网站时只检查解读一侧；页面打不开的不判断。
依据：国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》：政策解读应与政策文件相互关联（C 为条目，分值 M）。
不合格示例：《关于〈清河市XX办法〉的解读》页面没有政策文件的链接；或政策文件页面没有“相关解读”链接。
合格示例：解读页有“政策原文：《清河市XX办法》”链接，办法页面有“相关解读”链接。
""",
)
def check_unlinked(ctx: Context) -> Iterator[Finding]:
    items = ((ctx.site.facts or {}).get("interpretations") or {}).get("items") or []
    for item in items:
        if item.get("error"):
            continue
        if item.get("policy") is None:
            message = f"政策解读“{item['title']}”未链接所解读的政策文件"
        elif item.get("back") is False:
            named = f"“{item['policy_title']}”" if item.get("policy_title") else ""
            message = f"政策文件{named}未链接其政策解读“{item['title']}”"
        else:
            continue
        yield ctx.finding(message, column=item.get("column"), url=item["url"], title=item["title"],
                          policy=item.get("policy"), links_back=item.get("back"))
