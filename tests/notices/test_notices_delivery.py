"""Delivery over real loopback servers: SMTP (aiosmtpd) and chat robots; idempotence and retries."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from notices_fixtures import (
    EDU,
    MON1,
    MON2,
    STALE,
    attachments,
    free_port,
    make_config,
    robot_server,
    smtp_server,
    week1,
    week2,
)

from notices.runner import notify
from patrol.cli import cli
from storage.store import Store


def _statuses(result) -> list[tuple[str, str, str]]:
    return sorted((d.unit, d.channel, d.status) for d in result.deliveries)


def test_mail_reaches_each_unit_and_the_office_with_readable_attachments(tmp_path: Path) -> None:
    with smtp_server() as (port, inbox):
        config = make_config(tmp_path, smtp_port=port)
        db = tmp_path / "patrol.db"
        week1(db, config)
        result = notify(config, str(db), MON1)
    assert result.exit_code == 0
    [edu] = inbox.to("edu@example.test")
    assert edu["Subject"] == f"【政务公开巡查】{EDU}2026年第47周整改通知"
    files = attachments(edu)
    assert sorted(files) == sorted(f"2026-W47_{EDU}_整改通知.{x}" for x in ("xlsx", "docx", "html"))
    book = openpyxl.load_workbook(io.BytesIO(files[f"2026-W47_{EDU}_整改通知.xlsx"]))
    messages = [r[4] for r in book["新发现问题"].iter_rows(min_row=2, values_only=True)]
    assert STALE.message in messages
    document = docx.Document(io.BytesIO(files[f"2026-W47_{EDU}_整改通知.docx"]))
    assert document.paragraphs[2].text == f"关于{EDU}网站政务公开问题的整改通知"
    assert "新发现问题3条" in edu.get_body(("plain",)).get_content()
    [office] = inbox.to("office@example.test")
    assert any(name.endswith("政务公开巡查通报.xlsx") for name in attachments(office))
    with Store(db) as store:
        logged = store.notices_for(EDU, "2026-W47")
    email = next(n for n in logged if n["channel"] == "email")
    assert (email["status"], email["target"]) == ("sent", "edu@example.test")
    assert set(email["finding_keys"]) >= {STALE.key} and any(f.endswith(".xlsx") for f in email["files"])


def test_the_same_week_twice_sends_nothing_twice_unless_resend(tmp_path: Path) -> None:
    with smtp_server() as (port, inbox):
        config = make_config(tmp_path, smtp_port=port)
        db = tmp_path / "patrol.db"
        week1(db, config)
        notify(config, str(db), MON1)
        again = notify(config, str(db), MON1)
        assert len(inbox.messages) == 3
        assert {d.status for d in again.deliveries} == {"skipped"} and again.exit_code == 0
        assert again.files == []
        resent = notify(config, str(db), MON1, unit=EDU, resend=True)
        assert len(inbox.messages) == 4 and inbox.messages[-1][0] == ["edu@example.test"]
        assert resent.report is None  # --unit leaves the consolidated 通报 alone


def test_a_failed_delivery_is_recorded_and_retried_on_the_next_run(tmp_path: Path) -> None:
    port = free_port()  # nothing listens yet
    config = make_config(tmp_path, smtp_port=port)
    db = tmp_path / "patrol.db"
    week1(db, config)
    failed = notify(config, str(db), MON1)
    assert failed.exit_code == 1
    assert [d.channel for d in failed.having("failed")] == ["email"] * 3
    assert all("无法连接邮件服务器" in d.error for d in failed.having("failed"))
    with Store(db) as store:
        assert len(store.failed_notices()) == 3
    with smtp_server(port) as (_, inbox):
        retried = notify(config, str(db), MON1)
    assert retried.exit_code == 0
    assert sorted(d.channel for d in retried.having("sent")) == ["email"] * 3
    assert sorted(d.channel for d in retried.having("skipped")) == ["file"] * 3
    assert len(inbox.messages) == 3
    with Store(db) as store:
        assert store.failed_notices() == []


def test_a_failure_of_an_earlier_week_is_sent_from_the_saved_message(tmp_path: Path) -> None:
    port = free_port()
    config = make_config(tmp_path, smtp_port=port)
    db = tmp_path / "patrol.db"
    week1(db, config)
    assert notify(config, str(db), MON1).exit_code == 1
    week2(db, config)
    with smtp_server(port) as (_, inbox):
        result = notify(config, str(db), MON2)
    assert result.exit_code == 0
    subjects = sorted(m["Subject"] for m in inbox.to("edu@example.test"))
    assert subjects == [f"【政务公开巡查】{EDU}2026年第47周整改通知", f"【政务公开巡查】{EDU}2026年第48周整改通知"]
    assert {d.week for d in result.having("sent")} == {"2026-W47", "2026-W48"}


def test_chat_robots_get_markdown_in_their_own_format(tmp_path: Path) -> None:
    with robot_server() as (url, received):
        config = make_config(tmp_path, unit_hooks=(f"dingtalk:{url}/robot/send?access_token=SECRET1",),
                             office_hooks=(f"wecom:{url}/cgi-bin/webhook/send?key=SECRET2",))
        db = tmp_path / "patrol.db"
        week1(db, config)
        result = notify(config, str(db), MON1)
    assert result.exit_code == 0
    by_path = {r["path"].split("?")[0]: r["json"] for r in received}
    ding = by_path["/robot/send"]
    assert ding["msgtype"] == "markdown" and EDU in ding["markdown"]["title"]
    assert "新发现 **3** 条" in ding["markdown"]["text"]
    wecom = by_path["/cgi-bin/webhook/send"]
    assert set(wecom["markdown"]) == {"content"} and "合格率" in wecom["markdown"]["content"]
    targets = [d.target for d in result.deliveries if d.channel == "webhook"]
    assert len(targets) == 2 and not any("SECRET" in t for t in targets)


def test_a_robot_that_refuses_is_a_failure(tmp_path: Path) -> None:
    with robot_server({"errcode": 310000, "errmsg": "keywords not in content"}) as (url, _):
        config = make_config(tmp_path, unit_hooks=(f"dingtalk:{url}/robot/send?access_token=T",))
        db = tmp_path / "patrol.db"
        week1(db, config)
        result = notify(config, str(db), MON1)
    [failed] = result.having("failed")
    assert failed.channel == "webhook" and "310000" in failed.error and result.exit_code == 1


def test_dry_run_writes_files_but_sends_and_records_nothing(tmp_path: Path) -> None:
    with smtp_server() as (port, inbox):
        config = make_config(tmp_path, smtp_port=port)
        db = tmp_path / "patrol.db"
        week1(db, config)
        result = notify(config, str(db), MON1, dry_run=True, out_dir=str(tmp_path / "preview"))
    assert inbox.messages == []
    assert {d.status for d in result.deliveries} == {"planned"}
    assert result.files and all(f.is_relative_to(tmp_path / "preview") and f.exists() for f in result.files)
    with Store(db) as store:
        assert store.notices_for(EDU, "2026-W47") == []


def test_smtp_login_uses_the_named_environment_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config(tmp_path, smtp_port=free_port())
    config = replace(config, mail=replace(config.mail, username_env="PATROL_TEST_SMTP_USER",
                                          password_env="PATROL_TEST_SMTP_PASS"))
    monkeypatch.delenv("PATROL_TEST_SMTP_USER", raising=False)
    db = tmp_path / "patrol.db"
    week1(db, config)
    result = notify(config, str(db), MON1, unit=EDU)
    [failed] = result.having("failed")
    assert "PATROL_TEST_SMTP_USER" in failed.error and "未设置" in failed.error


def test_notify_command_prints_deliveries_and_exits_1_on_failure(tmp_path: Path) -> None:
    toml = tmp_path / "sites.toml"
    port = free_port()
    toml.write_text(f"""database = "{tmp_path / 'patrol.db'}"
[[units]]
name = "{EDU}"
email = "edu@example.test"
[[sites]]
name = "清河市教育局网站"
url = "http://127.0.0.1:9/edu/"
unit = "{EDU}"
[notify]
out_dir = "{tmp_path / 'out'}"
[mail]
host = "127.0.0.1"
port = {port}
""", encoding="utf-8")
    week1(tmp_path / "patrol.db", make_config(tmp_path))
    args = ["--config", str(toml), "--as-of", MON1.isoformat()]
    failed = CliRunner().invoke(cli, ["notify", *args])
    assert failed.exit_code == 1, failed.output
    assert "失败" in failed.output and "下次执行 patrol notify 时自动重试" in failed.output
    with smtp_server(port) as (_, inbox):
        sent = CliRunner().invoke(cli, ["notify", *args])
    assert sent.exit_code == 0, sent.output
    assert "已发送" in sent.output and len(inbox.messages) == 1
