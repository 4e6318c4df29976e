"""Crawl items as typed JSON: what a distributed worker sends through Redis and the coordinator rebuilds.

An item travels as ``{"$item": "EntriesItem", "fields": {...}}``; values keep their Python type through
tags: ``{"$date": "2026-11-18"}``, ``{"$datetime": …}``, ``{"$tuple": [...]}``, nested dataclasses
as items, and a dict whose keys could be mistaken for a tag as
``{"$dict": [[key, value], ...]}``. Decoding rebuilds exactly the dataclass the spider yielded, and only the
classes of :mod:`crawler.items`: unlike pickle, a message read from the network never runs code.

A message is untrusted input (anyone who can write to the Redis can send one): :func:`decode_item` refuses,
with :class:`ItemDecodeError`, a message over ``MAX_ITEM_BYTES``, JSON nested deeper than ``MAX_DEPTH``, an
unknown item type or field, and any field whose value is not of the type the item class declares (checked
recursively: ``int | None``, ``list[dict[str, Any]]``, ``date`` …) or over the size limits (text, lists),
or an enumerated field (a link check's ``outcome``, a page's ``place``) out of its values.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from typing import Any

from crawler import items as _items

ITEM_TYPES: dict[str, type] = {
    name: cls for name, cls in vars(_items).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == _items.__name__
}


MAX_ITEM_BYTES = 32 * 1024 * 1024  # one message (an EntriesItem of a long list page stays far below)
MAX_DEPTH = 32  # JSON nesting; items need about 8
MAX_TEXT = 1024 * 1024  # characters of one string
MAX_LIST = 200_000  # elements of one list or dict
ENUMS: dict[tuple[str, str], frozenset[str]] = {
    ("LinkCheckItem", "outcome"): frozenset({"ok", "fail", "restricted"}),
    ("PageLinks", "place"): frozenset({"home", "page"}),
}
_HINTS: dict[type, dict[str, Any]] = {cls: typing.get_type_hints(cls) for cls in ITEM_TYPES.values()}


class ItemDecodeError(ValueError):
    """A message that is not an encoded crawl item."""


def encode_item(item: Any) -> bytes:
    """The item as UTF-8 JSON (see the module docstring)."""
    return json.dumps(_tag(item), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_item(data: bytes | str) -> Any:
    """The item :func:`encode_item` encoded, checked field by field; :class:`ItemDecodeError` for anything
    else (see the module docstring)."""
    if len(data) > MAX_ITEM_BYTES:
        raise ItemDecodeError(f"抓取数据过大（{len(data)} 字节）")
    try:
        raw = json.loads(data)
    except RecursionError as exc:
        raise ItemDecodeError("抓取数据嵌套过深") from exc
    except (ValueError, TypeError) as exc:
        raise ItemDecodeError(f"无法解析的抓取数据：{exc}") from exc
    if _depth(raw) > MAX_DEPTH:
        raise ItemDecodeError("抓取数据嵌套过深")
    if not isinstance(raw, dict) or not isinstance(raw.get("$item"), str) or raw["$item"] not in ITEM_TYPES:
        raise ItemDecodeError("抓取数据不是已知的条目类型")
    try:
        value = _untag(raw)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ItemDecodeError(f"无法解析的抓取数据：{exc}") from exc
    check_item(value)
    return value


def check_item(item: Any) -> None:
    """Raise :class:`ItemDecodeError` unless every field of the item has its declared type and size."""
    cls = type(item)
    if ITEM_TYPES.get(cls.__name__) is not cls:
        raise ItemDecodeError("抓取数据不是已知的条目类型")
    for name, hint in _HINTS[cls].items():
        value = getattr(item, name)
        if not _conforms(value, hint):
            raise ItemDecodeError(f"抓取数据 {cls.__name__}.{name} 的类型或大小不符")
        allowed = ENUMS.get((cls.__name__, name))
        if allowed is not None and value not in allowed:
            raise ItemDecodeError(f"抓取数据 {cls.__name__}.{name} 的取值无效")
        if dataclasses.is_dataclass(value):  # a nested item (a page's links): checked as strictly
            check_item(value)


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


def _conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of the type ``hint`` (the few forms item fields use), within the size limits."""
    if hint is Any:
        return _sized(value)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, a) for a in args)
    if hint is type(None):
        return value is None
    if origin is list:
        return isinstance(value, list) and len(value) <= MAX_LIST and all(_conforms(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict) and len(value) <= MAX_LIST and \
            all(_conforms(k, args[0]) and _conforms(v, args[1]) for k, v in value.items())
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return isinstance(value, tuple) and all(_conforms(v, args[0]) for v in value)
        return isinstance(value, tuple) and len(value) == len(args) and \
            all(_conforms(v, a) for v, a in zip(value, args, strict=True))
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool) and -2**63 <= value < 2**63
    if hint is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if hint is str:
        return isinstance(value, str) and len(value) <= MAX_TEXT
    return isinstance(hint, type) and isinstance(value, hint) and _sized(value)


def _sized(value: Any) -> bool:
    """Any JSON-born value within the size limits (text, lists and dicts, recursively)."""
    if isinstance(value, str):
        return len(value) <= MAX_TEXT
    if isinstance(value, list | tuple):
        return len(value) <= MAX_LIST and all(_sized(v) for v in value)
    if isinstance(value, dict):
        return len(value) <= MAX_LIST and all(_sized(k) and _sized(v) for k, v in value.items())
    return True


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
        fields = value["fields"]
        if not isinstance(fields, dict):
            raise TypeError("fields is not an object")
        return cls(**{k: _untag(v) for k, v in fields.items()})
    if "$date" in value:
        return date.fromisoformat(value["$date"])
    if "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if "$tuple" in value:
        return tuple(_untag(v) for v in value["$tuple"])
    if "$dict" in value:
        return {_untag(k): _untag(v) for k, v in value["$dict"]}  # an unhashable key raises TypeError
    return {k: _untag(v) for k, v in value.items()}
