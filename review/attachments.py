"""Attachments read to text with their location: type by magic bytes (a ".xls" is often an HTML table),
openpyxl read-only for xlsx, xlrd for xls, lxml for HTML saved as .xls, python-docx for docx (tables,
headers, footers, text boxes), pdfplumber for PDF; legacy .doc/.wps through LibreOffice when installed.

A scanned PDF or ``(cid:N)`` garble is ``unreadable``: listed for a person, never taken as clean.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review.blocks import Block

EXTENSIONS = ("xls", "xlsx", "et", "doc", "docx", "wps", "pdf")
HEADER_WORDS = re.compile(r"姓名|身份证|证件|手机|电话|联系|卡号|账号|帐号|银行|住址|地址|病|健康|残疾|性别|年龄|序号")

# status → what a person reads
STATUSES = {
    "read": "已读取",
    "unreadable": "无法识别文字（扫描件或乱码），需人工查看",
    "no-libreoffice": "未安装 LibreOffice，无法读取",
    "unsupported": "不支持的文件类型",
    "too-large": "超过大小上限，未读取",
    "timeout": "读取超时，未读完",
    "failed": "文件损坏或无法解析",
}


@dataclass
class Reading:
    """What reading one file gave: its sniffed type, a status (a key of :data:`STATUSES`) and its blocks."""

    kind: str
    status: str
    blocks: list[Block] = field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        return STATUSES[self.status] + (f"（{self.note}）" if self.note else "")


class _Timeout(Exception):
    pass


class _Clock:
    def __init__(self, seconds: float, stop: Callable[[], bool] | None = None) -> None:
        self.end = time.monotonic() + seconds
        self.stop = stop

    def check(self) -> None:
        if time.monotonic() > self.end or (self.stop is not None and self.stop()):
            raise _Timeout


def sniff(data: bytes) -> str:
    """The file's real type from its first bytes: pdf, xlsx, docx, ole (xls/doc/wps/et), html, or unknown."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "unknown"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        return "unknown"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data[:65536]:
            return "xls"
        return "doc"
    start = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<") and (b"<table" in data[:200_000].lower() or b"<html" in start[:512]):
        return "html"
    return "unknown"


def read(data: bytes, *, max_bytes: int = 20 * 1024 * 1024, seconds: float = 20.0,
         stop: Callable[[], bool] | None = None) -> Reading:
    """Read one attachment to blocks within ``seconds`` (or until ``stop()`` is true: the crawl is stopping);
    a file over ``max_bytes`` is not read."""
    kind = sniff(data)
    if len(data) > max_bytes:
        return Reading(kind, "too-large")
    if kind in ("xlsx", "docx") and _unpacked(data) > UNPACKED_RATIO * max_bytes:
        return Reading(kind, "too-large", note="解压后过大")  # a zip bomb is not opened
    readers: dict[str, Callable[[bytes, _Clock], Reading]] = {
        "xlsx": _xlsx, "xls": _xls, "html": _html, "docx": _docx, "pdf": _pdf, "doc": _legacy}
    if kind not in readers:
        return Reading(kind, "unsupported")
    clock = _Clock(seconds, stop)
    try:
        return readers[kind](data, clock)
    except _Timeout:
        return Reading(kind, "timeout", note=f"上限 {seconds:g} 秒")
    except Exception as exc:  # a damaged file of any kind: listed, not raised
        return Reading(kind, "failed", note=type(exc).__name__)


UNPACKED_RATIO = 10  # an OOXML file may unpack to this many times [review] max_bytes


def _unpacked(data: bytes) -> int:
    """The bytes a zip-based file unpacks to, as its directory declares them."""
    return sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()


def _table(rows: Iterable[list[str]], group: str, clock: _Clock, kind: str = "行") -> Iterator[Block]:
    """Blocks of one table: a header row (the first of the first five rows naming known columns, else the
    first non-empty one) gives each cell below its header."""
    header: list[str] = []
    seen = 0
    for number, row in enumerate(rows, start=1):
        clock.check()
        if not any(row):
            continue
        seen += 1
        if sum(bool(HEADER_WORDS.search(c)) for c in row) >= 2 or seen == 1:
            header = row  # a title row first, then the real header row (or a second list's header) replaces it
            yield from (Block(c, group, f"第{number}{kind}", row=number) for c in row if c)
            continue
        for col, text in enumerate(row, start=1):
            if text:
                name = header[col - 1] if col <= len(header) else ""
                yield Block(text, group, f"第{number}{kind}第{col}列", header=name, row=number, tabular=True)


def _xlsx(data: bytes, clock: _Clock) -> Reading:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    blocks: list[Block] = []
    try:
        for i, sheet in enumerate(book.worksheets, start=1):
            rows = ([_cell(v) for v in row] for row in sheet.iter_rows(values_only=True))
            blocks.extend(_table(rows, f"第{i}张表（{sheet.title}）", clock))
    finally:
        book.close()
    return Reading("xlsx", "read", blocks)


