"""The DOCX 通报 as an office forwards it: A4, red rule under the 版头, 落款 before the 附件, fitted columns."""

from __future__ import annotations

from types import SimpleNamespace

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from notices_fixtures import EDU, MON1, MON2, STALE, make_config, smtp_server, week1, week2

from notices.runner import notify
from notices.tables import unit_title

A4 = sorted([int(Cm(21)), int(Cm(29.7))])
TOLERANCE = int(Cm(0.05))  # Word stores page sizes in twips


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, docx.document.Document]:
    tmp = tmp_path_factory.mktemp("docx")
    db = tmp / "patrol.db"
    with smtp_server() as (port, _):
        config = make_config(tmp, smtp_port=port)
        week1(db, config)
        notify(config, str(db), MON1)
        week2(db, config)
        result = notify(config, str(db), MON2)
    files = {f.name: f for f in result.files if f.suffix == ".docx"}
    return {"unit": docx.Document(str(files[f"2026-W48_{EDU}_整改通知.docx"])),
            "office": docx.Document(str(files["2026-W48_清河市政务公开办公室_政务公开巡查通报.docx"]))}


def _body_order(document: docx.document.Document) -> list[tuple[str, str]]:
    """("p", text) and ("tbl", first header cell) in the order the body holds them."""
    order = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            order.append(("p", "".join(t.text or "" for t in element.iter(qn("w:t")))))
        elif element.tag == qn("w:tbl"):
            order.append(("tbl", "".join(t.text or "" for t in next(element.iter(qn("w:tc"))).iter(qn("w:t")))))
    return order


@pytest.mark.parametrize("kind", ["unit", "office"])
def test_every_page_is_a4(documents: dict, kind: str) -> None:
    sections = documents[kind].sections
    assert len(sections) == 2  # the letter (portrait), then the 附件 (landscape)
    for section in sections:
        size = sorted([int(section.page_width), int(section.page_height)])
        assert all(abs(got - want) <= TOLERANCE for got, want in zip(size, A4, strict=True)), size
    assert sections[0].page_width < sections[0].page_height and sections[1].page_width > sections[1].page_height


@pytest.mark.parametrize("kind", ["unit", "office"])
def test_red_rule_under_the_masthead(documents: dict, kind: str) -> None:
    paragraphs = documents[kind].paragraphs
    number = paragraphs[1]
    assert "〔2026〕" in number.text
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single" and bottom.get(qn("w:color")) == "C00000"
    assert int(bottom.get(qn("w:sz"))) >= 12
    assert paragraphs[0].runs[0].font.color.rgb == docx.shared.RGBColor(0xC0, 0, 0)


@pytest.mark.parametrize(("kind", "note"), [("unit", "附件：整改问题清单"), ("office", "附件：")])
def test_signature_comes_before_the_attachments(documents: dict, kind: str, note: str) -> None:
    order = _body_order(documents[kind])
    texts = [text for what, text in order]
    signed = texts.index("2026年11月23日")
    assert texts[signed - 1] == "清河市政务公开办公室"
    assert next(i for i, t in enumerate(texts) if t.startswith(note)) < signed - 1  # 附件说明, then 落款
    first_table = next(i for i, (what, _) in enumerate(order) if what == "tbl")
    attachment = texts.index("附件", signed) if "附件" in texts[signed:] else texts.index("附件1", signed)
    assert signed < attachment < first_table


def test_unit_tables_are_numbered_carry_urls_and_fit_the_description(documents: dict) -> None:
    document = documents["unit"]
    text_width = document.sections[1].page_width - document.sections[1].left_margin \
        - document.sections[1].right_margin
    assert document.tables
    for table in document.tables:
        headers = [c.text for c in table.rows[0].cells]
        assert headers[0] == "序号" and "问题描述" in headers and "网址" in headers
        assert [row.cells[0].text for row in table.rows[1:]] == [str(n) for n in range(1, len(table.rows))]
        widths = [int(col.width) for col in table.columns]
        assert sum(widths) <= text_width
        describe = widths[headers.index("问题描述")]
        assert describe == max(widths) and describe >= int(Cm(4.9))
        assert widths[0] == min(widths)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    urls = [row.cells[5].text for t in document.tables for row in t.rows[1:]]
    assert any(u.startswith("http://") for u in urls)
    messages = {row.cells[4].text for t in document.tables for row in t.rows[1:]}
    assert STALE.message in messages


def test_title_never_doubles_government() -> None:
    assert unit_title(SimpleNamespace(unit="清河市人民政府")) == "关于清河市人民政府门户网站政务公开问题的整改通知"
    assert unit_title(SimpleNamespace(unit="清河市教育局")) == "关于清河市教育局网站政务公开问题的整改通知"
    assert "政府政府" not in unit_title(SimpleNamespace(unit="清河县柳镇人民政府"))
