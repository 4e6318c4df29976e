"""What every CLI command shares: the --config, --db and --as-of options (defined once, so every command
parses and errs alike), loading the config and database path they name, and the exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from core.config import Config, ConfigError, load_config

F = TypeVar("F", bound=Callable[..., Any])

CONFIG_HELP = "站点配置文件 (TOML)"
DB_HELP = "SQLite 数据库文件（默认取配置中的 database，即 patrol.db）"
VIEW_DB_HELP = "SQLite 数据库文件（默认取配置中的 database，否则 patrol.db）"  # serve, stats: the config is optional
AS_OF_HELP = "巡查基准日期 YYYY-MM-DD（默认今天），用于复现结果"

USAGE_EXIT = 2  # usage or config error, an unusable input (database file, Redis URL): as click's usage errors
INCOMPLETE_EXIT = 3  # the command did not complete (interrupted, database unreadable meanwhile): not a verdict

SQLITE_HEADER = b"SQLite format 3\x00"


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


def load_checked_config(config_path: str, *, need_sites: bool = True) -> Config:
    """Load and validate a config (rule parameters included); a problem, or no site at all when the command
    needs one (``need_sites``), is a usage error (exit 2)."""
    from rules.catalogue import config_problems

    try:
        config = load_config(config_path, checks=config_problems)
    except ConfigError as exc:
        raise click.UsageError(f"配置错误：{exc}")
    if need_sites and not config.sites:  # nothing to inspect, judge or notify: say so rather than print empty tables
        raise click.UsageError(f"配置错误：{config_path} 中没有登记任何网站（[[sites]]）；"
                               "请按 README 的示例添加网站，或运行 patrol demo 生成带注释的示例配置")
    return config


def database_path(config: Config, override: str | None, *, must_exist: bool = False) -> str:
    """The SQLite file to use: --db, else the config's ``database``; its folder must exist and the file, when
    there (or ``must_exist``), must be an SQLite database (:func:`usable_database`)."""
    path = Path(override or config.database)
    if not path.parent.is_dir():
        raise click.UsageError(f"数据库文件 {path} 所在的目录不存在；请先创建该目录，或用 --db 指定其他位置")
    return usable_database(str(path), must_exist=must_exist)


def known_sites(config: Config, sites: tuple[str, ...]) -> list[str] | None:
    """The --site names (None for all); a name the config does not have is a usage error."""
    unknown = [s for s in sites if config.site(s) is None]
    if unknown:
        raise click.UsageError(f"配置中没有这些站点：{'、'.join(unknown)}")
    return list(sites) or None


def exit_for(verdicts: list[str]) -> int:
    """1 when a site fails or could not be checked (未能检查: nothing proves it passes), else 0."""
    return 1 if any(v in ("fail", "unchecked", "incomplete") for v in verdicts) else 0


def usable_database(path: str, *, must_exist: bool = False) -> str:
    """``path`` when it can be Patrol's database: a missing file (unless ``must_exist``), or an SQLite file.

    A directory or an unreadable file is a usage error (exit 2) naming the file; a file that is no SQLite
    database (overwritten, truncated, or the wrong file) is the corrupt-database fault (``CORRUPT_EXIT``, 65),
    before any command opens it: the one check every command shares, so none answers with a traceback.
    """
    p = Path(path)
    if p.is_dir():
        raise click.UsageError(f"数据库文件 {p} 是一个目录；请用 --db 指定 SQLite 数据库文件")
    if not p.exists():
        if must_exist:
            raise click.UsageError(f"数据库文件 {p} 不存在；请先运行 patrol run（或 patrol demo）完成一次巡查，"
                                   "或用 --db 指定已有的数据库文件")
        return str(p)
    try:
        with p.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise click.UsageError(f"数据库文件 {p} 无法读取（{exc.strerror or exc}）；"
                               "请检查文件权限，或用 --db 指定其他文件")
    if head != SQLITE_HEADER and p.stat().st_size > 0:
        from storage.faults import CORRUPT_EXIT

        click.echo(f"文件 {p} 不是 SQLite 数据库：已损坏或指错了文件，巡查未完成、文件未被改动；"
                   "请用 --db 指定 Patrol 的数据库文件，或从备份恢复，或换一个新文件名重新巡查", err=True)
        sys.exit(CORRUPT_EXIT)
    return str(p)


_SQLITE_MESSAGES = {
    "database is locked": "数据库正被其他进程写入，等待超时；请稍后再试",
    "file is not a database": "不是 SQLite 数据库（可能已损坏或指错了文件）",
    "database disk image is malformed": "数据库文件已损坏",
    "unable to open database file": "无法打开数据库文件（请检查路径与权限）",
    "attempt to write a readonly database": "数据库文件只读，无法写入（请检查文件权限）",
    "disk I/O error": "读写磁盘出错",
}


def sqlite_text(exc: BaseException) -> str:
    """SQLite's message in Chinese when it is one of the common ones (Patrol's own messages are Chinese)."""
    text = str(exc)
    return next((zh for en, zh in _SQLITE_MESSAGES.items() if en in text), text)


def is_locked(exc: BaseException) -> bool:
    """SQLite gave up waiting for another process's write lock."""
    return "database is locked" in str(exc)


def unusable_database(path: str, exc: BaseException) -> click.UsageError:
    """For a database file SQLite refused: a named fault (corrupt, newer schema, read-only, disk full:
    ``storage.faults``) exits at once with its own code and message; a database another process kept locked
    past the wait exits 75 (try again later), as a `patrol run` finding another inspection does; anything else
    (unreadable) is the usage error (exit 2) to raise from a command's ``except sqlite3.DatabaseError``."""
    from storage.faults import classify
    from storage.lock import BUSY_EXIT

    fault = classify(exc)
    if fault is not None:
        click.echo(f"{path}：{fault.text}", err=True)
        sys.exit(fault.exit_code)
    if is_locked(exc):
        click.echo(f"数据库文件 {path}：{sqlite_text(exc)}", err=True)
        sys.exit(BUSY_EXIT)
    return click.UsageError(f"无法使用数据库文件 {path}：{sqlite_text(exc)}")


def redis_url_checked(url: str) -> str:
    """``url`` when it is a Redis URL redis-py accepts (redis://, rediss://, unix://); else a usage error."""
    import redis

    example = "redis://redis-host:6379/0（有密码时 redis://:密码@redis-host:6379/0）"
    try:
        redis.Redis.from_url(url)
    except ValueError:
        raise click.UsageError(f"--redis 地址 {_shown(url)} 格式不对，应为 {example}")
    return url


def _shown(url: str) -> str:
    """The URL for a message, its password hidden; a URL too broken to parse is shown without its host part."""
    from crawler.redisqueue import shown_url

    try:
        return shown_url(url)
    except ValueError:
        return url.partition("@")[2] or url if "@" in url else url


def view_inputs(config_path: str | None, db: str | None) -> tuple[Any, str]:
    """For the read-only views (serve, stats): the config when one is named or sites.toml is here (column
    classes and windows follow it), else None; and the database: --db, else the config's database, else
    patrol.db (a file there must be an SQLite database, exit 2)."""
    config = None
    if config_path is not None or Path("sites.toml").is_file():
        config = load_checked_config(config_path or "sites.toml")
    path = db or (str(config.database) if config is not None else "patrol.db")
    return config, usable_database(path)


def open_read_only(database: str) -> None:
    """Open the database read-only once (its schema version checked): a fault is raised here, by name."""
    from storage.store import Store

    with Store(database, read_only=True):
        pass
