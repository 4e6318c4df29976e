"""Every registered rule has a fixture that triggers it and one that must not; messages are Chinese."""

from __future__ import annotations

import re

import pytest
from rules_fixtures import AS_OF, FIXTURES, HEALTHY

from rules.catalogue import RULES
from rules.engine import evaluate
from rules.registry import RuleError, rule, rule_table

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _rules_of(site) -> list[str]:
    return [f.rule for f in evaluate(site, AS_OF).findings]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_trigger_and_clean_fixture(rule_id: str) -> None:
    assert rule_id in FIXTURES, f"rule {rule_id} has no fixtures in tests/rules_fixtures.py"
    trigger, clean = FIXTURES[rule_id]
    assert rule_id in _rules_of(trigger)
    assert rule_id not in _rules_of(clean)


def test_no_fixture_for_unknown_rule() -> None:
    assert set(FIXTURES) <= set(RULES)


def test_healthy_site_has_no_findings() -> None:
    ev = evaluate(HEALTHY, AS_OF)
    assert ev.findings == []
    assert (ev.score, ev.verdict) == (100.0, "pass")


@pytest.mark.parametrize("rule_id", sorted(FIXTURES))
def test_messages_are_chinese_and_findings_well_formed(rule_id: str) -> None:
    for f in evaluate(FIXTURES[rule_id][0], AS_OF).findings:
        assert f.message.strip() and _CHINESE.search(f.message), f
        assert f.severity == RULES[f.rule].severity
        assert f.site == "清河市交通运输局"
        assert isinstance(f.evidence, dict)


def test_rule_metadata() -> None:
    for r in RULES.values():
        assert _CHINESE.search(r.title) and r.indicator and r.severity in ("veto", "deduct", "warn")


def test_duplicate_and_bad_ids_are_refused() -> None:
    doc = "检查内容：x\n依据：y\n不合格示例：z\n合格示例：w"
    twin = rule("column-stale", title="重复", indicator="x", severity="deduct", params={}, doc=doc)(lambda ctx: [])
    with pytest.raises(RuleError, match="twice"):
        rule_table(RULES["column-stale"].check, twin)
    with pytest.raises(RuleError, match="kebab-case"):
        rule("ColumnStale", title="坏", indicator="x", severity="deduct", params={}, doc=doc)
    with pytest.raises(RuleError, match="severity"):
        rule("x-y", title="坏", indicator="x", severity="fatal", params={}, doc=doc)
    with pytest.raises(RuleError, match="合格示例"):
        rule("x-y", title="坏", indicator="x", severity="warn", params={}, doc="检查内容：x\n依据：y")
    assert "x-y" not in RULES
