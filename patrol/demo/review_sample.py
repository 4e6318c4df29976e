"""What `patrol demo` plants for the content review (issue 21): on one demo site, an article whose text
misspells the country's name (and quotes the misspelling, which is not reported) and links a 公示 list
(XLSX) of fictional people with unmasked 身份证号 and 手机号, generated here with a fixed seed (valid check
digits; nobody's real data). The demo's config turns ``[review]`` on, so its notices show a 待核实 section."""

from __future__ import annotations

import io
import random
from typing import Any

from stdnum.cn import ric

SITE = "liuzhen"  # 清河县柳镇人民政府 (plain pages, UTF-8)
LIST_PATH = "/zwgk/files/2026dibao.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REVIEW_TOML = """
# 内容审核：读取信息页面正文及其附件（xls、xlsx、doc、docx、wps、pdf 等），查找未去标识化的个人信息
# （身份证号、手机号、银行卡号、详细住址、健康信息）和严重表述错误，列为“待核实”，由人工用 patrol review
# 确认或排除；确认前不计入评分。默认关闭（会增加巡查时间），演示中开启。
[review]
enabled = true
"""


def _id(rng: random.Random) -> str:
    body = f"{rng.choice(['110105', '320102'])}{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}" \
           f"{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")


def sample_list(rows: int = 8) -> bytes:
    """A 低保 list of fictional people, unmasked (the leak the review finds)."""
    from openpyxl import Workbook

    rng = random.Random(2026)
    book = Workbook(write_only=False)
    sheet = book.create_sheet("公示名单", 0)
    book.remove(book.worksheets[1])  # the default empty sheet
    sheet.append(["2026年度柳镇城乡低保对象公示名单"])
    sheet.append(["序号", "姓名", "身份证号", "联系电话", "保障人数"])
    for n in range(1, rows + 1):
        sheet.append([n, f"演示{n}号", _id(rng), f"139{rng.randint(0, 99_999_999):08d}", rng.randint(1, 4)])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def plant(portals: Any) -> str | None:
    """Put the sample on the demo site: its first readable article gains the paragraph and the link; returns
    that article's path (None when the site is not served)."""
    if SITE not in portals.specs:
        return None
    style = portals.style(SITE)
    entry = next((e for c in style.site.lists() for e in c.entries if e.status == 200 and e.path), None)
    page = style.route(entry.path, {}, {}) if entry is not None else None
    if entry is None or page is None or page.status != 200:
        return None
    text = page.body.decode("utf-8")
    planted = ('<p>根据《中华人民共合国社会救助暂行办法》，现将2026年度城乡低保对象予以公示。'
               '（另：有来信指出“中华人民共合国”系误写，特此说明。）</p>'
               f'<p>附件：<a href="{LIST_PATH}">2026年度低保对象公示名单.xlsx</a></p>')
    portals.set_page(SITE, entry.path, text.replace('<div class="content">', '<div class="content">' + planted, 1),
                     content_type=page.content_type)
    portals.set_page(SITE, LIST_PATH, sample_list(), content_type=XLSX_TYPE)
    return entry.path
