"""The year's 互动交流 figures per unit: messages received, answered, reply rate and median days to reply —
the figures an annual report quotes (受理意见建议78条，答复71条，答复率91%). 网上信访 and 纪检举报 channels are
left out, as the interaction indicator leaves them out."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from statistics import median
from typing import Any

_MESSAGES = """
SELECT coalesce(s.unit, '—') AS unit, m.state, m.replied, m.days
FROM messages m JOIN sites s ON s.name = m.site
WHERE m.kind = 'channel' AND m.asked >= ? AND m.asked <= ?
"""


@dataclass
class Replies:
    """One unit's messages of the year and their replies."""

    received: int = 0
    answered: int = 0
    days: list[int] = field(default_factory=list)  # days to reply, where both dates are shown

    @property
    def reply_rate(self) -> float | None:
        """Answered as a percentage of received, one decimal (None: no message)."""
        return round(100 * self.answered / self.received, 1) if self.received else None

    @property
    def median_days(self) -> float | None:
        return float(median(self.days)) if self.days else None

    def as_json(self) -> dict[str, Any]:
        return {"received": self.received, "answered": self.answered, "reply_rate": self.reply_rate,
                "median_days": self.median_days, "dated_replies": len(self.days)}


def is_answered(state: str | None, replied: str | None) -> bool:
    """A message counts as answered when its shown state says so or a reply date is shown."""
    return state == "answered" or bool(replied)


class Median:
    """SQLite aggregate ``patrol_median(x)``: the median of the non-null values (NULL when there are none)."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return float(median(self.values)) if self.values else None


def year_replies(conn: sqlite3.Connection, year: int) -> dict[str, Replies]:
    """Messages dated within ``year`` per unit (answered: :func:`is_answered`)."""
    units: dict[str, Replies] = {}
    for unit, state, replied, days in conn.execute(_MESSAGES, (f"{year}-01-01", f"{year}-12-31")):
        r = units.setdefault(unit, Replies())
        r.received += 1
        if is_answered(state, replied):
            r.answered += 1
        if days is not None:
            r.days.append(days)
    return dict(sorted(units.items()))


def reply_rows(units: dict[str, Replies]) -> tuple[list[str], list[list[Any]]]:
    """单位 × (留言, 已回复, 回复率, 回复天数中位数)."""
    headers = ["单位", "收到留言", "已回复", "回复率", "回复天数中位数"]
    rows = [[unit, r.received, r.answered, f"{r.reply_rate:.1f}%" if r.reply_rate is not None else "—",
             f"{r.median_days:g}" if r.median_days is not None else "—"] for unit, r in units.items()]
    return headers, rows
