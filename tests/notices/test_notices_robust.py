"""Notices that never stop: scraped text cleaned for every format, names validated when the config loads,
file names unique and bounded, one unit's failure recorded while the others still go out."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import invoke_cli
from notices_fixtures import (
    EDU,
    EDU_SITE,
    HEALTH,
    HEALTH_SITE,
    HOME,
    MON1,
    STALE,
    finding,
    inspect_day,
    make_config,
    smtp_server,
)

from core.config import ConfigError, parse_config
from notices.runner import notify
from notices.tables import file_stem

NASTY = finding("entry-date-missing", EDU_SITE, "工作动态", "条目“通知\ufffe公告\x0b\x01”无发布日期\r\n（第2页）")


def _files(result, suffix: str) -> list[Path]:
    return [f for f in result.files if f.suffix == suffix]


def test_xml_incompatible_scraped_text_is_cleaned_for_every_format(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    with smtp_server() as (port, inbox):
        config = make_config(tmp_path, smtp_port=port)
        inspect_day(db, config, MON1, {EDU_SITE: [NASTY], HEALTH_SITE: [HOME]},
                    {EDU_SITE: (90.0, "pass"), HEALTH_SITE: (0.0, "fail")})
        result = notify(config, str(db), MON1)
    assert result.exit_code == 0, result.deliveries
    assert len(inbox.to("edu@example.test")) == 1
    [xlsx] = [f for f in _files(result, ".xlsx") if EDU in f.name]
    cells = [c for row in openpyxl.load_workbook(xlsx)["新发现问题"].iter_rows(values_only=True) for c in row]
    assert "条目“通知公告”无发布日期\n（第2页）" in cells
    [document] = [f for f in _files(result, ".docx") if EDU in f.name]
    texts = [c.text for t in docx.Document(str(document)).tables for row in t.rows for c in row.cells]
    assert any("通知公告”无发布日期" in t for t in texts)
    html = next(f for f in _files(result, ".html") if EDU in f.name).read_text(encoding="utf-8")
    assert "\ufffe" not in html and "\x01" not in html and "通知公告" in html
    assert not list((tmp_path / "out").rglob("*.partial*"))


@pytest.mark.parametrize(("units", "path", "found"), [
    ([{"name": "清河市教育局\r\nBcc: x@evil.test"}], "units[0].name", "清河市教育局"),
    ([{"name": "清河市教育局", "email": "gk@jyj.qinghe.gov.cn\r\nBcc: x@evil.test"}], "units[0].email", "Bcc"),
    ([{"name": "清河市教育局", "email": "教育局邮箱"}], "units[0].email", "教育局邮箱"),
    ([{"name": "清河市教育局", "email": "a@qinghe.gov.cn, b@"}], "units[0].email", "b@"),
    ([{"name": "   "}], "units[0].name", "'   '"),
])
def test_unit_names_and_addresses_are_validated_when_the_config_loads(units: list, path: str, found: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"units": units}, "sites.toml")
    message = str(caught.value)
    assert message.startswith(f"sites.toml: {path}: 值为 ") and found in message and "，应为" in message


def test_good_addresses_load() -> None:
    config = parse_config({"units": [{"name": "清河市教育局", "email": "a@qinghe.gov.cn；b@jyj.qinghe.gov.cn"}],
                           "mail": {"host": "127.0.0.1", "sender": "gkb@qinghe.gov.cn"}}, "sites.toml")
    assert config.units[0].email


def test_file_names_are_unique_and_bounded(tmp_path: Path) -> None:
    assert file_stem("2026-W47", "清河市/教育局", "整改通知") != file_stem("2026-W47", "清河市 教育局", "整改通知")
    long_name = "清河市" + "某" * 87
    assert len(file_stem("2026-W47", long_name, "整改通知").encode()) < 200
    units = ["清河市/教育局", "清河市 教育局", long_name]
    data = {"database": str(tmp_path / "patrol.db"), "notify": {"out_dir": str(tmp_path / "out")},
            "units": [{"name": u} for u in units],
            "sites": [{"name": f"站点{i}", "url": f"http://127.0.0.1:9/{i}/", "unit": u} for i, u in enumerate(units)]}
    config = parse_config(data, "<test>", tmp_path / "sites.toml")
    blank = {f"站点{i}": [finding("column-blank", f"站点{i}", "人事信息", "人事信息栏目为空白栏目")] for i in range(3)}
    inspect_day(tmp_path / "patrol.db", config, MON1, blank, {f"站点{i}": (90.0, "pass") for i in range(3)})
    result = notify(config, str(tmp_path / "patrol.db"), MON1)
    assert result.exit_code == 0 and len(result.notices) == 3
    docs = sorted(f.name for f in (tmp_path / "out" / "2026-W47").glob("*整改通知.docx"))
    assert len(docs) == 3


def test_one_units_failure_is_recorded_and_the_others_still_go_out(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    with smtp_server() as (port, inbox):
        config = make_config(tmp_path, smtp_port=port)
        inspect_day(db, config, MON1, {EDU_SITE: [STALE], HEALTH_SITE: [HOME]},
                    {EDU_SITE: (90.0, "pass"), HEALTH_SITE: (0.0, "fail")})
        blocked = tmp_path / "out" / "2026-W47" / f"{file_stem('2026-W47', EDU, '整改通知')}.xlsx"
        blocked.mkdir(parents=True)  # something in the way of one unit's file
        result = notify(config, str(db), MON1)
    [failed] = result.having("failed")
    assert failed.unit == EDU and "生成通报失败" in failed.error and result.exit_code == 1
    assert len(inbox.to("health@example.test")) == 1 and inbox.to("office@example.test")
    assert inbox.to("edu@example.test") == []
    assert not list(blocked.parent.glob("*.partial*"))


def test_a_notices_failure_is_exit_1_not_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "sites.toml").write_text(f'''database = "patrol.db"
[notify]
out_dir = "out"
[[sites]]
name = "{EDU_SITE}"
url = "http://127.0.0.1:9/edu/"
unit = "{EDU}"
''', encoding="utf-8")
    config = parse_config({"sites": [{"name": EDU_SITE, "url": "http://127.0.0.1:9/edu/", "unit": EDU}]},
                          "<t>", tmp_path / "sites.toml")
    inspect_day(tmp_path / "patrol.db", config, MON1, {EDU_SITE: [NASTY]}, {EDU_SITE: (90.0, "pass")})
    (tmp_path / "out" / "2026-W47" / f"{file_stem('2026-W47', EDU, '整改通知')}.docx").mkdir(parents=True)
    result = invoke_cli("notify", "--config", str(tmp_path / "sites.toml"), "--as-of", MON1.isoformat(), cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    assert "生成通报失败" in result.stdout and "Traceback" not in result.stderr
    assert HEALTH not in result.stdout
