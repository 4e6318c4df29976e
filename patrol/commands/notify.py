"""`patrol notify`: the weekly notices, written and delivered."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

import click

from core.dates import local_today
from core.tables import render_table
from patrol.cli_support import (
    as_of_option,
    config_option,
    database_path,
    db_option,
    load_checked_config,
    unusable_database,
)

CHANNEL_NAMES = {"file": "文件", "email": "邮件", "webhook": "机器人"}
DELIVERY_NAMES = {"sent": "已发送", "written": "已生成", "failed": "失败", "skipped": "已跳过",
                  "planned": "试运行，未发送"}


def _outcome(status: str, note: str | None) -> tuple[str, str]:
    """The 结果 and 说明 cells of a delivery: a file written but not sent says so in its result."""
    if status == "written":
        return (f"已生成（{note}）" if note else "已生成"), ""
    return DELIVERY_NAMES.get(status, status), note or ""


@click.command()
@config_option()
@db_option()
@as_of_option(help="通报基准日期 YYYY-MM-DD（默认今天）；周次取其所在 ISO 周")
@click.option("--unit", default=None, help="只生成并发送这个单位的整改通知（不生成汇总通报）")
@click.option("--dry-run", is_flag=True, help="只生成文件，不发送、不记录")
@click.option("--out", "out_dir", default=None, help="文件输出目录（默认取 [notify] out_dir）")
@click.option("--resend", is_flag=True, help="本周已送达的也重新发送")
@click.option("--allow-stale", is_flag=True,
              help="巡查数据超过 [notify] max_data_age_days（默认 2 天）仍生成通报（注明所依据的巡查日期）")
def notify(config_path: str, db: str | None, as_of: date | None, unit: str | None, dry_run: bool,
           out_dir: str | None, resend: bool, allow_stale: bool) -> None:
    """生成每周整改通知（各单位）与巡查通报（汇总），写出 XLSX/DOCX/HTML 并通过邮件、机器人发送。

    同一周重复执行不会重复发送（除非 --resend）；发送失败的会在下次执行时重试。
    全部成功或跳过时退出码 0，有发送失败时退出码 1；巡查数据缺失或过期时不生成通报，退出码 1。

    示例：patrol notify --config sites.toml --as-of 2026-11-23
    """
    from notices.runner import StaleData
    from notices.runner import notify as run_notify
    from notices.tables import inspection_dates

    config = load_checked_config(config_path)
    day = as_of or local_today(config.schedule.timezone)
    database = database_path(config, db)
    if not Path(database).exists():  # nothing to notify on; a dry run above all must not create the file
        click.echo(f"未生成通报：数据库文件 {database} 不存在，还没有任何巡查；请先运行 patrol run 完成一次巡查。",
                   err=True)
        sys.exit(1)
    try:
        result = run_notify(config, database, day, unit=unit, dry_run=dry_run, out_dir=out_dir,
                            resend=resend, allow_stale=allow_stale)
    except StaleData as exc:
        click.echo(f"未生成通报：{exc}", err=True)
        sys.exit(1)
    except ValueError as exc:
        raise click.UsageError(str(exc))
    except sqlite3.DatabaseError as exc:
        raise unusable_database(database, exc)
    click.echo(f"{result.week}（通知日期 {day.isoformat()}，巡查数据日期 {inspection_dates(result.inspected)}）："
               f"{len(result.notices)} 个单位有整改通知，已送达 {len(result.issued)} 个单位，"
               f"写出文件 {len(result.files)} 个" + ("（试运行）" if dry_run else ""))
    if result.deliveries:
        click.echo(render_table(
            ["单位", "周次", "渠道", "目标", "结果", "说明"],
            [[d.unit if d.unit != "*" else "（汇总通报）", d.week, CHANNEL_NAMES.get(d.channel, d.channel),
              d.target or "—", *_outcome(d.status, d.error)] for d in result.deliveries]))
    failed = result.having("failed")
    if failed:
        click.echo(f"{len(failed)} 项发送失败，已记录，下次执行 patrol notify 时自动重试。", err=True)
    sys.exit(result.exit_code)
