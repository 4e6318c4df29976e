"""`patrol demo`: serve the bundled demo portals on 127.0.0.1, inspect them and print the summary."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from core.dates import local_today
from patrol.cli_support import INCOMPLETE_EXIT, as_of_option, db_option
from patrol.output import render_summary
from patrol.stopping import terminate_as_interrupt


@click.command()
@db_option(default="patrol.db", help="写入的 SQLite 数据库")
@click.option("--config-out", default="sites.toml", show_default=True,
              help="写出演示配置（已存在则不覆盖）")
@click.option("--port", default=18700, show_default=True, help="演示站点起始端口（0 = 随机）")
@click.option("--serve", is_flag=True, help="巡查完成后继续提供演示站点，直到 Ctrl-C")
@as_of_option()
def demo(db: str, config_out: str, port: int, serve: bool, as_of: date | None) -> None:
    """启动内置演示门户（127.0.0.1），巡查并打印汇总。

    示例：patrol demo
    """
    from core.config import parse_config
    from patrol.demo.server import DemoPortals
    from patrol.inspection import HistoryError, inspect

    terminate_as_interrupt()  # SIGTERM stops the demo as Ctrl-C does: the portals are shut down
    today = as_of or local_today()
    try:
        portals = DemoPortals(today, base_port=port).start()
    except OSError as exc:
        raise click.UsageError(f"演示站点端口被占用：{exc}；请用 --port 指定其他端口（或 --port 0）")
    try:
        from patrol.demo.review_sample import REVIEW_TOML, plant

        plant(portals)  # an article with a misspelt name and an unmasked list, for the content review
        text = portals.config_toml(database=db) + REVIEW_TOML
        out = Path(config_out)
        if not out.exists():
            out.write_text(text, encoding="utf-8")
            click.echo(f"已写出演示配置：{out}")
        else:
            click.echo(f"{out} 已存在，未覆盖；本次演示使用内置配置")
        import tomllib

        config = parse_config(tomllib.loads(text), "<demo>", out)
        click.echo(f"演示站点已在 127.0.0.1 启动：{len(portals.sites)} 个站点"
                   "（另有 1 个无法访问、1 个拦截巡查程序的单位），开始巡查……")
        try:
            result = inspect(config, db, today, kind="demo")
        except HistoryError as exc:
            raise click.UsageError(str(exc))
        if result.interrupted:
            click.echo("演示巡查被中断，演示站点已停止。", err=True)
            sys.exit(INCOMPLETE_EXIT)
        click.echo(render_summary(config, db, result))
        click.echo(_review_line(db))
        click.echo("\n下一步：patrol notify --dry-run 生成本周整改通知与巡查通报（XLSX/DOCX/HTML）；"
                   "patrol demo --serve 保持演示站点运行，可另开终端用 patrol check / patrol page 查看单个站点。")
        if serve:
            _serve_until_stopped()
    finally:
        portals.stop()


def _review_line(db: str) -> str:
    """How many content-review candidates wait for a person."""
    from storage.store import Store

    with Store(db) as store:
        pending = store.review_candidates()
    return f"内容审核：{len(pending)} 条待核实（个人信息、表述错误，证据已脱敏）；patrol review 查看，" \
           "patrol review confirm/dismiss 编号 --reason 理由 记录核实结果。"


def _serve_until_stopped() -> None:
    """Keep the demo portals up until Ctrl-C or SIGTERM (both raise KeyboardInterrupt here)."""
    import time

    try:
        click.echo("演示站点继续运行，可另开终端执行 patrol run / patrol check；按 Ctrl-C 结束。")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("\n已停止演示站点。")
