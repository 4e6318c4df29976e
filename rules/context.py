"""What a rule's check receives: the snapshot, the as-of date, the rule settings, and per-column facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from core.dates import latest_not_after
from rules.categories import classify
from rules.exemptions import exemption_for
from rules.finding import Finding
from rules.frame import without_frame
from rules.params import resolve_params
from rules.snapshot import ColumnSnap, SiteSnap

if TYPE_CHECKING:
    from rules.registry import Rule
    from rules.settings import RuleSettings


def failed(status: int | None) -> bool:
    """An HTTP status that means the page could not be read: 0 = no answer, 4xx/5xx, and a 3xx (a redirect
    reaches the rules only when it was not followed: a loop, too many hops, off the site)."""
    return status is not None and (status == 0 or status >= 400 or (300 <= status < 400 and status != 304))


def redirect_refused(page: ColumnSnap | SiteSnap) -> bool:
    """The page's last redirect was not followed (off the site, a loop, too many hops): its chain ends
    somewhere else than the page that was read."""
    return bool(page.redirects) and page.redirects[-1].get("to") != page.final_url


@dataclass(frozen=True)
class ColumnView:
    """A column with the facts several rules share."""

    column: ColumnSnap
    category: str
    latest: date | None  # newest entry date (or page date) not after the as-of date

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def blocked(self) -> bool:
        """A WAF / anti-bot layer answered instead of the column's page: it was not seen, so it is neither
        unreachable, blank nor stale (``site-blocked`` reports it)."""
        return self.column.blocked is not None

    @property
    def cut(self) -> bool:
        """A crawl limit cut the column's walk short (or it was never reached): it is judged only on what
        was seen, so never blank, undated or stale (``crawl-incomplete`` reports it)."""
        return self.column.cut is not None

    @property
    def unreachable(self) -> bool:
        c = self.column
        return c.url is not None and (failed(c.status) or redirect_refused(c)) and not self.blocked

    @property
    def blank(self) -> bool:
        """A reachable list column with no entries at all (空白栏目)."""
        c = self.column
        return c.kind == "list" and c.url is not None and not self.unreachable and not self.blocked \
            and not self.cut and c.count == 0

    @property
    def undated(self) -> bool:
        """A list column whose entries carry no usable date: it counts as not updated."""
        c = self.column
        return c.kind == "list" and not self.unreachable and not self.blocked and not self.cut and bool(c.entries) \
            and self.latest is None


def column_latest(column: ColumnSnap, as_of: date) -> date | None:
    """Newest entry date (list date, else published) not after ``as_of``; kind page: its page date."""
    if column.kind == "page":
        return latest_not_after([column.page_date], as_of)
    return latest_not_after((e.date for e in column.entries), as_of)


def column_override(settings: RuleSettings | None, site: str, column: ColumnSnap) -> str | None:
    """The configured class of a column: the snapshot's, else the config's column entry."""
    if column.category:
        return column.category
    return settings.category(site, column.name) if settings else None


@dataclass(frozen=True)
class Context:
    """The input of every check, bound to the rule being run (``rule``)."""

    site: SiteSnap
    as_of: date
    settings: RuleSettings | None
    views: tuple[ColumnView, ...]
    rule: Rule | None = None
    rules: Mapping[str, Rule] = field(default_factory=dict)  # the catalogue, for other rules' parameters

    def bind(self, rule: Rule) -> Context:
        return replace(self, rule=rule)

    def params(self, column: str | None = None) -> dict[str, Any]:
        assert self.rule is not None
        return resolve_params(self.rule, self.settings, self.site.name, column)

    def params_of(self, rule_id: str, column: str | None = None) -> dict[str, Any]:
        return resolve_params(self.rules[rule_id], self.settings, self.site.name, column)

    def finding(self, message: str, *, column: str | None = None, url: str | None = None,
                **evidence: Any) -> Finding:
        assert self.rule is not None
        return Finding(self.rule.id, self.rule.severity, self.site.name, message, column, url, evidence)

    def exempt(self, rule_id: str, column: str | None = None, url: str | None = None) -> bool:
        """Whether a finding of ``rule_id`` on ``column`` would be exempted (used by veto counts)."""
        if self.settings is None:
            return False
        probe = Finding(rule_id, "deduct", self.site.name, "", column, url)
        return exemption_for(probe, self.settings.exemptions, self.as_of) is not None


def build_context(site: SiteSnap, as_of: date, settings: RuleSettings | None = None,
                  rules: Mapping[str, Rule] | None = None) -> Context:
    site = without_frame(site)
    views = tuple(
        ColumnView(c, classify(c.name, c.meta, column_override(settings, site.name, c)), column_latest(c, as_of))
        for c in site.columns
    )
    return Context(site, as_of, settings, views, rules=dict(rules or {}))
