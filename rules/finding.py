"""A finding: one rule's verdict on one thing (a site, a column, an entry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.ids import stable_id


@dataclass(frozen=True)
class Finding:
    rule: str  # rule id, kebab-case
    severity: str  # "veto" 单项否决 | "deduct" 扣分 | "warn" 预警
    site: str  # site name
    message: str  # Chinese, actionable
    column: str | None = None  # column name, when the finding is about a column or its entry
    url: str | None = None  # the column's or the entry's URL
    evidence: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable: dates as ISO strings

    @property
    def key(self) -> str:
        """Stable across runs: rule, site, column and URL."""
        return stable_id(self.rule, self.site, self.column, self.url)
