"""`patrol serve`: the web view of patrol.db (Datasette, read-only)."""

from __future__ import annotations

import errno
import sqlite3

import click

from patrol.cli_support import VIEW_DB_HELP, config_option, db_option, open_read_only, unusable_database, view_inputs
from web.metadata import SQL_TIME_LIMIT_MS

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
@db_option(help=VIEW_DB_HELP)
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
    config, database = view_inputs(config_path, db)
    try:
        open_read_only(database)
        ds = build(database, config, allow_sql=allow_sql)
    except (FileNotFoundError, ValueError) as exc:
        raise click.UsageError(f"无法打开数据库 {database}：{exc}")
    except sqlite3.DatabaseError as exc:
        raise unusable_database(database, exc)
    port = _check_port(host, port)
    if not _loopback(host):
        click.echo(PUBLIC_WARNING.format(host=host), err=True)
    click.echo(f"巡查数据（只读）：{database}\n监听 {_listening(host, port)}，浏览器打开查看巡查总览；按 Ctrl-C 结束。",
               err=True)
    run_server(ds, host, port)


def _check_port(host: str, port: int) -> int:
    """The port to listen on: ``port``, or for 0 a free one chosen now, so the URL printed is the one to open.
    A port the server cannot listen on (taken, not allowed) is a usage error (exit 2), said before the URL
    to open is printed; the server's own English error never reaches the user."""
    import socket

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
        return probe.getsockname()[1]
