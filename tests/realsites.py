"""Whole saved real portals (``../shared/realsites/``) served at their own paths on 127.0.0.1, and the reading
their descriptions (``cwl.md``, ``cyqn.md``) state as truth.

The sites stay outside the repository: tests skip when they are absent. Each site's absolute links to its own
origin are rewritten to the local server, as a user serving the copy would do; a directory serves its
``index.html``, else its ``Default.html``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from helpers import serving

SHARED = Path(__file__).resolve().parents[2] / "shared" / "realsites"
ORIGINS = {"cwl": "www.cwl.gov.cn", "cyqn": "youth.bjchy.gov.cn", "jilin-lyj": None}
AS_OF = {"cwl": "2020-12-30", "cyqn": "2021-04-25", "jilin-lyj": "2021-12-31"}
TEXT_TYPES = (".html", ".htm", ".js", ".css", ".shtml", ".xml", ".json")


def available(name: str) -> bool:
    return (SHARED / name / "index.html").exists()


class _Handler(SimpleHTTPRequestHandler):
    origin: str | None = None
    local: str = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if Path(path).is_dir() and not (Path(path) / "index.html").exists() \
                and (Path(path) / "Default.html").exists():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            self.path = self.path.split("?")[0] + "Default.html"
            path = self.translate_path(self.path)
        if self.origin and Path(path).is_file() and path.endswith(TEXT_TYPES):
            body = Path(path).read_bytes()
            for scheme in (b"http://", b"https://"):
                body = body.replace(scheme + self.origin.encode(), self.local.encode())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def serve(name: str) -> Iterator[str]:
    """Serve ``realsites/<name>`` on a free loopback port; yields its base URL (ending in /)."""
    handler = type("Handler", (_Handler,), {"origin": ORIGINS.get(name)})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(SHARED / name)))
    handler.local = f"http://127.0.0.1:{httpd.server_address[1]}"
    with serving(httpd) as base:
        yield base


@dataclass(frozen=True)
class ColumnTruth:
    """One column as a careful reader sees it (a row of a description's tables)."""

    name: str
    path: str
    kind: str
    entries: int | None
    newest: str | None  # ISO date, or None when undated or blank
    blank: bool
    disclosure: bool  # a column of the site's 信息公开 / 党务公开 catalog


_ROW_RE = re.compile(r"^\|(.+)\|\s*$")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNT_RE = re.compile(r"^\s*(\d+)")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _tables(text: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(heading above, header cells, body rows) of every markdown table of a description."""
    out, heading, lines = [], "", text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if _ROW_RE.match(line) and i + 1 < len(lines) and set(lines[i + 1].replace("|", "").strip()) <= set("-: "):
            header, body = _cells(line), []
            i += 2
            while i < len(lines) and _ROW_RE.match(lines[i]):
                body.append(_cells(lines[i]))
                i += 1
            out.append((heading, header, body))
            continue
        i += 1
    return out


def _path(cell: str) -> str:
    return cell.strip("` ").split()[0].strip("`")


def _column(name: str, path: str, kind: str, entries: str, newest: str, blank: str,
            disclosure: bool) -> ColumnTruth:
    count = _COUNT_RE.match(entries)
    date = _DATE_RE.search(newest)
    return ColumnTruth(name=name.split(" / ")[0].split(" (")[0].strip("* "), path=_path(path),
                       kind=kind.strip("*").split()[0].strip(",") if kind.strip() else "", entries=int(count.group(1))
                       if count else None, newest=date.group(0) if date and "year not shown" not in newest
                       else None, blank=blank.strip("* ").startswith("yes"), disclosure=disclosure)


def truth(name: str) -> list[ColumnTruth]:
    """The columns a site's description lists: every dated list column reached from home (cwl), the home
    columns and the 党务公开 frames (cyqn); catalog columns marked as disclosure columns."""
    text = (SHARED / f"{name}.md").read_text(encoding="utf-8")
    columns: dict[str, ColumnTruth] = {}
    catalog_paths: set[str] = set()
    for heading, header, body in _tables(text):
        head = [h.lower() for h in header]
        if head[:2] == ["column", "url path"] and "catalog" in heading.lower():  # cwl: the four catalog columns
            catalog_paths |= {_path(r[1]) for r in body}
        elif head[:2] == ["name (nav / page title)", "url path"]:  # cwl: every list column
            for r in body:
                columns[_path(r[1])] = _column(r[0], r[1], r[2], r[3], r[5], r[7], False)
        elif head[:2] == ["column", "url path"]:  # cyqn: columns reached from home
            for r in body:
                columns[_path(r[1])] = _column(r[0], r[1], r[2], r[3], r[5], r[6], False)
        elif head[:2] == ["leaf (group)", "url path"]:  # cyqn: the 党务公开 frames
            for r in body:
                columns[_path(r[1])] = _column(r[0], r[1], "list", r[2], r[3], r[4], True)
    return [ColumnTruth(**{**c.__dict__, "disclosure": c.disclosure or c.path in catalog_paths})
            for c in columns.values()]


def list_columns(name: str) -> list[ColumnTruth]:
    """The columns that list entries (lists, landing boxes, grids, the catalog's frames), not single pages nor
    the iframe catalog itself."""
    return [c for c in truth(name) if c.kind not in ("single", "catalog")]


def normal_path(url_or_path: str) -> str:
    """A column address as a path without its index file: ``/xxgk/tzgg/index.html`` → ``/xxgk/tzgg/``."""
    path = re.sub(r"^https?://[^/]+", "", url_or_path).split("#")[0]
    return re.sub(r"/(?:index|default)\.html?$", "/", path, flags=re.I)
