"""`patrol run`: inspect every configured site (the nightly job); resumes an interrupted run."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date

import click

from core.dates import local_today
from patrol.cli_support import (
    INCOMPLETE_EXIT,
    as_of_option,
    config_option,
    database_path,
    db_option,
    exit_for,
    is_locked,
    known_sites,
    load_checked_config,
    redis_url_checked,
    sqlite_text,
)
from patrol.output import render_summary
from patrol.stopping import terminate_as_interrupt


@click.command()
@config_option()
@db_option()
@as_of_option()
@click.option("--site", "sites", multiple=True, help="只巡查指定站点（可重复）")
@click.option("--quiet", is_flag=True, help="不显示进度")
@click.option("--full", is_flag=True, help="全量巡查：重新读取全部栏目页与条目页（默认只读取上次以来变化的部分）")
@click.option("--redis", "redis_url", metavar="URL",
              help="分布式巡查：本机作为协调端，把站点放入该 Redis 的队列，由各台机器上的 patrol worker 抓取，"
                   "本机负责写入数据库（如 redis://redis-host:6379/0）")
@click.option("--lease", type=click.FloatRange(min=1), default=60.0, show_default=True, metavar="秒",
              help="分布式巡查：worker 多久未续租即视为失联，其站点交给其他 worker 重新抓取")
def run(config_path: str, db: str | None, as_of: date | None, sites: tuple[str, ...], quiet: bool,
        full: bool, redis_url: str | None, lease: float) -> None:
    """巡查配置中的全部站点（每晚定时任务所执行的命令）。

    默认增量巡查：未变化的栏目（304 或内容相同）沿用上次读取的结果，变化的栏目读到已知条目为止，
    已读到日期的条目页每 recheck_days 天复查一次；--full 全部重新读取。

    --redis 使本机成为分布式巡查的协调端（见 README 的“Deployment across machines”）。

    示例：patrol run --config sites.toml --db patrol.db
    """
    from patrol.coordinator import RedisUnavailable, coordinate
    from patrol.inspection import HistoryError, inspect
    from storage.faults import classify
    from storage.lock import BUSY_EXIT, Busy, inspection_lock
    from storage.store import Store

    config = load_checked_config(config_path)
    wanted = known_sites(config, sites)
    database = database_path(config, db)
    if redis_url:
        redis_url_checked(redis_url)
    terminate_as_interrupt()  # from here SIGTERM stops the run as Ctrl-C does (usage errors come first)
    day = as_of or local_today(config.schedule.timezone)
    try:
        with inspection_lock(database):
            with Store(database) as store:
                store.check_integrity()  # a damaged file gets no run row written into it
            if redis_url:
                result = coordinate(config, database, day, redis_url, sites=wanted,
                                    full=full, progress=not quiet, lease=lease)
            else:
                result = inspect(config, database, day, sites=wanted,
                                 progress=not quiet, full=full)
    except Busy as exc:
        click.echo(str(exc), err=True)
        sys.exit(BUSY_EXIT)
    except HistoryError as exc:
        raise click.UsageError(str(exc))
    except KeyboardInterrupt:
        click.echo("巡查被中断（收到停止信号），已保存已完成的部分；再次运行 patrol run 将续跑。", err=True)
        sys.exit(INCOMPLETE_EXIT)
    except RedisUnavailable as exc:
        click.echo(f"{exc}；巡查未完成。请检查 --redis 地址与 Redis 服务，再次运行将续跑。", err=True)
        sys.exit(INCOMPLETE_EXIT)
    except (sqlite3.DatabaseError, OSError) as exc:
        fault = classify(exc)
        if fault is not None:
            click.echo(f"{database}：{fault.text}巡查未完成。", err=True)
            sys.exit(fault.exit_code)
        if not isinstance(exc, sqlite3.DatabaseError):
            raise
        if is_locked(exc):
            click.echo(f"数据库文件 {database}：{sqlite_text(exc)}；巡查未完成，稍后再次运行将续跑。", err=True)
            sys.exit(BUSY_EXIT)
        click.echo(f"数据库文件 {database} 无法读取（{sqlite_text(exc)}）；巡查未完成。请检查该文件，"
                   "或用 --db 指定新的数据库文件。", err=True)
        sys.exit(INCOMPLETE_EXIT)
    if result.interrupted:
        cause = "收到停止信号" if result.stopped_by_signal else "抓取未正常结束"
        click.echo(f"巡查被中断（批次 {result.run_id}，{cause}），已保存已完成的部分；再次运行 patrol run 将续跑。",
                   err=True)
        sys.exit(INCOMPLETE_EXIT)
    if result.resumed:
        click.echo(f"已续跑上次中断的巡查（批次 {result.run_id}）")
    click.echo(render_summary(config, database, result))
    sys.exit(exit_for([e.verdict for e in result.evaluations.values()]))
