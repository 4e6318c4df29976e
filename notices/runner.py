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

from core.config import Config, split_addresses
from notices import mail as mailer
from notices import messages, webhook
from notices.build import build_office_report, build_unit_notice, issue_items
from notices.mail import DeliveryError
from notices.model import OfficeReport, UnitNotice
from notices.render import OFFICE_KIND, UNIT_KIND, check_formats, render_office, render_unit
from notices.tables import file_stem
from notices.workdays import iso_week
from storage.store import Store

OFFICE_UNIT = "*"  # the unit name under which the consolidated 通报 is logged
OUTBOX = "outbox"


class StaleData(Exception):
    """The inspections a notice would rest on are missing or too old; the message says which and what to do."""


@dataclass
class Delivery:
    unit: str
    week: str
    channel: str
    target: str | None
    status: str  # sent | written (files only, nothing sent) | failed | skipped | planned (dry run)
    error: str | None = None  # why it failed or was skipped; for ``written``, why nothing was sent


@dataclass
class NotifyResult:
    week: str
    as_of: date
    dry_run: bool
    files: list[Path] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    notices: list[UnitNotice] = field(default_factory=list)
    report: OfficeReport | None = None

    inspected: dict[str, date] = field(default_factory=dict)  # site → inspection date the notices rest on
    issued: list[str] = field(default_factory=list)  # units whose notice reached them (mail or robot)
    produced: list[str] = field(default_factory=list)  # units whose notice was generated (its deadlines kept)

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
           out_dir: str | None = None, resend: bool = False, allow_stale: bool = False) -> NotifyResult:
    """Build, write and deliver the notices of the ISO week of ``as_of``.

    Raises :class:`StaleData` when no site of the units has a completed inspection, or (unless
    ``allow_stale``) when a site's newest completed inspection is older than ``[notify] max_data_age_days``.
    """
    check_formats(config.notify.formats)
    units = _units(config, unit)
    week = iso_week(as_of)
    result = NotifyResult(week=week, as_of=as_of, dry_run=dry_run)
    with Store(db) as store:
        sites = [s.name for s in config.sites if s.unit in units]
        result.inspected = check_freshness(store, sites, as_of, config.notify.max_data_age_days, allow_stale)
        run = _Run(store, config, as_of, week, Path(out_dir or config.notify.out_dir), dry_run, resend, result)
        if not dry_run:
            _retry_earlier(run, unit)
        for name in units:
            try:
                notice = build_unit_notice(store, config, name, as_of)
                if notice.needs_notice:
                    result.notices.append(notice)
                    _deliver_unit(run, notice)
            except Exception as exc:  # noqa: BLE001 - one unit's failure must not stop the others
                result.deliveries.append(Delivery(name, week, "file", None, "failed", _failed_text(exc)))
        if unit is None:
            try:
                result.report = build_office_report(store, config, as_of, result.notices)
                _deliver_office(run, result.report)
            except Exception as exc:  # noqa: BLE001 - reported like any failed delivery
                result.deliveries.append(Delivery(OFFICE_UNIT, week, "file", None, "failed", _failed_text(exc)))
    return result


def _failed_text(exc: Exception) -> str:
    return f"生成通报失败（{type(exc).__name__}: {str(exc)[:200]}），其他单位不受影响；修正后再次执行 patrol notify"


def check_freshness(store: Store, sites: list[str], as_of: date, max_age: int,
                    allow_stale: bool) -> dict[str, date]:
    """Each site's newest completed inspection; refuse to notify on none at all, or on old data."""
    known = store.inspected_at(as_of)
    inspected = {s: known[s] for s in sites if s in known}
    if not inspected:
        raise StaleData(f"数据库中没有这些网站截至{as_of.isoformat()}已完成的巡查，无法生成通报；"
                        "请先运行 patrol run 完成一次巡查。")
    old = [f"{s}（最近一次完成的巡查：{inspected[s].isoformat()}，已{(as_of - inspected[s]).days}天）"
           if s in inspected else f"{s}（从未完成巡查）"
           for s in sites if s not in inspected or (as_of - inspected[s]).days > max_age]
    if old and not allow_stale:
        raise StaleData(f"巡查数据已过期，通报将与事实不符：{'；'.join(old)}。"
                        f"通报只依据{max_age}天内完成的巡查（[notify] max_data_age_days = {max_age}）；"
                        "请先运行 patrol run 更新数据，或加 --allow-stale 按旧数据生成（通报中注明所依据的巡查日期）。")
    return inspected


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
    produced, issued = _deliver(run, notice.unit, plans,
                                lambda: render_unit(notice, run.out, run.config.notify.formats),
                                [i.key for _, i in notice.items],
                                "未配置邮件，未发送" if run.config.mail is None else "该单位未配置邮箱，未发送")
    if produced:  # the files carry the 整改期限: keep it whether or not Patrol delivered them
        run.store.record_issue(notice.unit, run.week, run.as_of, issue_items(notice))
        run.result.produced.append(notice.unit)
    if issued:
        run.result.issued.append(notice.unit)


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
             [i.key for _, i in report.overdue],
             "未配置邮件，未发送" if mail is None else "未配置 [mail] office 收件人，未发送")


def _deliver(run: _Run, unit: str, plans: list[_Plan], render: Callable[[], list[Path]], keys: list[str],
             unsent: str) -> tuple[bool, bool]:
    """Render once if anything is due, then make each due delivery: ``(produced, delivered)``.

    ``produced``: the notice's files were generated by this (not dry) run, so its 整改期限 are on paper and
    are recorded. ``delivered``: a mail or robot message reached its target. Writing the files is not
    delivering: a file delivery is logged ``written`` and reported with ``unsent`` (why nothing was sent)
    when no other channel was configured.
    """
    only_files = all(p.channel == "file" for p in plans)
    due = []
    for plan in plans:
        if run.resend or not run.store.delivered(unit, run.week, plan.channel, plan.target):
            due.append(plan)
        else:
            done = "本周已生成（如需重新生成请加 --resend）" if plan.channel == "file" \
                else "本周已送达（如需重发请加 --resend）"
            run.result.deliveries.append(Delivery(unit, run.week, plan.channel, plan.target, "skipped", done))
    if not due:
        return False, False
    files = render()
    run.result.files += files
    sent = False
    for plan in due:
        logged = plan.prepare(files)
        if run.dry_run:
            run.result.deliveries.append(Delivery(unit, run.week, plan.channel, plan.target, "planned"))
            continue
        error = _attempt(plan, logged)
        status = "failed" if error else ("written" if plan.channel == "file" else "sent")
        run.store.record_notice(unit, run.week, plan.channel, target=plan.target,
                                files=[str(f) for f in logged], finding_keys=keys, status=status, error=error)
        if plan.channel == "file" and error is None:
            run.result.deliveries.append(Delivery(unit, run.week, plan.channel, plan.target, "written",
                                                  unsent if only_files else None))
            continue
        run.result.deliveries.append(Delivery(unit, run.week, plan.channel, plan.target,
                                              "failed" if error else "sent", error))
        sent = sent or error is None
    return not run.dry_run, sent


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
    mailer.send_message(config.mail, message)


def _addresses(text: str) -> list[str]:
    return split_addresses(text)


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
        status = "failed" if error else ("written" if row["channel"] == "file" else "sent")
        run.store.record_notice(row["unit"], row["week"], row["channel"], target=row["target"], files=row["files"],
                                finding_keys=row["finding_keys"], status=status, error=error)
        run.result.deliveries.append(Delivery(row["unit"], row["week"], row["channel"], row["target"],
                                              status, error))


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
