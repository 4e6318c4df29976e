"""`patrol notify`: build each unit's weekly notice and the consolidated 通报, write and deliver them.

Every delivery is logged in the ``notices`` table. A delivery already sent for the same unit, ISO week,
channel and target is skipped unless ``resend``; a failed one is sent again on the next run — the same
week's by rebuilding it, an earlier week's from the message saved in ``<out>/<week>/outbox/``.
"""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from notices import mail as mailer
from notices import messages, webhook
from notices.build import build_office_report, build_unit_notice, issue_items
from notices.mail import DeliveryError
from notices.model import OfficeReport, UnitNotice
from notices.render import OFFICE_KIND, UNIT_KIND, check_formats, render_office, render_unit
from notices.tables import file_stem
from notices.workdays import iso_week
from patrol.config import Config
from storage import history
from storage.store import Store

OFFICE_UNIT = "*"  # the unit name under which the consolidated 通报 is logged
OUTBOX = "outbox"


@dataclass
class Delivery:
    unit: str
    week: str
    channel: str
    target: str | None
    status: str  # sent | failed | skipped | planned (dry run)
    error: str | None = None


@dataclass
class NotifyResult:
    week: str
    as_of: date
    dry_run: bool
    files: list[Path] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    notices: list[UnitNotice] = field(default_factory=list)
    report: OfficeReport | None = None

    def having(self, status: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.status == status]

    @property
    def exit_code(self) -> int:
        """0 when every delivery succeeded or was skipped, 1 when any failed."""
        return 1 if self.having("failed") else 0


@dataclass
class _Plan:
    """One delivery to make: ``prepare`` saves what will be sent (returns the files to log), ``send`` sends."""

    channel: str
    target: str | None
    prepare: Callable[[list[Path]], list[Path]]
    send: Callable[[list[Path]], None]


@dataclass
class _Run:
    store: Store
    config: Config
    as_of: date
    week: str
    out: Path
    dry_run: bool
    resend: bool
    result: NotifyResult


def notify(config: Config, db: str, as_of: date, *, unit: str | None = None, dry_run: bool = False,
           out_dir: str | None = None, resend: bool = False) -> NotifyResult:
    """Build, write and deliver the notices of the ISO week of ``as_of``."""
    check_formats(config.notify.formats)
    units = _units(config, unit)
    week = iso_week(as_of)
    result = NotifyResult(week=week, as_of=as_of, dry_run=dry_run)
    with Store(db) as store:
        run = _Run(store, config, as_of, week, Path(out_dir or config.notify.out_dir), dry_run, resend, result)
        if not dry_run:
            _retry_earlier(run, unit)
        for name in units:
            notice = build_unit_notice(store, config, name, as_of)
            if notice.needs_notice:
                result.notices.append(notice)
                _deliver_unit(run, notice)
        if unit is None:
            result.report = build_office_report(store, config, as_of, result.notices)
            _deliver_office(run, result.report)
    return result


def _units(config: Config, unit: str | None) -> list[str]:
    with_sites = list(dict.fromkeys(s.unit for s in config.sites))
    if unit is None:
        return with_sites
    if unit not in with_sites:
        raise ValueError(f"配置中没有名为 {unit!r} 且有网站的单位；可选：{'、'.join(with_sites) or '（无）'}")
    return [unit]


# --- one notice, several channels ----------------------------------------------------------------------

def _deliver_unit(run: _Run, notice: UnitNotice) -> None:
    folder = run.out / run.week
    stem = file_stem(run.week, notice.unit, UNIT_KIND)
    unit = run.config.unit(notice.unit)
    plans = [_file_plan(folder)]
    if run.config.mail is not None and unit is not None and unit.email:
        subject, text = messages.unit_mail(notice)
        plans.append(_mail_plan(run, _addresses(unit.email), subject, text, folder, stem))
    title, markdown = messages.unit_markdown(notice)
    plans += [_webhook_plan(url, title, markdown, folder, stem) for url in (unit.webhooks if unit else ())]
    issued = _deliver(run, notice.unit, plans, lambda: render_unit(notice, run.out, run.config.notify.formats),
                      [i.key for _, i in notice.items])
    if issued:
        history.record_issue(run.store, notice.unit, run.week, run.as_of, issue_items(notice))


def _deliver_office(run: _Run, report: OfficeReport) -> None:
    folder = run.out / run.week
    stem = file_stem(run.week, report.office_name, OFFICE_KIND)
    plans = [_file_plan(folder)]
    mail = run.config.mail
    if mail is not None and mail.office:
        subject, text = messages.office_mail(report)
        plans.append(_mail_plan(run, list(mail.office), subject, text, folder, stem))
    title, markdown = messages.office_markdown(report)
    plans += [_webhook_plan(url, title, markdown, folder, stem) for url in run.config.notify.webhooks]
    _deliver(run, OFFICE_UNIT, plans, lambda: render_office(report, run.out, run.config.notify.formats),
             [i.key for _, i in report.overdue])


