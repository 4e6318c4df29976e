"""`patrol rules`: the rule catalogue (id, severity, title, basis, parameters)."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def rules(as_json: bool) -> None:
    """列出规则目录（编号、严重程度、名称、依据、参数）。"""
    from rules.docs import render_rules_table

    rows = render_rules_table()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from core.tables import render_table
    from core.vocabulary import SEVERITY_LABELS as severity

    click.echo(render_table(
        ["规则", "类别", "名称", "依据", "参数"],
        [[r["id"], severity.get(r["severity"], r["severity"]), r["title"], r["indicator"],
          ", ".join(f"{k}={v}" for k, v in r["params"].items())] for r in rows]))
