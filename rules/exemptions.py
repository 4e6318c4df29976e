"""Exemptions (豁免): a configured reason that silences matching findings until it expires."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rules.finding import Finding

if TYPE_CHECKING:
    from core.config import Exemption


def exemption_for(finding: Finding, exemptions: tuple[Exemption, ...], as_of: date) -> Exemption | None:
    """The first exemption matching every field it gives (site, column, rule) and not expired."""
    for ex in exemptions:
        if ex.expires is not None and ex.expires < as_of:
            continue
        if ex.site is not None and ex.site != finding.site:
            continue
        if ex.column is not None and ex.column != finding.column:
            continue
        if ex.rule is not None and ex.rule != finding.rule:
            continue
        return ex
    return None
