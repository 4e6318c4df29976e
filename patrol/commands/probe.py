"""The `patrol probe` command (registered on the group in patrol/cli.py)."""

from __future__ import annotations

import sqlite3
import sys

import click

from core.tables import render_table
from patrol.cli_support import (
    config_option,
    database_path,
    db_option,
    known_sites,
    load_checked_config,
    unusable_database,
)

OUTCOME_NAMES = {"ok": "正常", "fail": "失败", "blocked": "被拦截（不计失败）"}
TARGET_NAMES = {"home": "首页", "catalog": "信息公开目录"}


@click.command()
@config_option()
@db_option()
@click.option("--site", "sites", multiple=True, help="只探测指定站点（可重复）")
@click.option("--due", is_flag=True, help="只探测按 [schedule] probes_per_day 已到时间的站点（定时任务使用）")
@click.option("--quiet", is_flag=True, help="不列出每次探测")
def probe(config_path: str, db: str | None, sites: tuple[str, ...], due: bool, quiet: bool) -> None:
    """探测各站点首页能否打开（站点可用性），每站一次，记录时间、状态、耗时与失败原因。

    限时 [probe] timeout 秒（默认15秒，国办秘函〔2019〕19号）；被网站防火墙拦截不算失败。
    不占用巡查锁，可与每晚巡查同时运行。全部打开时退出码 0，有失败时 1。

    示例：patrol probe --config sites.toml
    """
    from patrol.probing import run_probes

    config = load_checked_config(config_path)
    wanted = known_sites(config, sites)
    database = database_path(config, db)
    try:
        results = run_probes(config, database, sites=wanted, due_only=due)
    except sqlite3.DatabaseError as exc:
        raise unusable_database(database, exc)
    failed = [r for r in results if r.outcome == "fail"]
    if not quiet and results:
        click.echo(render_table(
            ["站点", "探测", "状态码", "耗时（秒）", "结果", "原因"],
            [[r.target.site, TARGET_NAMES.get(r.target.kind, r.target.kind), r.status or "—", f"{r.elapsed:.2f}",
              OUTCOME_NAMES[r.outcome], r.error or ""] for r in results], right=(2, 3)))
    click.echo(f"探测 {len(results)} 次：正常 {sum(r.outcome == 'ok' for r in results)}，失败 {len(failed)}，"
               f"被拦截 {sum(r.outcome == 'blocked' for r in results)}")
    sys.exit(1 if failed else 0)
