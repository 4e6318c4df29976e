"""What every CLI command shares: the --config, --db and --as-of options (defined once, so every command
parses and errs alike), loading the config and database path they name, and the exit codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from core.config import Config, ConfigError, load_config

F = TypeVar("F", bound=Callable[..., Any])

CONFIG_HELP = "站点配置文件 (TOML)"
DB_HELP = "SQLite 数据库文件（默认取配置中的 database，即 patrol.db）"
AS_OF_HELP = "巡查基准日期 YYYY-MM-DD（默认今天），用于复现结果"

INCOMPLETE_EXIT = 3  # `patrol run` did not complete (interrupted, database unreadable): not a verdict


class AsOf(click.ParamType):
    """A day written YYYY-MM-DD; anything else is a usage error (exit 2) naming the option."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"日期格式应为 YYYY-MM-DD，收到 {value!r}", param, ctx)


def as_of_option(help: str = AS_OF_HELP) -> Callable[[F], F]:
    """``--as-of YYYY-MM-DD``: a :class:`datetime.date`, or None for today."""
    return click.option("--as-of", type=AsOf(), default=None, help=help)


def config_option(default: str | None = "sites.toml", help: str = CONFIG_HELP) -> Callable[[F], F]:
    """``--config FILE`` into the ``config_path`` parameter; a None default makes the config optional."""
    return click.option("--config", "config_path", default=default, show_default=default is not None, help=help)


def db_option(default: str | None = None, help: str = DB_HELP) -> Callable[[F], F]:
    """``--db FILE``; None (the default) means the config's ``database``."""
    return click.option("--db", default=default, show_default=default is not None, help=help)


def load_checked_config(config_path: str) -> Config:
    """Load and validate a config (rule parameters included); a problem is a usage error (exit 2)."""
    from rules.catalogue import config_problems

    try:
        return load_config(config_path, checks=config_problems)
    except ConfigError as exc:
        raise click.UsageError(f"配置错误：{exc}")


def database_path(config: Config, override: str | None) -> str:
    """The SQLite file to use: --db, else the config's ``database``; its folder must exist."""
    path = Path(override or config.database)
    if not path.parent.is_dir():
        raise click.UsageError(f"数据库文件 {path} 所在的目录不存在；请先创建该目录，或用 --db 指定其他位置")
    return str(path)


def known_sites(config: Config, sites: tuple[str, ...]) -> list[str] | None:
    """The --site names (None for all); a name the config does not have is a usage error."""
    unknown = [s for s in sites if config.site(s) is None]
    if unknown:
        raise click.UsageError(f"配置中没有这些站点：{'、'.join(unknown)}")
    return list(sites) or None


def exit_for(verdicts: list[str]) -> int:
    """1 when a site fails or could not be checked (未能检查: nothing proves it passes), else 0."""
    return 1 if any(v in ("fail", "unchecked", "incomplete") for v in verdicts) else 0
