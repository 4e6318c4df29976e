"""`patrol report`: a read-only re-evaluation of the stored data as of a date (registered in patrol/cli.py).

Reproducing a past verdict must not rewrite history: the database is opened read-only, nothing is
crawled and nothing is written; the findings' lifecycle stays as the runs left it.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from core.dates import local_today
from core.tables import render_table
from patrol.cli_support import (
    as_of_option,
    config_option,
    database_path,
    db_option,
    exit_for,
    known_sites,
    load_checked_config,
    unusable_database,
)
from patrol.output import VERDICT_NAMES, check_json, render_findings


@click.command()
@config_option()
@db_option()
@as_of_option(help="评估基准日期 YYYY-MM-DD（默认今天）；只依据该日及以前完成的巡查")
@click.option("--site", "sites", multiple=True, help="只评估指定站点（可重复）")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象：as_of、database、sites（同 check --json）")
def report(config_path: str, db: str | None, as_of: date | None, sites: tuple[str, ...], as_json: bool) -> None:
    """按库中已存数据、以指定日期为基准重新评估各站点（只读：不抓取、不写数据库、不改变问题历史）。

    只依据基准日及以前完成的巡查：该日以后又巡查过的站点，给出当日那次巡查记录的结论、得分与问题；
    该日以前没有完成的巡查时拒绝评估（退出码 1）。有站点不合格或未能检查时退出码 1。

    示例：patrol report --as-of 2026-11-20 --site 清河市教育局 --json
    """
    from patrol.inspection import reevaluate
    from storage.store import Store

    config = load_checked_config(config_path)
    wanted = known_sites(config, sites)
    day = as_of or local_today(config.schedule.timezone)
    database = database_path(config, db)
    if not Path(database).exists():
        _refuse(f"无法读取数据库 {database}：文件不存在，还没有任何巡查；请先运行 patrol run 完成一次巡查。")
    try:
        with Store(database, read_only=True) as store:
            past = reevaluate(store, config, day, wanted)
            first = store.first_inspection(wanted or [s.name for s in config.sites])
    except (FileNotFoundError, sqlite3.DatabaseError) as exc:
        raise unusable_database(database, exc)
    if not past.evaluations:
        if first is None:
            _refuse(f"数据库 {database} 中{'这些网站' if wanted else ''}还没有完成的巡查，无法评估；"
                    "请先运行 patrol run 完成一次巡查。")
        _refuse(f"截至 {day.isoformat()}，数据库 {database} 中{'这些网站' if wanted else ''}还没有完成的巡查"
                f"（最早一次完成的巡查为 {first.isoformat()}），无法评估：过去某日的结论只依据当日已知的数据。")
    if as_json:
        click.echo(json.dumps({"as_of": day.isoformat(), "database": database, "read_only": True,
                               "sites": [_site_json(config, name, ev, past) for name, ev in past.evaluations.items()],
                               "not_inspected": past.not_inspected}, ensure_ascii=False))
    else:
        click.echo(_render(day, database, past))
    sys.exit(exit_for([ev.verdict for ev in past.evaluations.values()]))


def _refuse(message: str) -> NoReturn:
    click.echo(f"未评估：{message}", err=True)
    sys.exit(1)


def _site_json(config: Any, name: str, ev: Any, past: Any) -> dict[str, Any]:
    site = config.site(name)
    data = check_json(site.url if site else "", name, ev)
    data["as_of"] = past.as_of.isoformat()
    data["site"]["unit"] = site.unit if site else None
    data["inspected"] = past.inspected[name].isoformat()
    data["basis"] = "recorded" if name in past.recorded else "reevaluated"  # recorded: the evaluation of then
    for row, finding in zip(data["findings"], ev.findings, strict=True):  # check_json keeps the order
        row["key"], row["exempt_reason"] = finding.key, ev.exempted.get(finding.key)
    return data


def _render(day: date, database: str, past: Any) -> str:
    rows = [[name, past.inspected[name].isoformat(), VERDICT_NAMES.get(ev.verdict, ev.verdict),
             ev.score if ev.score is not None else "—", len(ev.findings),
             "当日巡查记录" if name in past.recorded else "按基准日重新评估"]
            for name, ev in past.evaluations.items()]
    head = (f"只读重新评估（基准日 {day.isoformat()}，数据库 {database}；"
            "只依据该日及以前完成的巡查；未抓取、未写入数据库）\n"
            + render_table(["站点", "巡查数据日期", "结论", "得分", "问题数", "依据"], rows, right=(3, 4)))
    parts = [head]
    later = [name for name in past.recorded]
    if later:
        parts.append(f"说明：{'、'.join(later)} 在 {day.isoformat()} 以后又巡查过，库中页面已是之后的数据，"
                     "不据以重新评估；结论、得分与问题取其当日那次巡查的记录。")
    untold = [name for name, kept in past.recorded.items() if not kept]
    if untold:
        parts.append(f"{'、'.join(untold)}：该次巡查早于问题明细的保存（数据库升级前），只有结论与得分。")
    if past.not_inspected:
        parts.append(f"截至 {day.isoformat()} 尚无完成的巡查（未评估）：{'、'.join(past.not_inspected)}")
    parts += [f"\n{name}\n{render_findings(ev)}" for name, ev in past.evaluations.items()
              if ev.findings]
    return "\n".join(parts)
