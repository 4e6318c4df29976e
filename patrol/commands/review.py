"""`patrol review`: the content-review candidates (personal data, wording) for a person to confirm or dismiss."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from core.vocabulary import CONFIDENCE_LABELS
from patrol.cli_support import config_option, db_option, usable_database, view_inputs

_KINDS = {"personal-data": "个人信息", "wording": "表述"}


def _database(config_path: str | None, db: str | None) -> str:
    _, database = view_inputs(config_path, db)
    return database


def _row_json(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "site", "url", "kind", "location", "summary", "sample", "confidence", "status", "reason",
            "decided_at", "first_seen", "last_seen")
    return {k: row[k] for k in keys}


@click.group(invoke_without_command=True)
@click.option("--site", default=None, help="只列出该站点的候选")
@click.option("--all", "show_all", is_flag=True, help="也列出已确认、已排除的")
@click.option("--json", "as_json", is_flag=True, help="每行输出一个 JSON 对象")
@db_option()
@config_option(default=None, help="站点配置文件（默认当前目录的 sites.toml，若存在）")
@click.pass_context
def review(ctx: click.Context, site: str | None, show_all: bool, as_json: bool, db: str | None,
           config_path: str | None) -> None:
    """内容审核：列出待人工核实的个人信息泄露与严重表述错误候选（证据已脱敏）。

    确认或排除：patrol review confirm ID --reason 理由；patrol review dismiss ID --reason 理由。
    已排除的候选在文字不变时不再出现；确认后计入通报与评分。
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db, "config_path": config_path}
        return
    from storage.review import REVIEW_STATUSES
    from storage.store import Store

    database = _database(config_path, db)
    statuses = tuple(REVIEW_STATUSES) if show_all else ("pending",)
    try:
        with Store(database, read_only=True) as store:
            rows = store.review_candidates(site, statuses)
            unread = store.unread_attachments([site] if site else None)
    except FileNotFoundError:
        click.echo(f"无法读取数据库 {database}：文件不存在；请先运行 patrol run。", err=True)
        sys.exit(1)
    if as_json:
        for row in rows:
            click.echo(json.dumps(_row_json(row), ensure_ascii=False))
        return
    from core.tables import render_table
    from notices.build import unread_label

    if rows:
        table = [[str(r["id"]), r["site"], _KINDS[r["kind"]], REVIEW_STATUSES[r["status"]], r["summary"],
                  r["sample"], CONFIDENCE_LABELS.get(r["confidence"], "—")] for r in rows]
        click.echo(render_table(["编号", "站点", "类别", "状态", "摘要", "证据（已脱敏）", "把握"], table))
    else:
        click.echo("没有待核实的候选。")
    if unread:
        click.echo(f"\n无法读取、需人工查看的附件（{len(unread)} 个，未读取的不视为合格）：")
        click.echo(render_table(["站点", "附件", "原因", "地址"],
                                [[r["site"], r["name"] or "—", unread_label(r), r["url"]] for r in unread]))


def _decide(ctx: click.Context, candidate_id: int, status: str, reason: str) -> None:
    from storage.store import Store

    database = usable_database(_database(ctx.obj["config_path"], ctx.obj["db"]), must_exist=True)
    if not reason.strip():
        raise click.UsageError("请用 --reason 写明理由")
    with Store(database) as store:
        try:
            row = store.decide_candidate(candidate_id, status, reason.strip())
        except KeyError:
            raise click.UsageError(f"没有编号为 {candidate_id} 的候选；patrol review --all 可列出全部")
    verb = "已确认" if status == "confirmed" else "已排除"
    click.echo(f"{verb}候选 {candidate_id}（{row['site']}）：{row['summary']}")


@review.command()
@click.argument("candidate_id", type=int)
@click.option("--reason", required=True, help="确认理由")
@click.pass_context
def confirm(ctx: click.Context, candidate_id: int, reason: str) -> None:
    """确认一个候选：计入该单位的通报与评分。"""
    _decide(ctx, candidate_id, "confirmed", reason)


@review.command()
@click.argument("candidate_id", type=int)
@click.option("--reason", required=True, help="排除理由")
@click.pass_context
def dismiss(ctx: click.Context, candidate_id: int, reason: str) -> None:
    """排除一个候选（误报）：文字不变时不再出现。"""
    _decide(ctx, candidate_id, "dismissed", reason)
