"""`patrol schedule`: the cron loop of nightly runs, probes and weekly notices (scheduler.py)."""

from __future__ import annotations

import sqlite3

import click

from patrol.cli_support import config_option, database_path, db_option, load_checked_config, unusable_database


@click.command()
@config_option()
@db_option()
@click.option("--list", "show_list", is_flag=True, help="只列出各任务的下次运行时间")
def schedule(config_path: str, db: str | None, show_list: bool) -> None:
    """按 [schedule] 中的 cron 计划定时执行巡查（默认每晚 2:00）与通报（默认每周一 9:00），直到收到 SIGTERM/Ctrl-C。

    任务状态保存在数据库中，重启后保留；停机期间错过的运行在宽限期内合并补跑一次。

    示例：patrol schedule --config sites.toml --list
    """
    import scheduler

    config = load_checked_config(config_path, need_sites=not show_list)  # listing the plan needs no site
    db = database_path(config, db)
    try:
        if show_list:
            click.echo(scheduler.render_next_runs(config, config_path, db))
            return
        click.echo("调度器已启动，按 Ctrl-C 或发送 SIGTERM 停止。")
        click.echo(scheduler.render_next_runs(config, config_path, db))
        scheduler.run_forever(config, config_path, db)
    except sqlite3.DatabaseError as exc:
        raise unusable_database(db, exc)
    except ValueError as exc:
        raise click.UsageError(f"[schedule] 配置错误：{exc}")
    click.echo("调度器已停止。")
