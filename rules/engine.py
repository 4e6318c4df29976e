"""Evaluate a site snapshot as of a date: run every rule, apply exemptions, score."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from rules.catalogue import RULES
from rules.context import Context, build_context
from rules.exemptions import exemption_for
from rules.finding import Finding
from rules.params import resolve_params
from rules.scoring import score
from rules.site import site_blocked, site_unreachable
from rules.snapshot import SiteSnap
from rules.unread import incomplete

if TYPE_CHECKING:
    from rules.settings import RuleSettings


@dataclass(frozen=True)
class Evaluation:
    site: str
    as_of: date
    findings: list[Finding]
    score: float | None  # None when the site could not be checked
    verdict: str  # "pass" | "fail" | "unchecked" (未能检查: blocked, or the home page unread without a probe veto)
    # | "incomplete" (未能完整检查: over a tenth of the catalog's columns not read; the score covers what was read)
    columns: list[dict[str, Any]]
    exempted: dict[str, str] = field(default_factory=dict)  # finding key -> exemption reason
    deductions: dict[str, float] = field(default_factory=dict)  # indicator -> points deducted
    final_url: str | None = None  # where the home page's redirects ended (None: no redirect)
    redirects: tuple[dict[str, Any], ...] = ()  # the home page's redirect hops: url, status, to


def column_rows(ctx: Context) -> list[dict[str, Any]]:
    """The check JSON's ``columns``: name, url, category, kind, entries, latest (ISO or None); ``final_url``
    and ``redirects`` when the first page redirected, ``blocked`` when a WAF answered instead."""
    rows = []
    for v in ctx.views:
        c = v.column
        row: dict[str, Any] = {"name": v.name, "url": c.url, "category": v.category, "kind": c.kind, "entries": c.count,
               "latest": v.latest.isoformat() if v.latest else None, "parent": c.parent, "found": c.found}
        if c.redirects:
            row.update(final_url=c.final_url, redirects=list(c.redirects))
        if c.blocked:
            row["blocked"] = c.blocked
        if c.rendered:
            row["rendered"] = True
        rows.append(row)
    return rows


def run_rules(ctx: Context) -> list[Finding]:
    """Every rule's findings in catalogue order; only site-unreachable when the home page cannot be read,
    only site-blocked when a WAF kept the home page or every column from the inspector."""
    if site_unreachable(ctx):
        return list(RULES["site-unreachable"].check(ctx.bind(RULES["site-unreachable"])))
    if site_blocked(ctx):
        return list(RULES["site-blocked"].check(ctx.bind(RULES["site-blocked"])))
    findings: list[Finding] = []
    for r in RULES.values():
        findings.extend(r.check(ctx.bind(r)))
    return findings


def evaluate(site: SiteSnap, as_of: date, settings: RuleSettings | None = None) -> Evaluation:
    """Judge ``site`` as of ``as_of`` with the configured parameters, classes and exemptions (defaults when
    None). All findings are returned; exempted ones are not scored."""
    ctx = build_context(site, as_of, settings, RULES)
    findings = run_rules(ctx)
    exemptions = settings.exemptions if settings else ()
    exempted = {f.key: ex.reason for f in findings if (ex := exemption_for(f, exemptions, as_of))}
    counted = [f for f in findings if f.key not in exempted]
    total: float | None
    total, verdict, per_indicator = score(counted)
    if site_unreachable(ctx):
        if any(f.rule == "site-unreachable" and f.severity == "veto" for f in counted):
            total = 0.0  # a week of probes failed it; nothing else could be scored
        else:
            total, verdict = None, "unchecked"  # one failed fetch proves nothing either way
    elif site_blocked(ctx):
        total, verdict = None, "unchecked"  # never 合格 (nor 不合格) on pages it was not shown
    elif incomplete(ctx, resolve_params(RULES["columns-unread"], settings, site.name, None)["max_share"]) \
            and not any(f.rule == "columns-unread" for f in findings if f.key in exempted):
        verdict = "incomplete"  # 未能完整检查: a score for what was read, no verdict on what was not
    return Evaluation(site.name, as_of, findings, total, verdict, column_rows(ctx), exempted, per_indicator,
                      site.final_url, tuple(site.redirects))
