"""The `patrol` command line: the group and the registration of its commands (one module per command in
patrol/commands/, named for the command).

Exit codes: 0 pass, 1 findings that fail a site, 2 usage or config error (unusable inputs included),
3 a command that did not complete (interrupted, or its database became unreadable), 70 an unexpected error
(a crash), 75 another inspection holds the lock; database faults have their own (storage/faults.py).
Shared options (--config, --db, --as-of) live in patrol/cli_support.py.
"""

from __future__ import annotations

import sqlite3
import sys
import traceback
from typing import Any, NoReturn

import click

from core.config import ConfigError
from core.exits import CRASH_EXIT
from patrol.cli_support import INCOMPLETE_EXIT
from patrol.click_zh import install as _speak_chinese
from patrol.commands.check import check
from patrol.commands.demo import demo
from patrol.commands.notify import notify
from patrol.commands.page import page
from patrol.commands.probe import probe
from patrol.commands.report import report
from patrol.commands.review import review
from patrol.commands.rules import rules
from patrol.commands.run import run
from patrol.commands.schedule import schedule
from patrol.commands.serve import serve
from patrol.commands.stats import stats
from patrol.commands.worker import worker
from storage.faults import classify

_speak_chinese()


class PatrolGroup(click.Group):
    """The command group; Ctrl-C (or SIGTERM where a command maps it) in any command exits 3 with a Chinese
    line, never click's "Aborted!" with exit 1 (the code for "found problems")."""

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


cli.add_command(demo)
cli.add_command(run)
cli.add_command(check)
cli.add_command(page)
cli.add_command(rules)
cli.add_command(notify)
cli.add_command(schedule)
cli.add_command(report)
cli.add_command(serve)
cli.add_command(stats)
cli.add_command(probe)
cli.add_command(worker)
cli.add_command(review)


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
