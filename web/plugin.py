"""Datasette plugin hooks: Patrol's SQL functions, the 巡查总览 home page, site pages and readable cells.

The hooks act only on a Datasette built by :func:`web.app.build` (it sets ``datasette.patrol``), so the
plugin is inert anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from core.dates import DEFAULT_TIMEZONE, local_today
from core.vocabulary import CONFIDENCE_LABELS
from web import charts
from web.csvexport import inert_csv_app
from web.interaction_stats import Median, is_answered
from web.metadata import CODE_LABELS, DATABASE, TIMESTAMPS
from web.queries import COLUMNS_STATUS, LEAGUE, RUNS, STALE_SITES, TREND, UNIT_FAMILIES
from web.vocabulary import (
    CHANNEL_LABELS,
    NOTICE_STATUS_LABELS,
    SEVERITY_LABELS,
    STATE_LABELS,
    ColumnFacts,
    category_label,
    family,
    rule_title,
)


@dataclass
class PatrolState:
    """What a Patrol Datasette knows beyond the file: the column facts, the staleness limit and the office's
    time zone (``[schedule] timezone``: its "today" is every view's default day, its clock every time shown)."""

    facts: ColumnFacts
    max_age_days: int = 2
    has_probes: bool = False
    timezone: str = DEFAULT_TIMEZONE

    def today(self) -> str:
        """Today in the office's time zone, as the CLI counts it (core.dates.local_today)."""
        return local_today(self.timezone).isoformat()

    def local_time(self, stamp: str | None) -> str | None:
        """A stored ISO timestamp (with its UTC offset) on the office's clock, ``YYYY-MM-DD HH:MM:SS``."""
        if not stamp:
            return stamp
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            return stamp
        if moment.tzinfo is not None:
            moment = moment.astimezone(ZoneInfo(self.timezone))
        return moment.strftime("%Y-%m-%d %H:%M:%S")


def _state(datasette: Any) -> PatrolState | None:
    return getattr(datasette, "patrol", None)


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    state = _state(datasette)
    if state is None:
        return
    facts = state.facts
    conn.create_function("patrol_today", 0, state.today)  # not deterministic: the day changes at midnight
    conn.create_function("patrol_local_time", 1, state.local_time, deterministic=True)
    conn.create_function("patrol_category", 3, facts.category, deterministic=True)
    conn.create_function("patrol_window", 3, facts.window, deterministic=True)
    conn.create_function("patrol_category_label", 1, category_label, deterministic=True)
    conn.create_function("patrol_family", 1, family, deterministic=True)
    conn.create_function("patrol_rule_title", 1, rule_title, deterministic=True)
    conn.create_function("patrol_answered", 2, is_answered, deterministic=True)
    conn.create_aggregate("patrol_median", 1, Median)
    for name, labels in (("patrol_severity", SEVERITY_LABELS), ("patrol_state", STATE_LABELS),
                         ("patrol_channel", CHANNEL_LABELS), ("patrol_notice_status", NOTICE_STATUS_LABELS),
                         ("patrol_confidence", CONFIDENCE_LABELS)):
        conn.create_function(name, 1, lambda v, labels=labels: labels.get(v, v), deterministic=True)


def _day(request: Any, state: PatrolState) -> tuple[str, bool]:
    """The day a page is judged on: ``?as_of=`` or today in the office's time zone; and whether it is today."""
    asked = (request.args.get("as_of") or "").strip() if request is not None else ""
    return (asked, False) if asked else (state.today(), True)


async def _rows(datasette: Any, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    result = await datasette.get_database(DATABASE).execute(sql, params)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


async def overview(datasette: Any, request: Any) -> dict[str, Any]:
    """The 巡查总览's figures and charts, judged on ``?as_of=`` (default today)."""
    state = _state(datasette)
    if state is None:  # not a Patrol Datasette: nothing to show
        return {}
    day, is_today = _day(request, state)
    params = {"as_of": day}
    runs = await _rows(datasette, RUNS, {})
    league = await _rows(datasette, LEAGUE, params)
    stale = await _rows(datasette, STALE_SITES, {**params, "max_age": state.max_age_days})
    trend = await _rows(datasette, TREND, {})
    families = await _rows(datasette, UNIT_FAMILIES, params)
    sites = await _rows(datasette, "SELECT name, unit FROM sites WHERE in_config = 1 ORDER BY unit, name", {})
    messages = await _rows(datasette, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'", {})
    for s in sites:
        s["path"] = site_path(datasette, s["name"])
    by_unit: dict[str, dict[str, int]] = {}
    for r in families:
        by_unit.setdefault(r["单位"], {})[r["问题类别"]] = r["未整改问题"]
    weeks = [r["周起始日"][5:] for r in trend]
    return {
        "as_of": day, "is_today": is_today, "timezone": state.timezone,
        "latest_run": runs[0] if runs else None, "league": league, "stale": stale,
        "max_age": state.max_age_days, "sites": sites, "has_availability": state.has_probes,
        "has_messages": bool(messages),
        "trend_rate": Markup(charts.column_chart(list(zip(weeks, [r["合格率"] for r in trend], strict=True)),
                                                 "每周合格率", y_max=100, suffix="%", line=True)),
        "trend_open": Markup(charts.column_chart(list(zip(weeks, [r["未整改问题"] for r in trend], strict=True)),
                                                 "每周未整改问题", color=charts.PALETTE[1])),
        "families": Markup(charts.stacked_bars(list(by_unit.items()), "各单位未整改问题（按规则类别）")),
    }


@hookimpl
def extra_template_vars(template: str, database: str | None, request: Any, datasette: Any) -> Any:
    if _state(datasette) is None:
        return {}
    if template in ("table.html", "row.html"):  # a filter on a coded column is shown by its label
        table = request.url_vars.get("table") if request else None
        return {"code_labels": {c: labels for (t, c), labels in CODE_LABELS.items() if t == table}}
    if template != "index.html":
        return {}

    async def inner() -> dict[str, Any]:
        return {"patrol": await overview(datasette, request)}

    return inner


async def site_page(datasette: Any, request: Any) -> Response:
    """/-/patrol/site/<name>: a site's columns, days since update against their window, as a chart and table."""
    state = _state(datasette)
    if state is None:
        raise NotFound("不是巡查数据库")
    name = tilde_decode(request.url_vars["name"])
    found = await _rows(datasette, "SELECT name, unit, url FROM sites WHERE name = :name", {"name": name})
    if not found:
        raise NotFound(f"没有名为“{name}”的站点")
    day, is_today = _day(request, state)
    columns = await _rows(datasette, COLUMNS_STATUS, {"as_of": day, "site": name})
    chart = charts.window_bars([(c["栏目"], c["距今天数"], c["更新时限"]) for c in columns
                                if c["更新时限"] is not None],  # columns without a window are in the table
                               f"{name}各栏目距最新信息天数与更新时限")
    return Response.html(await datasette.render_template("patrol_site.html", {
        "site": found[0], "columns": columns, "chart": Markup(chart), "as_of": day, "is_today": is_today,
        "timezone": state.timezone,
        "export": datasette.urls.query(DATABASE, "columns_status")
        + f"?site={quote(name)}&as_of={quote('' if is_today else day)}",
    }, request=request))


def site_path(datasette: Any, name: str) -> str:
    """The stable URL of a site's page (names are tilde-encoded, as Datasette encodes row keys)."""
    return datasette.urls.path(f"/-/patrol/site/{tilde_encode(name)}")


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """CSV exports carry no live formula (``web.csvexport``)."""
    if _state(datasette) is None:
        return None
    return inert_csv_app


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/patrol/site/(?P<name>[^/]+)$", site_page)]


def _link(href: str, text: Any) -> Markup:
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Site and unit names link to their rows (findings and entries name a site without a declared key); a raw
    table's stored codes show their Chinese labels and its timestamps the office's clock."""
    state = _state(datasette)
    if state is None or database != DATABASE or not isinstance(value, str) or not value:
        return None
    if table and value in CODE_LABELS.get((table, column), {}):
        return CODE_LABELS[(table, column)][value]
    if (table, column) in TIMESTAMPS:
        return state.local_time(value)
    if column in ("site", "站点") and table in (None, "findings", "entries", "evaluations"):
        return _link(site_path(datasette, value), value)
    if column == "问题编号":
        return _link(datasette.urls.row(DATABASE, "findings", tilde_encode(value)), value)
    if column in ("unit", "单位") and table in (None, "notices") and value != "（汇总通报）":
        return _link(datasette.urls.row(DATABASE, "units", tilde_encode(value)), value)
    return None
