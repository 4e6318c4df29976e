"""The rule catalogue: every rule, in the order it is evaluated and documented (an explicit table).

Site rules come first (site-unreachable and site-blocked gate the others), then the column rules, the
vetoes last. A new rule is declared with ``@rule`` in its family's module and listed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rules import (
    annual,
    annual_format,
    catalog,
    consultation,
    content,
    entries,
    freshness,
    home,
    incomplete,
    interaction,
    interpretation,
    links,
    page_meta,
    platform,
    publication,
    review,
    service,
    site,
    site_facts,
    unread,
    vetoes,
)
from rules.params import rule_problems, validate_params
from rules.registry import Rule, rule_table

if TYPE_CHECKING:
    from core.config import Config

RULES: dict[str, Rule] = rule_table(
    site.check_unreachable,
    site.check_blocked,
    home.check_home_stale,
    site.check_identifiers,
    catalog.check_catalog_not_found,
    incomplete.check_incomplete,
    unread.check_unread,
    freshness.check_stale,
    freshness.check_stale_soon,
    freshness.check_blank,
    freshness.check_unreachable,
    platform.check_missing,
    content.check_items,
    annual.check_missing,
    annual.check_late,
    annual_format.check_format,
    entries.check_missing,
    entries.check_invalid,
    entries.check_future,
    entries.check_mismatch,
    entries.check_broken,
    publication.check_late,
    site_facts.check_search,
    site_facts.check_domain,
    page_meta.check_metas,
    links.check_home_broken,
    links.check_page_broken,
    vetoes.check_stale_columns,
    vetoes.check_overdue_columns,
    vetoes.check_blank_columns,
    interaction.check_channel_missing,
    interaction.check_unanswered,
    consultation.check_stale,
    interpretation.check_unlinked,
    service.check_missing,
    service.check_guides,
    review.check_personal,
    review.check_wording,
)



def validate_config(config: Config) -> None:
    """Every rule id and parameter named in ``config`` exists and has the right type (else ConfigError)."""
    validate_params(config, RULES)


def config_problems(config: Config, source: str) -> list[str]:
    """The rule problems of a config as it loads (``core.config.load_config(path, checks=…)``)."""
    return rule_problems(config, RULES, source)


__all__ = ["RULES", "config_problems", "validate_config"]
