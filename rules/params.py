"""Rule parameters: defaults < config ``[rules]`` < site ``rules`` < column ``rules``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from core.config import ConfigError

if TYPE_CHECKING:
    from core.config import Config, SiteConfig
    from rules.registry import Rule

_EXPECTED = {bool: "true or false", int: "an integer", float: "a number", str: "a string",
             list: "a list", dict: "a table"}


def _source(config: Config) -> str:
    return str(config.path) if config.path else "<config>"


def _checked(config: Config, path: str, rule: Rule, name: str, value: Any) -> Any:
    """``value`` if it fits the default's type (an integer fits a number); else a ConfigError."""
    if name not in rule.params:
        known = ", ".join(sorted(rule.params)) or "(none)"
        raise ConfigError(f"{_source(config)}: {path}.{rule.id}.{name}: unknown parameter; known: {known}")
    kind = type(rule.params[name])
    ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        raise ConfigError(f"{_source(config)}: {path}.{rule.id}.{name}: found {value!r}, "
                          f"expected {_EXPECTED.get(kind, kind.__name__)}")
    return value


def _layers(config: Config, site: str, column: str | None) -> list[tuple[str, dict]]:
    """(key path, rules table) from the most general to the most specific."""
    layers = [("rules", config.rules)]
    for i, s in enumerate(config.sites):
        if s.name != site:
            continue
        layers.append((f"sites[{i}].rules", s.rules))
        if column is not None:
            for j, c in enumerate(s.columns):
                if c.name == column:
                    layers.append((f"sites[{i}].columns[{j}].rules", c.rules))
                    break
        break
    return layers


def resolve_params(rule: Rule, config: Config | None, site: str, column: str | None) -> dict:
    """The parameters ``rule`` runs with for ``site`` (and ``column``), overrides applied."""
    values = dict(rule.params)
    if config is None:
        return values
    for path, table in _layers(config, site, column):
        for name, value in (table.get(rule.id) or {}).items():
            values[name] = _checked(config, path, rule, name, value)
    return values


def _site_tables(i: int, site: SiteConfig) -> list[tuple[str, dict]]:
    tables = [(f"sites[{i}].rules", site.rules)]
    tables += [(f"sites[{i}].columns[{j}].rules", c.rules) for j, c in enumerate(site.columns)]
    return tables


def validate_params(config: Config, rules: Mapping[str, Rule]) -> None:
    """Check every rule id and parameter named anywhere in ``config`` against ``rules``; raise ConfigError on
    the first bad one."""

    tables = [("rules", config.rules)]
    for i, s in enumerate(config.sites):
        tables += _site_tables(i, s)
    for path, table in tables:
        for rule_id, params in table.items():
            if rule_id not in rules:
                raise ConfigError(f"{_source(config)}: {path}.{rule_id}: unknown rule; known: "
                                  f"{', '.join(sorted(rules))}")
            for name, value in params.items():
                _checked(config, path, rules[rule_id], name, value)
