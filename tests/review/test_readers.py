"""Attachments read to located text: each file type of the synthetic corpus, and what cannot be read."""

from __future__ import annotations

from review_corpus import Corpus

from review.attachments import read, sniff
from review.scan import scan
from review.wording import WordingChecker, load_words


def test_types_are_sniffed_by_their_bytes_not_their_names() -> None:
    corpus = Corpus()
    assert sniff(corpus.xlsx(2)) == "xlsx"
    assert sniff(corpus.html_xls()) == "html"
    assert sniff(corpus.docx()) == "docx"
    assert sniff(corpus.text_pdf()) == "pdf"
    assert sniff(b"\x00\x01garbage") == "unknown"


def test_an_xlsx_gives_cells_under_their_headers() -> None:
    reading = read(Corpus().xlsx(3))
    assert reading.status == "read"
    ids = [b for b in reading.blocks if b.header == "身份证号"]
    assert len(ids) == 3 and ids[0].group == "第1张表（低保名单）" and ids[0].where == "第3行第3列"
    numbers = [b for b in reading.blocks if b.header == "身份证号码"]
    assert len(numbers) == 5 and all("e+17" in b.text or len(b.text) == 18 for b in numbers)


def test_a_biff_xls_is_read_with_xlrd_and_an_id_stored_as_a_number_is_found() -> None:
    corpus = Corpus()
    data = corpus.biff_xls()
    assert sniff(data) == "xls"
    reading = read(data)
    assert reading.status == "read" and reading.kind == "xls"
    found = scan(reading.blocks, source="附件 名单.xls", url="u", checker=WordingChecker(load_words()))
    assert [c.summary for c in found] == ["附件 名单.xls 第1张表（名单） 3 行含 姓名+身份证号+手机号（未去标识化）"]
    assert not any(v in repr(found) for v in corpus.planted)


def test_an_html_table_saved_as_xls_is_read_in_its_encoding() -> None:
    reading = read(Corpus().html_xls())
    assert reading.status == "read"
    assert {b.header for b in reading.blocks if b.tabular} == {"姓名", "身份证号", "联系电话"}


def test_a_docx_gives_its_tables_headers_and_text_boxes() -> None:
    reading = read(Corpus().docx())
    groups = {b.group for b in reading.blocks}
    assert {"正文", "第1个表格", "页眉", "文本框"} <= groups


def test_a_text_pdf_is_read_by_page_and_line() -> None:
    reading = read(Corpus().text_pdf())
    assert reading.status == "read"
    assert reading.blocks[0].group == "第1页" and "身份证号" in reading.blocks[0].text


def test_a_scanned_pdf_is_unreadable_never_clean() -> None:
    reading = read(Corpus().image_pdf())
    assert reading.status == "unreadable" and reading.blocks == []
    assert "需人工查看" in reading.label


def test_a_cid_garbled_pdf_is_unreadable_never_clean() -> None:
    reading = read(Corpus().garbled_pdf())
    assert (reading.status, reading.note) == ("unreadable", "1 页为 (cid) 乱码")


def test_a_legacy_doc_without_libreoffice_says_so(monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    reading = read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le"))
    assert reading.status == "no-libreoffice" and reading.label == "未安装 LibreOffice，无法读取"


def test_caps_on_size_and_damaged_files() -> None:
    assert read(Corpus().xlsx(2), max_bytes=100).status == "too-large"
    assert read(b"%PDF-1.4 broken").status in ("failed", "unreadable")


def test_a_zip_bomb_is_not_opened_and_a_slow_file_stops_at_its_time_cap() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", " " * 2_000_000)
    bomb = buf.getvalue()
    assert len(bomb) < 10_000
    reading = read(bomb, max_bytes=10_000)
    assert (reading.status, reading.note) == ("too-large", "解压后过大")
    assert read(Corpus().xlsx(50), seconds=0).status == "timeout"


def test_a_reading_stops_when_the_crawl_stops() -> None:
    assert read(Corpus().xlsx(50), stop=lambda: True).status == "timeout"


def test_a_damaged_ooxml_file_is_listed_as_failed_not_raised() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<not xml")
        z.writestr("word/document.xml", "<not xml")
    for data in (buf.getvalue(), buf.getvalue().replace(b"xl/", b"xx/")):
        assert read(data).status == "failed"
