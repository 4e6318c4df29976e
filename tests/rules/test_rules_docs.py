"""docs/rules.md is generated from the registry and must be current; weights cover the deduct rules."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT

from rules.catalogue import RULES
from rules.docs import DOCS_PATH, render_rules_markdown, render_rules_table
from rules.registry import DOC_SECTIONS, doc_sections
from rules.scoring import load_weights


def test_docs_file_is_current() -> None:
    assert DOCS_PATH == ROOT / "docs" / "rules.md"
    assert DOCS_PATH.read_text(encoding="utf-8") == render_rules_markdown(), \
        "docs/rules.md is stale: run `python -m rules.docs --write`"


def test_module_prints_the_docs() -> None:
    out = subprocess.run([sys.executable, "-m", "rules.docs"], capture_output=True, check=True, cwd=ROOT)
    assert out.stdout.decode("utf-8") == render_rules_markdown()


def test_every_rule_documented_in_fixed_sections() -> None:
    text = render_rules_markdown()
    for r in RULES.values():
        sections = doc_sections(r.doc)
        assert all(sections.get(h) for h in DOC_SECTIONS), r.id
        assert f"## `{r.id}` {r.title}" in text
        for name in r.params:
            assert f"`{name}`" in text


def test_weights_match_the_registry() -> None:
    weights = load_weights()
    deduct = {r.id for r in RULES.values() if r.severity == "deduct"}
    assert set(weights) == deduct
    for w in weights.values():
        assert w.points > 0 and w.indicator_max >= w.points and w.indicator_title


def test_rules_table() -> None:
    rows = render_rules_table()
    assert [r["id"] for r in rows] == list(RULES)
    stale = next(r for r in rows if r["id"] == "column-stale")
    assert stale["severity"] == "deduct" and stale["params"]["dynamic_days"] == 14 and stale["points"] == 2
    assert next(r for r in rows if r["id"] == "home-stale")["points"] is None


def test_each_rule_sits_in_the_file_its_family_names() -> None:
    """The family list of rules/__init__.py names the file of every rule, and docs/rules.md says it too."""
    import rules
    from rules.docs import source_file

    listed = {}
    for line in (rules.__doc__ or "").splitlines():
        if line.startswith("- ") and ".py: " in line:
            module, ids = line[2:].split(": ", 1)
            listed.update({rule_id.split(" (")[0].strip(): f"rules/{module}" for rule_id in ids.split(", ")})
    assert listed == {r.id: source_file(r) for r in RULES.values()}
    docs = DOCS_PATH.read_text(encoding="utf-8")
    for r in RULES.values():
        assert (ROOT / source_file(r)).is_file()
        assert f"- 代码：`{source_file(r)}`" in docs
