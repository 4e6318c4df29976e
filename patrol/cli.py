"""The `patrol` command line: the group and the registration of its commands (one module per command).

Exit codes: 0 pass, 1 findings that fail a site, 2 usage or config error (unusable inputs included),
3 a command that did not complete (interrupted, or its database became unreadable).
Shared options (--config, --db, --as-of) live in patrol/cli_support.py.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from core.config import ConfigError
from patrol.cli_support import INCOMPLETE_EXIT
from patrol.click_zh import install as _speak_chinese
from patrol.commands_check import check
from patrol.commands_demo import demo
from patrol.commands_notify import notify, schedule
from patrol.commands_page import page
from patrol.commands_probe import probe
from patrol.commands_report import report
from patrol.commands_rules import rules
from patrol.commands_run import run
from patrol.commands_web import serve, stats
from patrol.commands_worker import worker

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


def main() -> None:
    """Console entry point: usage errors exit 2, as click does."""
    try:
        cli.main(standalone_mode=True)
    except ConfigError as exc:
        click.echo(f"配置错误：{exc}", err=True)
        sys.exit(2)


__all__ = ["cli", "main"]
