"""Nothing false in a notice: the data it rests on, escalations, deadlines and what was really sent."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from helpers import invoke_cli
from notices_fixtures import (
    BROKEN,
    EDU,
    EDU_SITE,
    HEALTH_SITE,
    MON1,
    MON2,
    MON3,
    SOON,
    STALE,
    finding,
    inspect_day,
    make_config,
    smtp_server,
    week1,
    week2,
    week3,
)

from core.config import load_config
from notices.build import build_unit_notice
from notices.runner import StaleData, notify
from notices.tables import unit_requirements
from notices.workdays import add_workdays, chinese_date, is_workday
from storage.store import Store

# --- working days on the official calendar -------------------------------------------------------------


def test_workdays_follow_the_official_holiday_calendar() -> None:
    assert not is_workday(date(2026, 10, 1))  # 国庆
    assert is_workday(date(2026, 10, 10))  # a 调休 Saturday is a working day
    assert is_workday(date(2026, 9, 20))  # and so is the Sunday before 国庆
    assert add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_workdays(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)  # 春节 2026: Sat 14 Feb is worked
    assert add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)  # then 15–23 Feb off


@pytest.mark.parametrize("year", [2025, 2026, 2031])
def test_a_deadline_never_falls_inside_national_day(year: int) -> None:
    golden_week = {date(year, 10, d) for d in range(1, 8)}
    for offset in range(20):
        start = date(year, 9, 20) + timedelta(days=offset)
        for days in (1, 5, 10):
            assert add_workdays(start, days) not in golden_week, (start, days)


# --- notices rest on recent, completed inspections ----------------------------------------------------


def _write_config(tmp: Path, *, mail_port: int | None = None) -> Path:
    text = f'''database = "patrol.db"
[notify]
office_name = "清河市政务公开办公室"
out_dir = "out"
[[units]]
name = "{EDU}"
email = "edu@example.test"
[[sites]]
name = "{EDU_SITE}"
url = "http://127.0.0.1:9/edu/"
unit = "{EDU}"
'''
    if mail_port is not None:
        text += f'[mail]\nhost = "127.0.0.1"\nport = {mail_port}\nsender = "gkb@example.test"\n'
    path = tmp / "conf" / "sites.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_notify_refuses_without_any_completed_inspection(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with pytest.raises(StaleData, match="没有"):
        notify(config, str(tmp_path / "patrol.db"), MON1)
    with Store(tmp_path / "patrol.db") as store:  # an interrupted run is no inspection either
        store.sync_registry(config.units, config.sites)
        store.start_run("run", MON1)
    with pytest.raises(StaleData, match="patrol run"):
        notify(config, str(tmp_path / "patrol.db"), MON1, allow_stale=True)
    assert not (tmp_path / "out").exists()


def test_notify_refuses_stale_data_and_names_the_inspection_date_it_rests_on(tmp_path: Path) -> None:
    path = _write_config(tmp_path)
    config = load_config(path)
    inspect_day(tmp_path / "conf" / "patrol.db", config, MON1, {EDU_SITE: [STALE]}, {EDU_SITE: (80.0, "pass")})
    late = (MON1 + timedelta(days=17)).isoformat()
    refused = invoke_cli("notify", "--config", str(path), "--as-of", late, cwd=tmp_path)
    assert refused.code == 1, refused.stdout + refused.stderr
    assert "巡查数据已过期" in refused.stderr and "2026-11-16" in refused.stderr and "--allow-stale" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "conf" / "out").exists()
    fresh = invoke_cli("notify", "--config", str(path), "--as-of", (MON1 + timedelta(days=2)).isoformat(),
                    cwd=tmp_path)
    assert fresh.code == 0, fresh.stdout + fresh.stderr
    allowed = invoke_cli("notify", "--config", str(path), "--as-of", late, "--allow-stale", cwd=tmp_path)
    assert allowed.code == 0, allowed.stdout + allowed.stderr
    assert "巡查数据日期 2026-11-16" in allowed.stdout
    [doc] = (tmp_path / "conf" / "out").glob("2026-W49/*整改通知.docx")
    text = "\n".join(p.text for p in docx.Document(str(doc)).paragraphs)
    assert "于2026年11月16日对" in text and "于2026年12月3日对" not in text


def test_the_office_report_counts_every_registered_site_and_names_the_unchecked(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    db = tmp_path / "patrol.db"
    inspect_day(db, config, MON1, {EDU_SITE: [STALE]}, {EDU_SITE: (80.0, "pass")})
    result = notify(config, str(db), MON1, allow_stale=True)  # the health site was never inspected
    from notices.tables import office_opening

    assert result.report is not None
    opening = office_opening(result.report)
    assert "对2个单位的2个政府网站进行了巡查" in opening
    assert f"其中1个网站未能检查（{HEALTH_SITE}）" in opening and "其余1个网站合格" in opening
    assert result.inspected == {EDU_SITE: MON1}
    with pytest.raises(StaleData, match=HEALTH_SITE):
        notify(config, str(db), MON1)


# --- a warning that turned into the problem is escalated, not fixed -----------------------------------


def test_a_warning_that_became_stale_is_escalated_not_fixed(tmp_path: Path) -> None:
    stale_now = finding("column-stale", EDU_SITE, SOON.column, "通知公告栏目已超过更新期限")
    db = tmp_path / "patrol.db"
    with smtp_server() as (port, _):
        config = make_config(tmp_path, smtp_port=port)
        inspect_day(db, config, MON1, {EDU_SITE: [SOON]}, {EDU_SITE: (90.0, "pass")})
        notify(config, str(db), MON1, allow_stale=True)
        inspect_day(db, config, MON2, {EDU_SITE: [stale_now]}, {EDU_SITE: (85.0, "pass")})
        result = notify(config, str(db), MON2, allow_stale=True)
    notice = next(n for n in result.notices if n.unit == EDU)
    assert notice.fixed == []
    [item] = notice.new
    assert item.key == stale_now.key and item.escalated_from == "column-stale-soon"
    edu_row = next(r for r in result.report.rows if r.unit == EDU)
    assert edu_row.fixed == 0
    xlsx_text = (tmp_path / "out" / "2026-W48").glob("*整改通知.docx")
    body = "\n".join(p.text for p in docx.Document(str(next(xlsx_text))).paragraphs)
    assert "由预警升级1条" in body and "已整改问题0条" in body


# --- deadlines -------------------------------------------------------------------------------------------


def test_the_deadline_sentence_names_no_past_day_nor_today(tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    with smtp_server() as (port, _):
        config = make_config(tmp_path, smtp_port=port)
        for inspect, day in ((week1, MON1), (week2, MON2), (week3, MON3)):
            inspect(db, config)
            result = notify(config, str(db), day)
    notice = next(n for n in result.notices if n.unit == EDU)
    by_key = {i.key: i for i in notice.open}
    assert by_key[STALE.key].overdue and by_key[BROKEN.key].deadline == MON3  # due today
    text = "".join(unit_requirements(notice))
    for day in (MON2, MON3, MON1):
        assert chinese_date(day) not in text
    assert "1条问题的整改期限已到" in text and "1条问题已超过整改期限" in text
    assert notice.deadline is None  # nothing ahead: no date is named at all
    rows = docx.Document(str(next((tmp_path / "out" / "2026-W49").glob("*整改通知.docx")))).tables
    cells = [[c.text for c in row.cells] for t in rows for row in t.rows]
    assert any("2026-11-23" in row and "逾期7天" in row for row in cells)  # each item its own deadline
    assert any("2026-11-30" in row and "今日到期" in row for row in cells)


def test_new_deadlines_skip_the_national_day_holiday(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    db = tmp_path / "patrol.db"
    day = date(2026, 9, 29)
    inspect_day(db, config, day, {EDU_SITE: [STALE]}, {EDU_SITE: (80.0, "pass")})
    with Store(db) as store:
        notice = build_unit_notice(store, config, EDU, day)
    assert notice.new[0].deadline == date(2026, 10, 12)  # 30 Sep, 8, 9, 10 (调休 Sat), 12 Oct


# --- files written are not notices sent --------------------------------------------------------------


def test_files_only_are_reported_as_generated_not_sent(tmp_path: Path) -> None:
    path = _write_config(tmp_path)
    config = load_config(path)
    db = tmp_path / "conf" / "patrol.db"
    inspect_day(db, config, MON1, {EDU_SITE: [STALE]}, {EDU_SITE: (80.0, "pass")})
    result = invoke_cli("notify", "--config", str(path), "--as-of", MON1.isoformat(), cwd=tmp_path)
    assert result.code == 0, result.stdout + result.stderr
    assert "已生成（未配置邮件，未发送）" in result.stdout and "已发送" not in result.stdout
    assert "已送达 0 个单位" in result.stdout
    with Store(db) as store:  # not issued, but generated: the files' 整改期限 is kept for the next notice
        kept = store.last_issue(EDU, "2026-W99")
        assert kept is not None and all(i["deadline"] for i in kept["items"].values())
    notice_result = notify(config, str(db), MON1, resend=True)
    assert notice_result.issued == [] and {d.status for d in notice_result.deliveries} == {"written"}
    other = tmp_path / "with-mail"
    other.mkdir()
    with smtp_server() as (port, inbox):
        config = load_config(_write_config(other, mail_port=port))
        inspect_day(Path(config.database), config, MON1, {EDU_SITE: [STALE]}, {EDU_SITE: (80.0, "pass")})
        sent = notify(config, config.database, MON1)
    assert sent.issued == [EDU] and len(inbox.to("edu@example.test")) == 1
    assert [d.status for d in sent.deliveries if d.unit == EDU] == ["written", "sent"]
