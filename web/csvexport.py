"""The web view's CSV exports with no live formulas: Datasette writes CSV itself, so an ASGI wrapper (the
plugin's ``asgi_wrapper`` hook) rewrites each CSV answer, every text cell through ``core.cells.inert``.

Numbers stay as they are (``-3`` is a value, not a formula); the header row is ours and stays too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from core.cells import inert

Asgi = Callable[[dict[str, Any], Callable[[], Awaitable[dict[str, Any]]], Callable[[dict[str, Any]], Awaitable[None]]],
                Awaitable[None]]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def inert_csv(body: bytes) -> bytes:
    """The CSV text with every formula-like text cell made inert (rows and quoting otherwise kept)."""
    text = body.decode("utf-8", errors="replace")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for i, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
        writer.writerow(row if i == 0 else [c if _number(c) else inert(c) for c in row])
    return out.getvalue().encode("utf-8")


def is_csv_request(scope: dict[str, Any]) -> bool:
    path = scope.get("path", "")
    query = parse_qs((scope.get("query_string") or b"").decode("latin-1"))
    return path.endswith(".csv") or "csv" in query.get("_format", [])


def inert_csv_app(app: Asgi) -> Asgi:
    """Wrap a Datasette ASGI app so that its CSV answers carry no live formula."""

    async def wrapped(scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
                      send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        if scope.get("type") != "http" or not is_csv_request(scope):
            await app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            if start.get("status") == 200:
                body = inert_csv(body)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await app(scope, receive, capture)

    return wrapped
