"""Generate ``docs/cli.md`` from the commands' own ``--help``.

``python -m patrol.clidocs`` prints it; ``python -m patrol.clidocs --write`` writes it in place. A test fails
when the file is stale, so the reference always says what the commands do.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

DOCS_PATH = Path(__file__).resolve().parents[1] / "docs" / "cli.md"

_HEADER = """# 命令参考（patrol）

本文件由 `python -m patrol.clidocs --write` 根据各命令的 `--help` 生成，请勿手工修改；测试会检查它是否过期。
"""


def _context(command: click.Command, path: list[str], parent: click.Context | None) -> click.Context:
    """The context a real invocation builds (the group's settings, -h among them, reach every command)."""
    return click.Context(command, info_name=path[-1], parent=parent, terminal_width=100, max_content_width=100,
                         **command.context_settings)


def _sections(command: click.Command, path: list[str], parent: click.Context | None = None) -> list[str]:
    ctx = _context(command, path, parent)
    out = [f"## `{' '.join(path)}`", "", "```text", command.get_help(ctx), "```", ""]
    if isinstance(command, click.Group):
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                out += _sections(sub, [*path, name], ctx)
    return out


def render_cli_markdown() -> str:
    """The whole reference: the group's help, then every command's, in name order."""
    from patrol.cli import cli

    return "\n".join([_HEADER, *_sections(cli, ["patrol"])]).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    text = render_cli_markdown()
    if "--write" in (argv if argv is not None else sys.argv[1:]):
        DOCS_PATH.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
