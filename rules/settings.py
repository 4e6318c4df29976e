"""What the rules take from the config, and nothing more: parameter tables by scope, column classes and
exemptions (豁免). Built once from a loaded config; the checks never see the config itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.config import Config, Exemption


@dataclass(frozen=True)
class ParamTable:
    """One ``rules`` table of the config: where it is (for error messages) and whom it applies to."""

    path: str  # "rules", "sites[0].rules", "sites[0].columns[2].rules"
    table: Mapping[str, Mapping[str, Any]]  # rule id → parameter → value
    site: str | None = None  # None: every site
    column: str | None = None  # None: every column of the site


@dataclass(frozen=True)
class RuleSettings:
    """Rule parameters (defaults < ``[rules]`` < site ``rules`` < column ``rules``), configured column classes
    and exemptions. ``RuleSettings()`` is the defaults alone."""

    source: str = "<config>"  # the config file, named by errors in its values
    tables: tuple[ParamTable, ...] = ()
    categories: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (site, column) → category
    exemptions: tuple[Exemption, ...] = ()

    def layers(self, site: str, column: str | None) -> list[ParamTable]:
        """The tables that apply to ``site`` (and ``column``), from the most general to the most specific."""
        return [t for t in self.tables if (t.site is None or t.site == site)
                and (t.column is None or (column is not None and t.column == column))]

    def category(self, site: str, column: str) -> str | None:
        """The class a column is configured with (``category = …``), if any."""
        return self.categories.get((site, column))


def rule_settings(config: Config) -> RuleSettings:
    """The part of ``config`` the rules use."""
    tables = [ParamTable("rules", config.rules)]
    categories: dict[tuple[str, str], str] = {}
    for i, site in enumerate(config.sites):
        tables.append(ParamTable(f"sites[{i}].rules", site.rules, site.name))
        for j, column in enumerate(site.columns):
            tables.append(ParamTable(f"sites[{i}].columns[{j}].rules", column.rules, site.name, column.name))
            if column.category:
                categories.setdefault((site.name, column.name), column.category)
    return RuleSettings(str(config.path) if config.path else "<config>", tuple(tables), categories,
                        tuple(config.exemptions))
