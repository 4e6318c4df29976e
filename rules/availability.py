"""A site's availability over a window of days, from the probes' daily figures in its snapshot (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rules.snapshot import Availability, ProbeDay

CAUSE_NAMES = {"dns": "域名无法解析", "refused": "连接被拒绝", "timeout": "超时", "tls": "证书错误",
               "http-5xx": "HTTP 5xx", "http-4xx": "HTTP 4xx", "lost": "连接中断", "redirect": "重定向错误",
               "too-large": "页面过大", "other": "其他"}


@dataclass(frozen=True)
class Window:
    """The probes of the ``days`` days ending on ``last`` (local days)."""

    first: date
    last: date
    days: tuple[ProbeDay, ...] = ()
    causes: dict[str, int] = field(default_factory=dict)

    @property
    def probes(self) -> int:
        return sum(d.probes for d in self.days)

    @property
    def blocked(self) -> int:
        return sum(d.blocked for d in self.days)

    @property
    def measured(self) -> int:
        """Probes that tell whether the page opened (a WAF answer tells neither)."""
        return sum(d.measured for d in self.days)

    @property
    def failures(self) -> int:
        return sum(d.failures for d in self.days)

    @property
    def ratio(self) -> float | None:
        return self.failures / self.measured if self.measured else None

    def worst_day(self) -> ProbeDay | None:
        """The day with the highest failure share (most failures on a tie), if any failed."""
        failing = [d for d in self.days if d.failures]
        return max(failing, key=lambda d: (d.failures / max(d.measured, 1), d.failures), default=None)

    def evidence(self) -> dict[str, Any]:
        worst = self.worst_day()
        ratio = self.ratio
        return {
            "window": [self.first.isoformat(), self.last.isoformat()],
            "probes": self.measured, "failures": self.failures, "blocked": self.blocked,
            "failure_pct": round(100 * ratio, 2) if ratio is not None else None,
            "days_probed": len(self.days),
            "worst_day": {"day": worst.day.isoformat(), "probes": worst.measured, "failures": worst.failures}
            if worst else None,
            "causes": dict(sorted(self.causes.items(), key=lambda kv: -kv[1])),
        }


def window(availability: Availability, as_of: date, days: int) -> Window:
    """The figures of the ``days`` days ending on ``as_of`` (at most the snapshot's lookback)."""
    first = as_of - timedelta(days=days - 1)
    chosen = tuple(d for d in availability.days if first <= d.day <= as_of)
    causes: dict[str, int] = {}
    for d in chosen:
        for kind, n in d.causes.items():
            causes[kind] = causes.get(kind, 0) + n
    return Window(first, as_of, chosen, causes)


def causes_text(causes: dict[str, int]) -> str:
    """``超时 9次、连接被拒绝 2次``."""
    return "、".join(f"{CAUSE_NAMES.get(k, k)} {n}次" for k, n in sorted(causes.items(), key=lambda kv: -kv[1]))


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{100 * ratio:.1f}%"
