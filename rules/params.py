"""Rule parameters: defaults < config ``[rules]`` < site ``rules`` < column ``rules``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from core.config import ConfigError, expected_name, suggestion

if TYPE_CHECKING:
    from core.config import Config, SiteConfig
    from rules.registry import Rule
    from rules.settings import RuleSettings


def _source(config: Config) -> str:
    return str(config.path) if config.path else "<config>"


def _param_problem(source: str, path: str, rule: Rule, name: str, value: Any) -> tuple[str | None, Any]:
    """(problem, value): value made to fit the default's type (an integer fits a number), or a problem."""
    if name not in rule.params:
        known = "、".join(sorted(rule.params)) or "（无参数）"
        return (f"{source}: {path}.{rule.id}.{name}: 未知的参数{suggestion(name, list(rule.params))}"
                f"（此规则的参数：{known}）"), value
    kind = type(rule.params[name])
    ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        return f"{source}: {path}.{rule.id}.{name}: 值为 {value!r}，应为{expected_name(kind)}", value
    return None, value


def resolve_params(rule: Rule, settings: RuleSettings | None, site: str, column: str | None) -> dict:
    """The parameters ``rule`` runs with for ``site`` (and ``column``), overrides applied."""
    values = dict(rule.params)
    if settings is None:
        return values
    for layer in settings.layers(site, column):
        for name, value in (layer.table.get(rule.id) or {}).items():
            problem, values[name] = _param_problem(settings.source, layer.path, rule, name, value)
            if problem:
                raise ConfigError(problem)
    return values


def _site_tables(i: int, site: SiteConfig) -> list[tuple[str, dict]]:
    tables = [(f"sites[{i}].rules", site.rules)]
    tables += [(f"sites[{i}].columns[{j}].rules", c.rules) for j, c in enumerate(site.columns)]
    return tables


def rule_problems(config: Config, rules: Mapping[str, Rule], source: str | None = None) -> list[str]:
    """Every unknown rule id (also in exemptions) and bad parameter named anywhere in ``config``."""

    source = source or _source(config)
    problems: list[str] = []

    def unknown(path: str, rule_id: str) -> str:
        return (f"{source}: {path}: 未知的规则 {rule_id!r}{suggestion(rule_id, list(rules))}"
                "（patrol rules 列出全部规则）")

    tables = [("rules", config.rules)]
    for i, s in enumerate(config.sites):
        tables += _site_tables(i, s)
    for path, table in tables:
        for rule_id, params in table.items():
            if rule_id not in rules:
                problems.append(unknown(f"{path}.{rule_id}", rule_id))
                continue
            for name, value in params.items():
                problem, _ = _param_problem(source, path, rules[rule_id], name, value)
                problems += [problem] if problem else []
    for i, ex in enumerate(config.exemptions):
        if ex.rule is not None and ex.rule not in rules:
            problems.append(unknown(f"exemptions[{i}].rule", ex.rule))
    return problems


def validate_params(config: Config, rules: Mapping[str, Rule]) -> None:
    """Check every rule id and parameter named anywhere in ``config``; one ConfigError lists every bad one."""
    problems = rule_problems(config, rules)
    if problems:
        raise ConfigError(problems)
