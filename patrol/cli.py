"""The `patrol` command line: the group and the registration of its commands (one module per command in
patrol/commands/, named for the command).

Exit codes: 0 pass, 1 findings that fail a site, 2 usage or config error (unusable inputs included),
3 a command that did not complete (interrupted, or its database became unreadable), 70 an unexpected error
(a crash), 75 another inspection holds the lock; database faults have their own (storage/faults.py).
Shared options (--config, --db, --as-of) live in patrol/cli_support.py.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
import traceback
from typing import Any, NoReturn

import click

from core.config import ConfigError
from core.exits import CRASH_EXIT
from patrol.cli_support import INCOMPLETE_EXIT
from patrol.click_zh import install as _speak_chinese
from storage.faults import classify

_speak_chinese()


# The commands (``patrol --help`` lists them alphabetically); each lives in patrol/commands/<name>.py as a click
# command of the same name, imported only when it runs (or for --help): `patrol check` does not pay for
# importing the web view, the notices or the scheduler.
COMMANDS = ("demo", "run", "check", "page", "rules", "notify", "schedule", "report", "serve", "stats", "probe",
            "worker", "review")


class PatrolGroup(click.Group):
    """The command group; Ctrl-C (or SIGTERM where a command maps it) in any command exits 3 with a Chinese
    line, never click's "Aborted!" with exit 1 (the code for "found problems"). Commands load on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:  # added on the group itself (click's add_command)
            return self.commands[cmd_name]
        if cmd_name not in COMMANDS:
            return None
        command = getattr(importlib.import_module(f"patrol.commands.{cmd_name}"), cmd_name)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                           list[str]]:
        """As click's; an unknown name first registers every command, so click suggests the close ones."""
        if args and args[0] not in COMMANDS and args[0] not in self.commands:
            for name in set(COMMANDS) - set(self.commands):
                command = self.get_command(ctx, name)
                assert command is not None
                self.add_command(command, name)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\n已中断（收到停止信号），命令未完成；结果不完整，请重新执行。", err=True)
            raise click.exceptions.Exit(INCOMPLETE_EXIT) from None


@click.group(cls=PatrolGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="patrol")
def cli() -> None:
    """政务公开巡查 Patrol：巡查政府网站栏目更新、空白、缺失与格式问题。"""


def main() -> None:
    """Console entry point: usage errors exit 2, as click does; a database fault (``storage.faults``: corrupt,
    newer schema, read-only, disk full) exits with its own code and message; any other unexpected error exits
    ``CRASH_EXIT`` (70) with its traceback, so that no caller takes a crash for a completed run (1)."""
    try:
        cli.main(standalone_mode=True)
    except ConfigError as exc:
        click.echo(f"配置错误：{exc}", err=True)
        sys.exit(2)
    except (sqlite3.DatabaseError, OSError) as exc:
        fault = classify(exc)
        if fault is None:
            _crash(exc)
        click.echo(fault.text, err=True)
        sys.exit(fault.exit_code)
    except Exception as exc:  # noqa: BLE001 - the one place that turns any crash into its own exit code
        _crash(exc)


def _crash(exc: BaseException) -> NoReturn:
    """Print the traceback and a Chinese line; exit ``CRASH_EXIT``."""
    traceback.print_exc(file=sys.stderr)
    click.echo(f"程序内部错误（{type(exc).__name__}: {exc}），命令未完成（退出码 {CRASH_EXIT}）。"
               "请保留以上错误信息并报告。", err=True)
    sys.exit(CRASH_EXIT)


__all__ = ["cli", "main"]