def _deliver(run: _Run, unit: str, plans: list[_Plan], render: Callable[[], list[Path]], keys: list[str]) -> bool:
    """Render once if anything is due, then make each due delivery; True when any was sent."""
    due = []
    for plan in plans:
        if run.resend or not history.delivered(run.store, unit, run.week, plan.channel, plan.target):
            due.append(plan)
        else:
            run.result.deliveries.append(Delivery(unit, run.week, plan.channel, plan.target, "skipped",
                                                  "本周已送达（如需重发请加 --resend）"))
    if not due:
        return False
    files = render()
    run.result.files += files
    sent = False
    for plan in due:
        logged = plan.prepare(files)
        if run.dry_run:
            run.result.deliveries.append(Delivery(unit, run.week, plan.channel, plan.target, "planned"))
            continue
        error = _attempt(plan, logged)
        run.store.record_notice(unit, run.week, plan.channel, target=plan.target, files=logged, finding_keys=keys,
                                status="failed" if error else "sent", error=error)
        run.result.deliveries.append(Delivery(unit, run.week, plan.channel, plan.target,
                                              "failed" if error else "sent", error))
        sent = sent or error is None
    return sent


def _attempt(plan: _Plan, files: list[Path]) -> str | None:
    try:
        plan.send(files)
    except DeliveryError as exc:
        return str(exc)
    except OSError as exc:
        return f"发送失败：{exc}"
    return None


# --- the channels ---------------------------------------------------------------------------------------

def _file_plan(folder: Path) -> _Plan:
    return _Plan("file", str(folder), prepare=lambda files: list(files), send=lambda files: None)


def _mail_plan(run: _Run, to: list[str], subject: str, text: str, folder: Path, stem: str) -> _Plan:
    mail = run.config.mail
    assert mail is not None
    eml = folder / OUTBOX / f"{stem}.eml"

    def prepare(files: list[Path]) -> list[Path]:
        html = next((f.read_text(encoding="utf-8") for f in files if f.suffix == ".html"), None)
        message = mailer.build_message(mail, to, subject, text, html, files)
        eml.parent.mkdir(parents=True, exist_ok=True)
        eml.write_bytes(message.as_bytes(policy=email.policy.SMTP))
        return [*files, eml]

    return _Plan("email", ", ".join(to), prepare, lambda files: _send_eml(run.config, eml))


def _webhook_plan(url: str, title: str, text: str, folder: Path, stem: str) -> _Plan:
    saved = folder / OUTBOX / f"{stem}.{webhook.target_label(url).rpartition('#')[2]}.json"

    def prepare(files: list[Path]) -> list[Path]:
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps({"title": title, "text": text}, ensure_ascii=False), encoding="utf-8")
        return [saved]

    return _Plan("webhook", webhook.target_label(url), prepare, lambda files: webhook.post(url, title, text))


def _send_eml(config: Config, eml: Path) -> None:
    if config.mail is None:
        raise DeliveryError("配置中已没有 [mail]，无法补发邮件")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    mailer.send_message(config.mail, message)  # type: ignore[arg-type]


def _addresses(text: str) -> list[str]:
    return [a.strip() for a in text.replace("；", ";").replace(";", ",").split(",") if a.strip()]


# --- failures of earlier weeks --------------------------------------------------------------------------

def _retry_earlier(run: _Run, unit: str | None) -> None:
    """Send again what failed in an earlier week, from the message saved then."""
    latest: dict[tuple, dict[str, Any]] = {}
    for row in run.store.failed_notices():
        if row["week"] < run.week and (unit is None or row["unit"] == unit):
            latest[(row["unit"], row["week"], row["channel"], row["target"])] = row
    for row in latest.values():
        error = _resend_saved(run.config, row)
        if error == _GONE:
            run.result.deliveries.append(Delivery(row["unit"], row["week"], row["channel"], row["target"],
                                                  "failed", "往期通报的待发内容已丢失，无法补发"))
            continue
        run.store.record_notice(row["unit"], row["week"], row["channel"], target=row["target"], files=row["files"],
                                finding_keys=row["finding_keys"], status="failed" if error else "sent", error=error)
        run.result.deliveries.append(Delivery(row["unit"], row["week"], row["channel"], row["target"],
                                              "failed" if error else "sent", error))


_GONE = "\x00gone"


def _resend_saved(config: Config, row: dict[str, Any]) -> str | None:
    files = [Path(f) for f in row["files"]]
    if row["channel"] == "file":
        return None if files and all(f.exists() for f in files) else _GONE
    saved = next((f for f in files if f.suffix in (".eml", ".json") and f.exists()), None)
    if saved is None:
        return _GONE
    try:
        if row["channel"] == "email":
            _send_eml(config, saved)
        else:
            _post_saved(config, row, saved)
    except DeliveryError as exc:
        return str(exc)
    except OSError as exc:
        return f"发送失败：{exc}"
    return None


def _post_saved(config: Config, row: dict[str, Any], saved: Path) -> None:
    urls = list(config.notify.webhooks) + [u for unit in config.units for u in unit.webhooks]
    url = next((u for u in urls if webhook.target_label(u) == row["target"]), None)
    if url is None:
        raise DeliveryError(f"机器人 {row['target']} 已不在配置中，无法补发")
    data = json.loads(saved.read_text(encoding="utf-8"))
    webhook.post(url, data["title"], data["text"])
