"""Generate ``docs/rules.md`` and the ``patrol rules`` table from the registry.

``python -m rules.docs > docs/rules.md`` prints it; ``python -m rules.docs --write`` writes it in place.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from core.vocabulary import CATEGORY_LABELS, SEVERITY_LABELS
from rules.catalogue import RULES
from rules.categories import EXCLUSIONS, KEYWORDS
from rules.registry import DOC_SECTIONS, Rule, doc_sections
from rules.scoring import PASS_MARK, load_weights

DOCS_PATH = Path(__file__).resolve().parents[1] / "docs" / "rules.md"

_HEADER = """# 规则目录

本文件由 `python -m rules.docs --write` 根据规则注册表生成，请勿手工修改；测试会检查它是否过期。

各规则的参数是默认值，可在配置中按全局 `[rules.<规则>]`、站点 `rules`、栏目 `rules` 三级覆盖（越具体越优先）。
可信度：C 见于官方文件原文；P 部分确认；M 未经核实（可配置）。
"""


def _value(v: Any) -> str:
    return f"`{json.dumps(v, ensure_ascii=False)}`"


def _scoring_section() -> list[str]:
    lines = ["## 计分办法（国办秘函〔2019〕19号）", "",
             f"- 出现任何未豁免的单项否决（veto）即不合格；扣分部分满分100分，低于{PASS_MARK:g}分不合格。",
             "- 同一指标内扣分扣完为止；预警（warn）不扣分；已豁免的问题不计分。",
             "- 站点无法访问时只报告该项，得分记0。",
             "- 分值保存在 `rules/weights.toml`，未经官方原文确认的标为 M。", "",
             "| 规则 | 每处扣分 | 所属指标 | 指标上限 | 可信度 |", "|---|---|---|---|---|"]
    for rule_id, w in load_weights().items():
        conf = "P/C" if w.confirmed else "M"
        lines.append(f"| `{rule_id}` | {w.points:g} | {w.indicator_title} | {w.indicator_max:g} | {conf} |")
    return lines + [""]


def _categories_section() -> list[str]:
    lines = ["## 栏目类别", "",
             "按栏目名称中最先出现的关键词归类（同一位置取较长的关键词，再按表格顺序）；名称判断不出时参考页面"
             "`ColumnName`、`ColumnType` 元数据；配置中的 `category` 优先于以上一切。", "",
             "| 类别 | 关键词 | 排除 |", "|---|---|---|"]
    for category, words in KEYWORDS:
        excluded = "、".join(EXCLUSIONS.get(category, ())) or "—"
        lines.append(f"| {CATEGORY_LABELS[category]} `{category}` | {'、'.join(words)} | {excluded} |")
    return lines + [""]


def source_file(r: Rule) -> str:
    """The file that declares the rule, from the project root: ``rules/freshness.py``."""
    return r.check.__module__.replace(".", "/") + ".py"


def _rule_section(r: Rule) -> list[str]:
    w = load_weights().get(r.id)
    lines = [f"## `{r.id}` {r.title}", "",
             f"- 性质：{SEVERITY_LABELS[r.severity]}（`{r.severity}`）",
             f"- 指标：{r.indicator}",
             f"- 代码：`{source_file(r)}`"]
    if w:
        conf = "已确认" if w.confirmed else "M，未确认"
        lines.append(f"- 扣分：每处{w.points:g}分，计入“{w.indicator_title}”（上限{w.indicator_max:g}分，{conf}）")
    if r.params:
        lines.append("- 参数：" + "；".join(f"`{k}` = {_value(v)}" for k, v in r.params.items()))
    lines.append("")
    sections = doc_sections(r.doc)
    for heading in DOC_SECTIONS:
        lines += [f"### {heading}", "", sections[heading], ""]
    return lines


def render_rules_markdown() -> str:
    """The whole of ``docs/rules.md``."""
    lines = [_HEADER]
    lines += ["| 规则 | 性质 | 名称 |", "|---|---|---|"]
    lines += [f"| `{r.id}` | {SEVERITY_LABELS[r.severity]} | {r.title} |" for r in RULES.values()]
    lines.append("")
    lines += _scoring_section() + _categories_section()
    for r in RULES.values():
        lines += _rule_section(r)
    return "\n".join(lines).rstrip() + "\n"


def render_rules_table() -> list[dict[str, Any]]:
    """One row per rule for ``patrol rules``: id, severity, title, indicator, params, points."""
    weights = load_weights()
    return [
        {"id": r.id, "severity": r.severity, "severity_label": SEVERITY_LABELS[r.severity], "title": r.title,
         "indicator": r.indicator, "params": dict(r.params),
         "points": weights[r.id].points if r.id in weights else None}
        for r in RULES.values()
    ]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render_rules_markdown()
    if "--write" in args:
        DOCS_PATH.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
