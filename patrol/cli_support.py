"""What every CLI command does with its --config and --db before work starts."""

from __future__ import annotations

from pathlib import Path

import click

from core.config import Config, ConfigError, load_config


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
