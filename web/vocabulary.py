"""Chinese labels and per-column facts (class, update window) the web view's SQL asks for.

A column's class (栏目类别) and window are not stored: the rules derive them from its name, its page meta
and the config. :class:`ColumnFacts` does the same, with the config when one is given, so the web view
shows what the rules judged by.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from core.vocabulary import CATEGORY_LABELS, SEVERITY_LABELS, VERDICT_LABELS
from rules.catalogue import RULES
from rules.categories import classify
from rules.freshness import update_limit
from rules.params import resolve_params
from rules.settings import rule_settings

if TYPE_CHECKING:
    from core.config import Config

STATE_LABELS = {"new": "新发现", "open": "未整改", "reopened": "复发", "fixed": "已整改"}
CHANNEL_LABELS = {"file": "文件", "email": "邮件", "webhook": "机器人"}
# A file delivery (``written``) is never 已送达: the files were generated; the view says whether anything else
# of the same notice reached the unit (web/queries.py NOTICES).
NOTICE_STATUS_LABELS = {"sent": "已送达", "written": "已生成（未送达）", "failed": "发送失败", "pending": "待发送"}
# Rule families (规则类别) by the first word of a rule id.
FAMILY_LABELS = {"site": "站点可用与标识", "home": "首页", "catalog": "公开目录", "column": "栏目更新",
                 "annual": "年度报告", "entry": "信息发布", "page": "链接", "veto": "单项否决"}
__all__ = ["CATEGORY_LABELS", "SEVERITY_LABELS", "VERDICT_LABELS"]  # re-exported for the view's SQL functions


def family(rule_id: str | None) -> str:
    """``column-stale`` → 栏目更新; an unknown prefix is shown as itself."""
    head = (rule_id or "").split("-", 1)[0]
    return FAMILY_LABELS.get(head, head or "其他")


def rule_title(rule_id: str | None) -> str:
    rule = RULES.get(rule_id or "")
    return rule.title if rule else (rule_id or "")


class ColumnFacts:
    """A column's class and update window as the rules see them (config overrides when a config is given)."""

    def __init__(self, config: Config | None = None) -> None:
        self.settings = rule_settings(config) if config is not None else None

    def category(self, site: str, name: str, meta: str | None) -> str:
        try:
            parsed = json.loads(meta) if meta else {}
        except ValueError:
            parsed = {}
        configured = self.settings.category(site, name) if self.settings else None
        return classify(name, parsed if isinstance(parsed, dict) else {}, configured)

    def window(self, site: str, name: str, category: str | None) -> int | None:
        """Days within which the column must be updated (column-stale's parameters), None if it has none."""
        return update_limit(category, lambda: resolve_params(RULES["column-stale"], self.settings, site, name))


def category_label(category: str | None) -> str:
    return CATEGORY_LABELS.get(category or "none", category or "其他")
