"""`patrol report`: a read-only re-evaluation of the stored data as of a date (registered in patrol/cli.py).

Reproducing a past verdict must not rewrite history: the database is opened read-only, nothing is
crawled and nothing is written; the findings' lifecycle stays as the runs left it.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date
from typing import Any

import click

from core.dates import local_today
from core.tables import render_table
from patrol.cli_support import as_of_option, config_option, database_path, db_option, known_sites, load_checked_config
from patrol.report import VERDICT_NAMES, check_json, render_findings


@click.command()
@config_option()
@db_option()
@as_of_option(help="评估基准日期 YYYY-MM-DD（默认今天）")
@click.option("--site", "sites", multiple=True, help="只评估指定站点（可重复）")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象：as_of、database、sites（同 check --json）")
def report(config_path: str, db: str | None, as_of: date | None, sites: tuple[str, ...], as_json: bool) -> None:
    """按库中已存数据、以指定日期为基准重新评估各站点（只读：不抓取、不写数据库、不改变问题历史）。

    用于复现某日的结论，或在脚本中读取问题清单而无需写 SQL。

    示例：patrol report --as-of 2026-11-20 --site 清河市教育局 --json
    """
    from patrol.inspection import reevaluate
    from storage.faults import classify
    from storage.store import Store

    config = load_checked_config(config_path)
    wanted = known_sites(config, sites)
    day = as_of or local_today(config.schedule.timezone)
    database = database_path(config, db)
    try:
        with Store(database, read_only=True) as store:
            inspected, evaluations = reevaluate(store, config, day, wanted)
    except (FileNotFoundError, sqlite3.DatabaseError) as exc:
        fault = classify(exc)
        if fault is not None:
            click.echo(f"{database}：{fault.text}", err=True)
            sys.exit(fault.exit_code)
        click.echo(f"无法读取数据库 {database}：{exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps({"as_of": day.isoformat(), "database": database, "read_only": True,
                               "sites": [_site_json(config, name, ev, inspected.get(name))
                                         for name, ev in evaluations.items()]}, ensure_ascii=False))
    else:
        click.echo(_render(day, database, inspected, evaluations))
    sys.exit(1 if any(ev.verdict == "fail" for ev in evaluations.values()) else 0)


def _site_json(config: Any, name: str, ev: Any, inspected: date | None) -> dict[str, Any]:
    site = config.site(name)
    data = check_json(site.url if site else "", name, ev)
    data["site"]["unit"] = site.unit if site else None
    data["inspected"] = inspected.isoformat() if inspected else None
    for row, finding in zip(data["findings"], ev.findings, strict=True):  # check_json keeps the order
        row["key"], row["exempt_reason"] = finding.key, ev.exempted.get(finding.key)
    return data


def _render(day: date, database: str, inspected: dict[str, date], evaluations: dict[str, Any]) -> str:
    head = (f"只读重新评估（基准日 {day.isoformat()}，数据库 {database}；未抓取、未写入数据库）\n"
            + render_table(["站点", "巡查数据日期", "结论", "得分", "问题数"],
                           [[name, inspected[name].isoformat() if name in inspected else "从未巡查",
                             VERDICT_NAMES.get(ev.verdict, ev.verdict), ev.score, len(ev.findings)]
                            for name, ev in evaluations.items()], right=(3, 4)))
    parts = [head] + [f"\n{name}\n{render_findings(ev)}" for name, ev in evaluations.items() if ev.findings]
    return "\n".join(parts)
