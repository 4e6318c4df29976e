"""The rule registry: every rule declares its id, Chinese title, indicator, severity, parameters and docs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.vocabulary import SEVERITIES

DOC_SECTIONS = ("检查内容", "依据", "不合格示例", "合格示例")
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")


class RuleError(ValueError):
    """A rule declared wrongly (bad id, duplicate id, unknown severity, incomplete docs)."""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    indicator: str
    severity: str
    params: dict[str, Any]
    check: Callable[..., Any]
    doc: str


def doc_sections(doc: str) -> dict[str, str]:
    """Split a rule's doc into its fixed sections, keyed by the headings of :data:`DOC_SECTIONS`.

    A section starts with a line ``<heading>：`` (full-width colon); its text runs to the next heading.
    """
    pattern = re.compile("^(" + "|".join(DOC_SECTIONS) + r")：\s*", re.M)
    parts = pattern.split(doc.strip())
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def rule(id: str, *, title: str, indicator: str, severity: str, params: dict[str, Any],
         doc: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the decorated ``check(ctx) -> Iterable[Finding]`` as rule ``id``: the function gains a ``rule``
    attribute. Declaring registers nothing: ``rules.catalogue`` lists the rules, in order."""
    if not _ID.match(id):
        raise RuleError(f"rule id {id!r} is not kebab-case (e.g. 'column-stale')")
    if severity not in SEVERITIES:
        raise RuleError(f"rule {id}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    missing = [s for s in DOC_SECTIONS if not doc_sections(doc).get(s)]
    if missing:
        raise RuleError(f"rule {id}: doc lacks section(s) {', '.join(missing)}")

    def declare(check: Callable[..., Any]) -> Callable[..., Any]:
        check.rule = Rule(id, title, indicator, severity, dict(params), check, doc.strip())  # type: ignore[attr-defined]
        return check

    return declare


def rule_table(*checks: Callable[..., Any]) -> dict[str, Rule]:
    """The ordered table ``id -> Rule`` of declared checks; an id listed twice is an error."""
    table: dict[str, Rule] = {}
    for check in checks:
        declared: Rule = check.rule  # type: ignore[attr-defined]
        if declared.id in table:
            raise RuleError(f"rule id {declared.id!r} is listed twice")
        table[declared.id] = declared
    return table
