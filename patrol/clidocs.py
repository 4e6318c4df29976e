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


def _help(command: click.Command, path: list[str]) -> str:
    ctx = click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100)
    return command.get_help(ctx)


def _sections(command: click.Command, path: list[str]) -> list[str]:
    out = [f"## `{' '.join(path)}`", "", "```text", _help(command, path), "```", ""]
    if isinstance(command, click.Group):
        for name in sorted(command.list_commands(click.Context(command))):
            sub = command.get_command(click.Context(command), name)
            if sub is not None and not sub.hidden:
                out += _sections(sub, [*path, name])
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
