"""Issue 4 end to end on the demo portals: run → notify by mail; a week later fixed, still open and new."""

from __future__ import annotations

import io
import urllib.request
from datetime import timedelta
from pathlib import Path

import docx
import openpyxl
from helpers import AS_OF, run_cli
from notices_fixtures import attachments, smtp_server

from patrol.demo.server import DemoPortals

UNIT = "清河县柳镇人民政府"


def sheet_rows(xlsx: bytes, title: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [row for row in book[title].iter_rows(min_row=2, values_only=True) if any(row)]


def unit_mail(inbox, address: str):
    (msg,) = inbox.to(address)
    files = attachments(msg)
    xlsx = next(v for k, v in files.items() if k.endswith(".xlsx"))
    return msg, files, xlsx


def test_two_weeks_of_notices_on_the_demo(portals: DemoPortals, tmp_path: Path) -> None:
    site = next(s for s in portals.sites if s.name == UNIT)
    db, config = tmp_path / "patrol.db", tmp_path / "sites.toml"
    blank, filled = "/zwgk/rsxx/", urllib.request.urlopen(site.url + "zwgk/zcwj/").read()
    column = next(c for c in portals.style(site.key).site.columns if c.name == "工作动态")
    article = column.entries[0].path
    with smtp_server() as (port, inbox):
        mail = f'\n[mail]\nhost = "127.0.0.1"\nport = {port}\nsender = "gkb@qinghe.example"\n' \
               'office = ["zwgkb@qinghe.example"]\n'
        config.write_text(portals.config_toml(database=str(db)) + mail, encoding="utf-8")
        out = tmp_path / "out"

        def week(day_offset: int) -> None:
            day = (AS_OF + timedelta(days=day_offset)).isoformat()
            assert run_cli("run", "--config", str(config), "--as-of", day, "--quiet").code in (0, 1)
            result = run_cli("notify", "--config", str(config), "--as-of", day, "--out", str(out))
            assert result.code == 0, result.stdout + result.stderr

        try:
            week(0)
            msg, files, xlsx = unit_mail(inbox, site.unit_email)
            assert {Path(name).suffix for name in files} == {".xlsx", ".docx", ".html"}
            assert "整改" in msg["Subject"] or "通报" in msg["Subject"]
            first_new = sheet_rows(xlsx, "新发现问题")
            assert any(row[2] == "人事信息" for row in first_new)
            # 柳镇 offers no 咨询建言 channel: the 互动回应差 veto is in its notice (issue 20)
            assert any(row[3] == "单项否决" and "咨询建言渠道" in row[4] for row in first_new), first_new
            document = docx.Document(io.BytesIO(next(v for k, v in files.items() if k.endswith(".docx"))))
            assert any("整改要求" in p.text for p in document.paragraphs)
            assert inbox.to("zwgkb@qinghe.example"), "the office gets the consolidated 通报"

            # second week: one column fixed, one entry link broken, the rest still open
            portals.set_page(site.key, blank, filled)
            portals.set_page(site.key, article, None)
            inbox.messages.clear()
            week(7)
            _, _, xlsx = unit_mail(inbox, site.unit_email)
            fixed = sheet_rows(xlsx, "已整改问题")
            still = sheet_rows(xlsx, "尚未整改问题")
            new = sheet_rows(xlsx, "新发现问题")
            assert any(row[2] == "人事信息" for row in fixed)
            assert any(row[2] == "工作动态" and "未更新" in row[4] for row in still)
            assert any("失效" in row[4] or "404" in row[4] for row in new)

            # the same week again sends nothing twice
            inbox.messages.clear()
            again = run_cli("notify", "--config", str(config), "--as-of", (AS_OF + timedelta(days=7)).isoformat(),
                            "--out", str(out))
            assert again.code == 0 and inbox.messages == []
        finally:
            portals.clear_page(site.key, blank)
            portals.clear_page(site.key, article)
