"""Crawl items as typed JSON: what a distributed worker sends through Redis and the coordinator rebuilds.

An item travels as ``{"$item": "EntriesItem", "fields": {...}}``; values keep their Python type through
tags: ``{"$date": "2026-11-18"}``, ``{"$datetime": …}``, ``{"$tuple": [...]}``, nested dataclasses
as items, and a dict whose keys could be mistaken for a tag as
``{"$dict": [[key, value], ...]}``. Decoding rebuilds exactly the dataclass the spider yielded, and only the
classes of :mod:`crawler.items`: unlike pickle, a message read from the network never runs code.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any

from crawler import items as _items

ITEM_TYPES: dict[str, type] = {
    name: cls for name, cls in vars(_items).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == _items.__name__
}


class ItemDecodeError(ValueError):
    """A message that is not an encoded crawl item."""


def encode_item(item: Any) -> bytes:
    """The item as UTF-8 JSON (see the module docstring)."""
    return json.dumps(_tag(item), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_item(data: bytes | str) -> Any:
    """The item :func:`encode_item` encoded; :class:`ItemDecodeError` for anything else."""
    try:
        value = _untag(json.loads(data))
    except (ValueError, TypeError, KeyError) as exc:
        raise ItemDecodeError(f"无法解析的抓取数据：{exc}") from exc
    if type(value).__name__ not in ITEM_TYPES:
        raise ItemDecodeError("抓取数据不是已知的条目类型")
    return value


def _tag(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if ITEM_TYPES.get(name) is not type(value):
            raise TypeError(f"not a crawl item: {name}")
        return {"$item": name, "fields": {f.name: _tag(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [_tag(v) for v in value]}
    if isinstance(value, list):
        return [_tag(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _tag(v) for k, v in value.items()}
        return {"$dict": [[_tag(k), _tag(v)] for k, v in value.items()]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot encode {type(value).__name__} in a crawl item")


def _untag(value: Any) -> Any:
    if isinstance(value, list):
        return [_untag(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$item" in value:
        cls = ITEM_TYPES[value["$item"]]
        return cls(**{k: _untag(v) for k, v in value["fields"].items()})
    if "$date" in value:
        return date.fromisoformat(value["$date"])
    if "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if "$tuple" in value:
        return tuple(_untag(v) for v in value["$tuple"])
    if "$dict" in value:
        return {_untag(k): _untag(v) for k, v in value["$dict"]}
    return {k: _untag(v) for k, v in value.items()}
