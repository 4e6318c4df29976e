"""docs/cli.md is generated from the commands' --help and must be current."""

from __future__ import annotations

from patrol.clidocs import DOCS_PATH, render_cli_markdown


def test_cli_docs_are_current() -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == render_cli_markdown(), \
        "docs/cli.md is stale: run `python -m patrol.clidocs --write`"


def test_every_command_is_documented() -> None:
    from patrol.cli import cli

    text = render_cli_markdown()
    for name in cli.list_commands(None):
        assert f"## `patrol {name}`" in text
