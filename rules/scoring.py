"""The 19号 scoring model: vetoes fail the site; deductions capped per indicator; below 60 fails; a site
whose catalog was not found fails too (its columns were never seen)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rules.finding import Finding

PASS_MARK = 60.0
# Findings after which a site cannot pass whatever its score: what they say was not seen cannot be judged.
UNJUDGED = frozenset({"catalog-not-found"})


@dataclass(frozen=True)
class Weight:
    points: float
    indicator: str
    indicator_title: str
    indicator_max: float
    confirmed: bool


@cache
def load_weights() -> dict[str, Weight]:
    """Weights per rule id, read from ``rules/weights.toml``."""
    data = tomllib.loads(resources.files("rules").joinpath("weights.toml").read_text(encoding="utf-8"))
    indicators = data["indicators"]
    return {
        rule_id: Weight(float(w["points"]), w["indicator"], indicators[w["indicator"]]["title"],
                        float(indicators[w["indicator"]]["max"]), bool(w["confirmed"]))
        for rule_id, w in data["rules"].items()
    }


def occurrences(f: Finding) -> int:
    """How many problems a finding stands for: itself plus those summarised in its evidence (``more``)."""
    more = f.evidence.get("more", 0)
    return 1 + (more if isinstance(more, int) else 0)


def deductions(findings: list[Finding]) -> dict[str, float]:
    """Points deducted per indicator, each stopped at the indicator's maximum (扣完为止)."""
    weights = load_weights()
    raw: dict[str, float] = {}
    for f in findings:
        w = weights.get(f.rule)
        if f.severity == "deduct" and w is not None:
            raw[w.indicator] = raw.get(w.indicator, 0.0) + w.points * occurrences(f)
    caps = {w.indicator: w.indicator_max for w in weights.values()}
    return {k: round(min(v, caps[k]), 1) for k, v in raw.items()}


def score(findings: list[Finding]) -> tuple[float, str, dict[str, float]]:
    """(score with one decimal, "pass" | "fail", deductions per indicator) of counted findings; a veto or an
    ``UNJUDGED`` finding fails the site whatever the score."""
    per_indicator = deductions(findings)
    total = round(max(0.0, 100.0 - sum(per_indicator.values())), 1)
    vetoed = any(f.severity == "veto" or f.rule in UNJUDGED for f in findings)
    return total, "fail" if vetoed or total < PASS_MARK else "pass", per_indicator
