"""The 政府信息公开 platform's first-level columns (国办公开办函〔2019〕61号) and configured extras."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rules.catalog import catalog_missing
from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

_SPACE = re.compile(r"\s+")


def _norm(name: str) -> str:
    return _SPACE.sub("", name)


def _near(required: str, names: list[str]) -> list[str]:
    """Existing names that look like ``required`` without its 政府 prefix (信息公开年报 for 政府信息公开年报)."""
    stem = required.removeprefix("政府")
    return [n for n in names if stem in _norm(n) and _norm(n) != required]


@rule(
    "column-missing",
    title="必备栏目缺失",
    indicator="国办公开办函〔2019〕61号 政府信息公开平台一级栏目",
    severity="deduct",
    params={
        "required": [["政府信息公开指南"], ["政府信息公开制度", "政府信息公开制度文件"], ["法定主动公开内容"],
                     ["政府信息公开年报", "政府信息公开工作年度报告"]],
        "extra": [],
    },
    doc="""
检查内容：政府信息公开平台的四个一级栏目是否都在：政府信息公开指南、政府信息公开制度（或“政府信息公开制度文件”）、
法定主动公开内容、政府信息公开年报（或“政府信息公开工作年度报告”）。按栏目名称判断，不是链接的分组标题也算存在。
`required` 每项列出可接受的名称；`extra` 列出本站点另外必须有的栏目名称。名称相近但不规范的栏目（如“信息公开年报”）
仍报缺失，并在消息中指出应改用的规范名称。找不到信息公开目录时不报本条（见“catalog-not-found”）。
依据：《关于规范政府信息公开平台有关事项的通知》（国办公开办函〔2019〕61号）：政府信息公开平台设置上述四个一级栏目（C），
栏目顺序未作检查（M）。
不合格示例：信息公开目录中只有“信息公开指南”“法定主动公开内容”“信息公开年报”。
合格示例：四个一级栏目名称齐全，“法定主动公开内容”为不带链接的分组标题。
""",
)
def check_missing(ctx: Context) -> Iterator[Finding]:
    if catalog_missing(ctx):  # catalog-not-found says it: columns nobody saw are not missing
        return
    p = ctx.params()
    names = [c.name for c in ctx.site.columns]
    present = {_norm(n) for n in names}
    basis = "国办公开办函〔2019〕61号要求设置"
    groups = [(list(g) if isinstance(g, list) else [g], basis) for g in p["required"]]
    groups += [([name], "本站点配置要求设置") for name in p["extra"]]
    for accepted, why in groups:
        if any(_norm(a) in present for a in accepted):
            continue
        wanted = accepted[0]
        alias = f"（或“{'”“'.join(accepted[1:])}”）" if len(accepted) > 1 else ""
        near = sorted({n for a in accepted for n in _near(_norm(a), names)})
        message = f"缺少“{wanted}”栏目{alias}（{why}）"
        if near:
            message += f"；现有栏目“{'”“'.join(near)}”名称不规范，应改为“{wanted}”"
        yield ctx.finding(message, column=wanted, accepted=accepted, similar=near)