def _xls(data: bytes, clock: _Clock) -> Reading:
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    blocks: list[Block] = []
    for i in range(book.nsheets):
        sheet = book.sheet_by_index(i)
        rows = ([_cell(v) for v in sheet.row_values(r)] for r in range(sheet.nrows))
        blocks.extend(_table(rows, f"第{i + 1}张表（{sheet.name}）", clock))
    return Reading("xls", "read", blocks)


def _html(data: bytes, clock: _Clock) -> Reading:
    from lxml import html

    text = _decode(data)
    root = html.document_fromstring(text)
    blocks: list[Block] = []
    for i, table in enumerate(root.iter("table"), start=1):
        rows = ([_text_of(c) for c in tr if c.tag in ("td", "th")]
                for tr in table.iter("tr"))
        blocks.extend(_table(rows, f"第{i}张表", clock))
    if not blocks:
        blocks = [Block(_text_of(root), "正文", "全文")]
    return Reading("html", "read", blocks)


def _text_of(element: Any) -> str:
    """An element's text with its whitespace runs folded to one space."""
    return " ".join("".join(str(t) for t in element.itertext()).split())


def _decode(data: bytes) -> str:
    head = data[:2048].decode("ascii", "ignore").lower()
    match = re.search(r"charset=[\"']?([a-z0-9_-]+)", head)
    names = ([match.group(1)] if match else []) + ["utf-8", "gb18030"]
    for name in names:
        try:
            return data.decode("gb18030" if name.lower() in ("gb2312", "gbk") else name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def _docx(data: bytes, clock: _Clock) -> Reading:
    from docx import Document

    doc = Document(io.BytesIO(data))
    blocks: list[Block] = []
    for n, paragraph in enumerate(doc.paragraphs, start=1):
        if paragraph.text.strip():
            blocks.append(Block(paragraph.text, "正文", f"第{n}段"))
    for t, table in enumerate(doc.tables, start=1):
        clock.check()
        rows = ([cell.text.strip() for cell in row.cells] for row in table.rows)
        blocks.extend(_table(rows, f"第{t}个表格", clock))
    for s, section in enumerate(doc.sections, start=1):
        for part, name in ((section.header, "页眉"), (section.footer, "页脚")):
            text = "\n".join(p.text for p in part.paragraphs if p.text.strip())
            if text:
                blocks.append(Block(text, name, f"第{s}节{name}"))
    boxes: list[str] = []
    for box in doc.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent"):
        text = "".join(t.text or "" for t in box.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        if text.strip() and text not in boxes:  # a box is stored twice (the drawing and its VML fallback)
            boxes.append(text)
    blocks.extend(Block(text, "文本框", f"第{i}个文本框") for i, text in enumerate(boxes, start=1))
    return Reading("docx", "read", blocks)


_CID = re.compile(r"\(cid:\d+\)")


def _pdf(data: bytes, clock: _Clock) -> Reading:
    import pdfplumber

    blocks: list[Block] = []
    pages = images = garbled = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for p, page in enumerate(pdf.pages, start=1):
            clock.check()
            pages += 1
            text = page.extract_text() or ""
            images += bool(page.images)
            if len(_CID.findall(text)) >= 3:
                garbled += 1
                continue
            header = ""
            for n, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                if sum(bool(m) for m in HEADER_WORDS.finditer(line)) >= 2:
                    header = line
                blocks.append(Block(line, f"第{p}页", f"第{n}行", header=header, row=n))
    if garbled:
        return Reading("pdf", "unreadable", blocks, f"{garbled} 页为 (cid) 乱码")
    if not blocks:
        return Reading("pdf", "unreadable", [], "扫描件，无文字层" if images or pages else "无文字")
    return Reading("pdf", "read", blocks)


def libreoffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _legacy(data: bytes, clock: _Clock) -> Reading:
    """A legacy .doc/.wps: converted to docx by LibreOffice headless, when it is installed."""
    program = libreoffice()
    if program is None:
        return Reading("doc", "no-libreoffice")
    with tempfile.TemporaryDirectory(prefix="patrol-review-") as folder:
        source = Path(folder) / "file.doc"
        source.write_bytes(data)
        subprocess.run([program, "--headless", "--convert-to", "docx", "--outdir", folder, str(source)],
                       capture_output=True, timeout=max(1.0, clock.end - time.monotonic()), check=False)
        converted = Path(folder) / "file.docx"
        if not converted.exists():
            return Reading("doc", "failed", note="LibreOffice 转换失败")
        reading = _docx(converted.read_bytes(), clock)
    reading.kind = "doc"
    return reading
