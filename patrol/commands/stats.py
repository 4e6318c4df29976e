"""`patrol stats`: the year's publication figures per unit, site, column and month."""

from __future__ import annotations

import json
import sqlite3
import sys

import click

from patrol.cli_support import VIEW_DB_HELP, config_option, db_option, open_read_only, unusable_database, view_inputs

STATS_RULE = """计数规则：每个栏目中的每条信息（栏目+网址）计一次，日期取栏目列表所示日期，列表无日期时取正文发布日期；
日期在该年内且不晚于最后看到它的那次巡查的基准日才计入（无日期、日期无效或晚于检查日的不计）；已从列表撤下的信息仍计入；
同一网址出现在多个栏目时在各栏目分别计数，在网站、单位、类别合计中只计一次。只统计巡查所见的栏目与信息：
开始巡查前已从列表撤下的信息无法统计，输出中注明覆盖的网站、栏目与该年首次、最近一次巡查日期。"""



@click.command(epilog=STATS_RULE)
@click.option("--year", type=int, required=True, help="统计年份，如 2026")
@db_option(help=VIEW_DB_HELP)
@config_option(default=None, help="站点配置文件（默认当前目录的 sites.toml，若存在）")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象")
@click.option("--xlsx", "xlsx", default=None, metavar="FILE", help="另写出 XLSX（汇总、按月、按栏目三张表）")
def stats(year: int, db: str | None, config_path: str | None, as_json: bool, xlsx: str | None) -> None:
    """年度信息发布统计：各单位、网站、栏目、类别按月发布的信息条数，无更新月份、最长间隔与空白栏目（供年度报告与考核）。

    示例：patrol stats --year 2026 --xlsx 2026年度统计.xlsx
    """
    from web.stats import year_stats
    from web.stats_render import sections, write_xlsx

    config, database = view_inputs(config_path, db)
    try:
        open_read_only(database)
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
