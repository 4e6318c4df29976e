"""Column classes (栏目类别) from the column name, with page meta as a second signal and config last.

The keyword table follows rules.md. "First match wins" is read as: the keyword that starts earliest in
the name wins; on a tie the longer keyword, then the table's order. So 任前公示 is personnel (not a
公示 notice), 招聘公告 is personnel, 政府信息公开制度文件 is none (公开制度 comes before 文件).
"""

from __future__ import annotations

import re

# (class, keywords) in table order; "none" keywords pin a name to no class.
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dynamic", ("要闻", "动态", "新闻", "工作进展", "图片新闻", "今日", "聚焦")),
    ("notice", ("通知公告", "公示公告", "通知", "公告", "公示", "通告")),
    ("policy", ("政策文件", "规范性文件", "政府文件", "部门文件", "政策法规", "规章", "政府令",
                "政策解读", "文件")),
    ("personnel", ("人事", "任免", "任职", "任前公示", "招考", "招聘", "录用")),
    ("planning", ("规划", "计划", "工作要点", "计划总结")),
    ("budget", ("预算", "决算", "预决算", "三公经费")),
    ("annual", ("年报", "年度报告")),
    ("none", ("公开指南", "公开制度", "机构职能", "领导信息")),
)

# A name containing one of these is never of that class (专题/专栏 are historical; 视频 is not news).
EXCLUSIONS: dict[str, tuple[str, ...]] = {
    "dynamic": ("专题", "专栏", "视频"),
    "planning": ("计划生育",),
}

_SPACE = re.compile(r"\s+")


def _match(text: str) -> str | None:
    """The class of the earliest keyword in ``text``, or None when no keyword occurs."""
    best: tuple[int, int, int] | None = None
    found = None
    for order, (category, words) in enumerate(KEYWORDS):
        if any(x in text for x in EXCLUSIONS.get(category, ())):
            continue
        for word in words:
            pos = text.find(word)
            if pos < 0:
                continue
            rank = (pos, -len(word), order)
            if best is None or rank < best:
                best, found = rank, category
    return found


def classify(name: str, meta: dict | None = None, override: str | None = None) -> str:
    """Class of a column: config ``override`` first, then its name, then ColumnName/ColumnType meta."""
    if override:
        return override
    for text in (name, (meta or {}).get("ColumnName"), (meta or {}).get("ColumnType")):
        if text:
            found = _match(_SPACE.sub("", str(text)))
            if found:
                return found
    return "none"
