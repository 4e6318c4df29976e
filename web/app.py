"""Build and run Patrol's Datasette over patrol.db, read-only (``mode=ro``: the file is never written)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from core.dates import DEFAULT_TIMEZONE
from core.readonly_db import connect_read_only, needs_immutable
from web import plugin
from web.metadata import DATABASE, SQL_TIME_LIMIT_MS, build_metadata
from web.vocabulary import ColumnFacts

if TYPE_CHECKING:
    from core.config import Config

TEMPLATES = Path(__file__).resolve().parent / "templates"
PLUGIN_NAME = "patrol-web"


def table_columns(path: str | Path) -> dict[str, list[str]]:
    """The tables of the database file and their columns, read through a read-only connection."""
    conn = connect_read_only(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: [c[1] for c in conn.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        conn.close()


def build(db_path: str | Path, config: Config | None = None, max_age_days: int | None = None,
          allow_sql: bool = False) -> Datasette:
    """A Datasette serving ``db_path`` as ``/patrol`` with Patrol's metadata, views, templates and plugin.

    The SQL box is off unless ``allow_sql``: the canned views, tables and their exports stay.
    """
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}：数据库文件不存在；请先运行 patrol run 或 patrol demo")
    tables = table_columns(path)
    if "findings" not in tables:
        raise ValueError(f"{path}：不是 Patrol 的数据库（没有 findings 表）")
    if pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(plugin, name=PLUGIN_NAME)
    metadata = build_metadata(tables)
    if not allow_sql:
        metadata["allow_sql"] = False
    ds = Datasette(metadata=metadata, template_dir=str(TEMPLATES),
                   settings={"default_page_size": 100, "sql_time_limit_ms": SQL_TIME_LIMIT_MS,
                             "allow_download": False})
    # mode=ro; on a read-only filesystem the file cannot change, and Datasette opens it immutable
    ds.add_database(Database(ds, path=str(path.resolve()), is_mutable=not needs_immutable(path)), name=DATABASE)
    age = max_age_days if max_age_days is not None else (config.notify.max_data_age_days if config else 2)
    zone = config.schedule.timezone if config is not None else DEFAULT_TIMEZONE
    ds.patrol = plugin.PatrolState(ColumnFacts(config), age, "probes" in tables, zone)
    return ds


def serve(ds: Datasette, host: str, port: int) -> None:
    """Run the server until interrupted (uvicorn, as `datasette serve` does)."""
    import asyncio

    import uvicorn

    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
