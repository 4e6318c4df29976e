"""`patrol serve` (the web view of patrol.db) and `patrol stats` (the year's figures); registered in patrol/cli.py."""

from __future__ import annotations

import errno
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from patrol.cli_support import config_option, db_option, load_checked_config, unusable_database, usable_database
from web.metadata import SQL_TIME_LIMIT_MS

DB_HELP = "SQLite 数据库文件（默认取配置中的 database，否则 patrol.db）"

STATS_RULE = """计数规则：每个栏目中的每条信息（栏目+网址）计一次，日期取栏目列表所示日期，列表无日期时取正文发布日期；
日期在该年内且不晚于最后看到它的那次巡查的基准日才计入（无日期、日期无效或晚于检查日的不计）；已从列表撤下的信息仍计入；
同一网址出现在多个栏目时在各栏目分别计数，在网站、单位、类别合计中只计一次。只统计巡查所见的栏目与信息：
开始巡查前已从列表撤下的信息无法统计，输出中注明覆盖的网站、栏目与该年首次、最近一次巡查日期。"""


def _config(config_path: str | None) -> Any:
    """The config when one is named or sites.toml is here (column classes and windows follow it), else None."""
    if config_path is None and not Path("sites.toml").is_file():
        return None
    return load_checked_config(config_path or "sites.toml")


def _db(config: Any, db: str | None) -> str:
    """--db, else the config's database, else patrol.db; a file there must be an SQLite database (exit 2)."""
    path = db or (str(config.database) if config is not None else "patrol.db")
    return usable_database(path)


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
PUBLIC_WARNING = ("警告：网页视图没有登录，监听 {host} 后，能连到本机的任何人都可查看全部巡查数据"
                  "（单位、问题、通报记录）；请只在可信的内部网络中使用，用完即关。")


def _loopback(host: str) -> bool:
    """Whether ``host`` is an address of this machine only."""
    import ipaddress

    if host.lower() in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _listening(host: str, port: int) -> str:
    """Where the view can be opened, as it is: every address of the machine for 0.0.0.0 / ::."""
    if host in ("0.0.0.0", "::", ""):
        return f"本机所有网络地址的 {port} 端口（如 http://127.0.0.1:{port}/）"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


@click.command()
@db_option(help=DB_HELP)
@config_option(default=None, help="站点配置文件（默认当前目录的 sites.toml，若存在）：栏目类别与更新时限按配置显示")
@click.option("--port", default=8001, show_default=True, help="端口（0 = 随机）")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址（默认仅本机；其他地址须同时加 --public）")
@click.option("--public", is_flag=True, help="允许监听本机以外的地址（网页视图无登录，网络上任何人都可查看）")
@click.option("--allow-sql", "allow_sql", is_flag=True,
              help=f"开启任意 SQL 查询框（默认关闭；每个查询限时 {SQL_TIME_LIMIT_MS} 毫秒）")
def serve(db: str | None, config_path: str | None, port: int, host: str, public: bool, allow_sql: bool) -> None:
    """在浏览器中查看巡查数据库（Datasette，只读）：巡查总览、单位排名、问题清单、栏目更新、整改跟踪、通报记录与图表。

    数据库以只读方式打开，不会被修改；巡查可同时进行，刷新页面即见新数据。每个视图可导出 CSV/JSON，地址固定，
    可写入通报。页面不从互联网加载任何内容。机器人密钥等机密不显示。

    示例：patrol demo && patrol serve，然后在浏览器打开 http://127.0.0.1:8001/
    """
    from web.app import build
    from web.app import serve as run_server

    if not _loopback(host) and not public:
        raise click.UsageError(f"监听地址 {host} 不是本机地址：网页视图没有登录，网络上任何人都能查看巡查数据。"
                               "确需对外开放时请同时加 --public")
    config = _config(config_path)
    database = _db(config, db)
    try:
        _readable(database)
        ds = build(database, config, allow_sql=allow_sql)
    except (FileNotFoundError, ValueError) as exc:
        raise click.UsageError(f"无法打开数据库 {database}：{exc}")
    except sqlite3.DatabaseError as exc:
        raise unusable_database(database, exc)
    _check_port(host, port)
    if not _loopback(host):
        click.echo(PUBLIC_WARNING.format(host=host), err=True)
    click.echo(f"巡查数据（只读）：{database}\n监听 {_listening(host, port)}，浏览器打开查看巡查总览；按 Ctrl-C 结束。",
               err=True)
    run_server(ds, host, port)


def _check_port(host: str, port: int) -> None:
    """A port the server cannot listen on (taken, not allowed) is a usage error (exit 2), said before the URL
    to open is printed; the server's own English error never reaches the user."""
    import socket

    if port == 0:
        return
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise click.UsageError(f"监听地址 {host!r} 无法解析（{exc.strerror}）；请检查 --host")
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no conflict
        try:
            probe.bind(address)
        except OSError as exc:
            taken = exc.errno == errno.EADDRINUSE
            raise click.UsageError(f"无法在 {host}:{port} 上提供网页：" + (
                "该端口已被其他程序占用；请用 --port 换一个端口（如 --port 8002），或先停止占用它的程序"
                if taken else f"{exc.strerror or exc}；请检查 --host 与 --port"))


def _readable(database: str) -> None:
    """Open the database read-only once (its schema version checked): a fault is raised here, by name."""
    from storage.store import Store

    with Store(database, read_only=True):
        pass


@click.command(epilog=STATS_RULE)
@click.option("--year", type=int, required=True, help="统计年份，如 2026")
@db_option(help=DB_HELP)
@config_option(default=None, help="站点配置文件（默认当前目录的 sites.toml，若存在）")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象")
@click.option("--xlsx", "xlsx", default=None, metavar="FILE", help="另写出 XLSX（汇总、按月、按栏目三张表）")
def stats(year: int, db: str | None, config_path: str | None, as_json: bool, xlsx: str | None) -> None:
    """年度信息发布统计：各单位、网站、栏目、类别按月发布的信息条数，无更新月份、最长间隔与空白栏目（供年度报告与考核）。

    示例：patrol stats --year 2026 --xlsx 2026年度统计.xlsx
    """
    from web.stats import year_stats
    from web.stats_render import sections, write_xlsx

    config = _config(config_path)
    database = _db(config, db)
    try:
        _readable(database)
        figures = year_stats(database, year, config)
    except FileNotFoundError:
        click.echo(f"未统计：无法读取数据库 {database}：文件不存在，还没有任何巡查；请先运行 patrol run。", err=True)
        sys.exit(1)
    except sqlite3.DatabaseError as exc:
        raise unusable_database(database, exc)
    if not figures.covered:  # no figures rather than zeros that read as "nothing was published"
        click.echo(f"未统计：{figures.coverage()}", err=True)
        sys.exit(1)
    if xlsx:
        write_xlsx(figures, xlsx)
    if as_json:
        click.echo(json.dumps(figures.as_json(), ensure_ascii=False))
        return
    from core.tables import render_table

    parts = [figures.headline(), figures.coverage()]
    for title, (headers, rows) in sections(figures):
        parts += ["", title, render_table(headers, rows, right=tuple(range(1, len(headers))))]
    if xlsx:
        parts += ["", f"已写出 {xlsx}"]
    click.echo("\n".join(parts))
