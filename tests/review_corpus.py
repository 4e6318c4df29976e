"""A synthetic review corpus, generated at test time with a fixed seed: valid 身份证号 with computed check
digits, bank cards with computed Luhn digits, mobiles, masked variants and the look-alikes that are not
personal data (统一社会信用代码, 文号, timestamps, amounts, postcodes, landlines). No real person's data."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

from stdnum.cn import ric, uscc


def valid_id(rng: random.Random) -> str:
    area = rng.choice(["110105", "320102", "440304", "510107"])
    birth = f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = area + birth + f"{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")


def luhn_card(rng: random.Random, length: int = 19) -> str:
    body = "6222" + "".join(str(rng.randint(0, 9)) for _ in range(length - 5))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "186", "177"]) + "".join(str(rng.randint(0, 9)) for _ in range(8))


def credit_code(rng: random.Random) -> str:
    body = "91" + "110105" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + uscc.calc_check_digit(body)


@dataclass
class Corpus:
    """The planted values (to assert found, and to grep outputs for: none may appear in full)."""

    rng: random.Random = field(default_factory=lambda: random.Random(20261205))
    planted: list[str] = field(default_factory=list)

    def id(self) -> str:
        value = valid_id(self.rng)
        self.planted.append(value)
        return value

    def card(self) -> str:
        value = luhn_card(self.rng)
        self.planted.append(value)
        return value

    def mobile(self) -> str:
        value = mobile(self.rng)
        self.planted.append(value)
        return value

    def address(self) -> str:
        village = self.rng.choice(["东风", "红旗", "新华"])
        value = f"清河县城关镇{village}村{self.rng.randint(1, 9)}组{self.rng.randint(1, 99)}号"
        self.planted.append(value)
        return value

    # ---- files -------------------------------------------------------------------------------------------

    def xlsx(self, rows: int = 20) -> bytes:
        """Sheet 1: IDs as text, mobiles, cards, addresses, 残疾类别; sheet 2: IDs stored as numbers;
        sheet 3: negatives only."""
        from openpyxl import Workbook

        book = Workbook()
        one = book.active
        one.title = "低保名单"
        one.append(["2026年度城乡低保对象名单"])
        one.append(["序号", "姓名", "身份证号", "手机号", "银行卡号", "家庭住址", "残疾类别"])
        for i in range(1, rows + 1):
            one.append([i, f"测试{i}", self.id(), self.mobile(), self.card(), self.address(), "肢体三级"])
        two = book.create_sheet("补贴")
        two.append(["姓名", "身份证号码", "金额"])
        for i in range(1, 6):
            two.append([f"测试乙{i}", float(self.id()[:17] + "0"), 1500.0])
        three = book.create_sheet("企业")
        three.append(["单位名称", "统一社会信用代码", "文号", "时间", "金额", "邮编", "联系电话", "负责人身份证号",
                      "负责人手机"])
        for i in range(1, 6):
            masked_id = valid_id(self.rng)
            three.append([f"某公司{i}", credit_code(self.rng), f"清政发〔2026〕{i}号", "2026-11-18 09:30:15",
                          "13800000000.00", "100101", "010-64012345", masked_id[:6] + "********" + masked_id[-4:],
                          "138****1234"])
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()

    def html_xls(self) -> bytes:
        """An HTML table saved as .xls, in GBK as such exports are."""
        rows = "".join(f"<tr><td>测试{i}</td><td>{self.id()}</td><td>{self.mobile()}</td></tr>" for i in range(3))
        page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>'
                f"<table><tr><td>姓名</td><td>身份证号</td><td>联系电话</td></tr>{rows}</table></body></html>")
        return page.encode("gbk")

    def biff_xls(self) -> bytes:
        """A real (BIFF8) .xls: IDs as text and one stored as a number, as old exports do."""
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("名单")
        for col, name in enumerate(["姓名", "公民身份证号", "联系电话"]):
            sheet.write(0, col, name)
        for row in range(1, 4):
            sheet.write(row, 0, f"测试戊{row}")
            value = self.id()
            sheet.write(row, 1, float(value[:17] + "0") if row == 3 else value)
            sheet.write(row, 2, self.mobile())
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()

    def docx(self) -> bytes:
        """A table, a header holding a mobile, a text box holding an ID; a masked ID in running text."""
        from docx import Document
        from docx.oxml import parse_xml

        doc = Document()
        doc.add_paragraph("关于公示2026年度补贴发放对象的通知")
        table = doc.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "姓名", "身份证号"
        for i in range(3):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = f"测试丙{i}", self.id()
        doc.sections[0].header.paragraphs[0].text = f"联系人手机：{self.mobile()}"
        masked = valid_id(self.rng)
        doc.add_paragraph(f"公示对象身份证号{masked[:6]}********{masked[-4:]}已脱敏。")
        box_id = self.id()
        ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
              'xmlns:v="urn:schemas-microsoft-com:vml"')
        run = parse_xml(f'<w:r {ns}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
                        f'<w:t>身份证号：{box_id}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>'
                        f'</w:pict></w:r>')
        doc.add_paragraph()._p.append(run)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()

    def text_pdf(self) -> bytes:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        buf = io.BytesIO()
        c = canvas.Canvas(buf)
        c.setFont("STSong-Light", 11)
        c.drawString(40, 800, "序号 姓名 身份证号 联系电话")
        for i in range(4):
            c.drawString(40, 780 - 20 * i, f"{i + 1} 测试丁{i} {self.id()} {self.mobile()}")
        c.drawString(40, 680, "发文字号：清政发〔2026〕3号 时间 2026-11-18 09:30:15 邮编 100101")
        c.save()
        return buf.getvalue()

    def image_pdf(self) -> bytes:
        """A scanned page: one image, no text layer."""
        from PIL import Image
        from reportlab.lib.utils import ImageReader
        from reportlab.pdfgen import canvas

        image = Image.new("RGB", (200, 100), "white")
        buf = io.BytesIO()
        c = canvas.Canvas(buf)
        c.drawImage(ImageReader(image), 40, 600, 200, 100)
        c.save()
        return buf.getvalue()

    def garbled_pdf(self) -> bytes:
        """A PDF whose font has no ToUnicode map (Identity-H): its text extracts as ``(cid:N)`` garble."""
        content = b"BT /F1 12 Tf 72 700 Td <00110022003300440055006600770088> Tj 0 -20 Td <0099001100220033> Tj ET"
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Garbled /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Garbled /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
            b"<< /Type /FontDescriptor /FontName /Garbled /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
            b"/Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80 >>",
        ]
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
        return out.getvalue()


WRONG_PAGE = ("<p>认真贯彻中华人民共合国政府信息公开条例，推进政务公开。</p>"
              "<p>通报指出个别网站将国名误写为“中华人民共合国”，现予纠正。</p>")
