"""The README's layout section names every command, middleware, extractor and rule file, so a newcomer finds
each by its file name alone."""

from __future__ import annotations

import re

from helpers import ROOT


def _layout() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Layout", 1)[1].split("\n## ", 1)[0]


def _modules(folder: str) -> set[str]:
    return {p.name for p in (ROOT / folder).glob("*.py") if p.name != "__init__.py"}


def test_every_command_middleware_and_extractor_is_named() -> None:
    layout = _layout()
    for folder in ("patrol/commands", "crawler/middlewares", "crawler/extract"):
        missing = {name for name in _modules(folder) if f"`{name}`" not in layout}
        assert not missing, f"README layout does not name {folder}/{sorted(missing)}"


def test_every_rule_file_is_named_with_its_rules() -> None:
    layout = _layout().split("\n- Rules", 1)[1].split("\n- ", 1)[0]  # the rules' own entry
    for path in sorted((ROOT / "rules").glob("*.py")):
        ids = re.findall(r'@rule\(\s*"([a-z-]+)"', path.read_text(encoding="utf-8"))
        if not ids:
            continue
        assert f"`{path.name}`" in layout, f"README layout does not name rules/{path.name}"
        said = layout.split(f"`{path.name}`", 1)[1].split(".py`", 1)[0]  # up to the next file named
        patterns = re.findall(r"[a-z-]+\*?", said)
        for rule_id in ids:
            placed = any(rule_id == p or (p.endswith("*") and rule_id.startswith(p[:-1])) for p in patterns)
            assert placed, f"README layout does not place {rule_id} beside rules/{path.name}"
