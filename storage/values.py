"""Conversions between Python values and what the database stores: ISO dates, JSON text, stable ids."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, overload

from core.ids import stable_id


def column_id(site: str, name: str, url: str | None) -> str:
    """The id of a column: a hash of its site, name and URL."""
    return stable_id(site, name, url)


def entry_id(column: str, url: str) -> str:
    """The id of an entry: a hash of its column id and URL."""
    return stable_id(column, url)


@overload
def iso(value: date | str) -> str: ...
@overload
def iso(value: date | str | None) -> str | None: ...
def iso(value: date | str | None) -> str | None:
    """A date (or an ISO string already) as ``YYYY-MM-DD``; None stays None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def to_date(value: str | date | None) -> date | None:
    """An ISO date string read back from the database; None or empty text gives None."""
    if not value:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def now() -> str:
    """The current local time as an ISO timestamp with its UTC offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    """JSON text that keeps Chinese readable; dates become ISO strings."""
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def loads(text: str | None, default: Any = None) -> Any:
    """Parse JSON text from the database; NULL gives ``default``."""
    if text is None:
        return default
    return json.loads(text)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} as JSON")
