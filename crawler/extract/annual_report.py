"""A 政府信息公开工作年度报告 as structured text: its title and its blocks (paragraphs and tables) in order.

Reports are HTML pages (tables in the page), or a PDF / DOCX attachment linked from the page. A PDF whose
pages carry no text (a scan) is *unreadable*: the rules then ask for a person, never call it compliant.
Pure functions of the bytes; the spider fetches, the rules judge (``rules.annual_format``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from crawler.extract.html import text_of

MAX_BLOCKS = 400  # blocks kept of one report
MAX_TEXT = 300  # characters kept of one paragraph
MIN_TEXT = 40  # fewer readable characters than this: no report text (a scan, an empty page)
_ATTACHMENT = re.compile(r"\.(pdf|docx?|wps)(?:$|[?#])", re.I)
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd")
_CONTENT_HINT = re.compile(r"content|article|detail|main|zw|text|con", re.I)
UNREADABLE = "无法读取，需人工核查"


@dataclass
class ReportText:
    """What a report says: ``blocks`` are ``{"text": …}`` or ``{"table": [[cell, …], …]}`` in reading order."""

    source: str  # "html" | "pdf" | "docx"
    title: str | None = None
    blocks: list[dict[str, Any]] = field(default_factory=list)
    readable: bool = True
    problem: str | None = None  # why it could not be read (Chinese)

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "title": self.title, "blocks": self.blocks[:MAX_BLOCKS],
                "readable": self.readable, "problem": self.problem}


def attachment_kind(url: str, content_type: str = "") -> str | None:
    """``pdf`` | ``docx`` | ``doc`` | None: what an address or a Content-Type says a download is."""
    ct = content_type.lower()
    if "pdf" in ct:
        return "pdf"
    if "officedocument.wordprocessingml" in ct:
        return "docx"
    if "msword" in ct:
        return "doc"
    m = _ATTACHMENT.search(url)
    return m.group(1).lower().replace("wps", "doc") if m else None


def _unreadable(source: str, problem: str, title: str | None = None) -> ReportText:
    return ReportText(source, title, [], False, f"{problem}，{UNREADABLE}")


def _text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:MAX_TEXT]


def _char_count(blocks: list[dict[str, Any]]) -> int:
    return sum(len(b.get("text") or "") + sum(len(c) for row in b.get("table", []) for c in row) for b in blocks)


# ---- HTML ------------------------------------------------------------------------------------
def _content_root(root):
    """The element holding the report: the largest content-like container, else the body."""
    best, size = None, 0
    for el in root.iter("div", "td", "article", "section"):
        hint = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _CONTENT_HINT.search(hint):
            continue
        n = len(text_of(el))
        if n > size:
            best, size = el, n
    return best if best is not None else (root.find(".//body") if root.find(".//body") is not None else root)


def _html_table(table) -> list[list[str]]:
    rows = []
    for tr in table.iter("tr"):
        cells = [_text(text_of(c)) for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        if cells:
            rows.append(cells)
    return rows


def _html_blocks(el, out: list[dict[str, Any]]) -> None:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag == "table":
            if any(t is not child for t in child.iter("table")):  # a layout table: read inside it
                _html_blocks(child, out)
            else:
                out.append({"table": _html_table(child)})
        elif tag in _BLOCK_TAGS or (tag == "div" and not any(
                isinstance(c.tag, str) and c.tag.lower() in (*_BLOCK_TAGS, "div", "table") for c in child)):
            text = _text(text_of(child))
            if text:
                out.append({"text": text})
        elif tag not in ("script", "style"):
            _html_blocks(child, out)


def _html_title(root) -> str | None:
    for xpath in (".//h1", ".//h2", ".//title"):
        el = root.find(xpath)
        if el is not None and _text(text_of(el)):
            return _text(text_of(el))
    return None


def read_html(root, url: str) -> tuple[ReportText, str | None]:
    """The report a page shows, and the address of its PDF/DOCX attachment when the page itself carries
    no report text (None otherwise)."""
    blocks: list[dict[str, Any]] = []
    _html_blocks(_content_root(root), blocks)
    report = ReportText("html", _html_title(root), blocks)
    attachment = None
    if _char_count(blocks) < 600 or not any("table" in b for b in blocks):
        links = [(text_of(a), urljoin(url, a.get("href") or "")) for a in root.iter("a") if a.get("href")]
        docs = [(t, u) for t, u in links if attachment_kind(u)]
        named = [u for t, u in docs if "报告" in t or "年报" in t]
        attachment = (named or [u for _, u in docs] or [None])[0]
    return report, attachment


# ---- DOCX ------------------------------------------------------------------------------------
def read_docx(data: bytes, title: str | None = None) -> ReportText:
    """Paragraphs and tables of a DOCX in document order."""
    try:
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any broken file is an unreadable report
        return _unreadable("docx", "附件不是可读的 DOCX 文件", title)
    blocks: list[dict[str, Any]] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _text(Paragraph(child, doc).text)
            if text:
                blocks.append({"text": text})
        elif tag == "tbl":
            table = Table(child, doc)
            blocks.append({"table": [[_text(c.text) for c in _unique_cells(row.cells)] for row in table.rows]})
    return _checked(ReportText("docx", title or _first_text(blocks), blocks))


def _unique_cells(cells: list) -> list:
    """A row's cells with merged cells once (python-docx repeats a merged cell in every grid column)."""
    seen: list = []
    for c in cells:
        if not seen or c._tc is not seen[-1]._tc:
            seen.append(c)
    return seen


# ---- PDF -------------------------------------------------------------------------------------
def read_pdf(data: bytes, title: str | None = None, max_pages: int = 40) -> ReportText:
    """Text lines and tables of a PDF, page by page, top to bottom. No text at all: a scan, unreadable."""
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any broken file is an unreadable report
        return _unreadable("pdf", "附件不是可读的 PDF 文件", title)
    blocks: list[dict[str, Any]] = []
    with pdf:
        for page in pdf.pages[:max_pages]:
            blocks += _pdf_page(page)
    return _checked(ReportText("pdf", title or _first_text(blocks), blocks))


def _pdf_page(page) -> list[dict[str, Any]]:
    placed: list[tuple[float, dict[str, Any]]] = []
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    for t in tables:
        rows = [[_text(c or "") for c in row] for row in t.extract()]
        placed.append((t.bbox[1], {"table": rows}))
    for line in page.extract_text_lines():
        top, x = line["top"], (line["x0"] + line["x1"]) / 2
        if any(b[0] <= x <= b[2] and b[1] <= top <= b[3] for b in boxes):
            continue
        text = _text(line["text"])
        if text:
            placed.append((top, {"text": text}))
    return [b for _, b in sorted(placed, key=lambda p: p[0])]


def _first_text(blocks: list[dict[str, Any]]) -> str | None:
    return next((b["text"] for b in blocks if b.get("text")), None)


def _checked(report: ReportText) -> ReportText:
    if _char_count(report.blocks) < MIN_TEXT:
        problem = "PDF 中没有可读取的文字（可能是扫描图片）" if report.source == "pdf" else "附件中没有可读取的文字"
        return _unreadable(report.source, problem, report.title)
    return report


def read_attachment(data: bytes, kind: str, title: str | None = None) -> ReportText:
    """A downloaded attachment of ``kind`` (``attachment_kind``): PDF and DOCX are read; a .doc is not."""
    if kind == "pdf":
        return read_pdf(data, title)
    if kind == "docx":
        return read_docx(data, title)
    return _unreadable(kind, "附件为 DOC/WPS 格式，无法自动读取", title)
