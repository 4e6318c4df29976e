"""The domain's words, each defined once: severities, verdicts, column categories and kinds, site kinds,
pagination styles, with the Chinese labels users read."""

from __future__ import annotations

SEVERITY_LABELS = {"veto": "单项否决", "deduct": "扣分", "warn": "预警"}
SEVERITIES = tuple(SEVERITY_LABELS)

VERDICT_LABELS = {"pass": "合格", "fail": "不合格", "unchecked": "未能检查", "incomplete": "未能完整检查"}

# Column categories (栏目类别) and their update windows' names.
CATEGORY_LABELS = {
    "dynamic": "动态要闻", "notice": "通知公告", "policy": "政策文件", "personnel": "人事",
    "planning": "规划计划", "budget": "财政预决算", "annual": "年报", "none": "其他",
}
CATEGORIES = tuple(CATEGORY_LABELS)

COLUMN_KIND_LABELS = {"list": "列表", "page": "单页", "group": "分组"}

# A column cut by its reading, not by a crawl limit (columns-unread says it; crawl-incomplete does not).
UNREAD_PREFIX = "未能读取："

# How the crawl found a column: the 信息公开目录, the config, or the site's own menus.
FOUND_LABELS = {"catalog": "信息公开目录", "config": "配置", "menu": "导航菜单", "more": "“更多”链接",
                "frame": "框架页"}

SITE_KINDS = ("government", "department")

# How a column's list pages are followed: "auto" reads the page; the others force one family.
PAGINATION_STYLES = ("auto", "trs", "hanweb", "next-link", "page-query", "index-n", "none")

# How sure a content-review candidate is: a header or label beside the value says what it is, or the value alone.
CONFIDENCE_LABELS = {"high": "较高（有表头或标注）", "medium": "一般（仅凭数值或字词）"}
