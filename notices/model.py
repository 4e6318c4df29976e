"""What a weekly notice says, as plain data: the renderers and the delivery read only these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.vocabulary import CONFIDENCE_LABELS, SEVERITY_LABELS, VERDICT_LABELS

SECTIONS = ("new", "open", "fixed", "exempted")
SECTION_TITLES = {"new": "新发现问题", "open": "尚未整改问题", "fixed": "已整改问题", "exempted": "已豁免问题"}
SEVERITY_NAMES = SEVERITY_LABELS
VERDICT_NAMES = VERDICT_LABELS


@dataclass(frozen=True)
class Item:
    """One finding as a notice lists it."""

    key: str
    site: str
    rule: str
    severity: str
    message: str
    column: str | None
    url: str | None
    state: str
    first_seen: date
    days_open: int
    first_notified: date | None = None
    deadline: date | None = None  # 整改期限; None for 预警 items, which carry no deadline
    fixed_at: date | None = None
    exempt_reason: str | None = None
    as_of: date | None = None
    escalated_from: str | None = None  # the warning rule this finding grew out of (预警升级)

    @property
    def overdue(self) -> bool:
        """Still open after its 整改 deadline."""
        return self.deadline is not None and self.fixed_at is None and self.as_of is not None \
            and self.as_of > self.deadline

    @property
    def days_overdue(self) -> int:
        """Days past the 整改 deadline while still open; 0 unless overdue."""
        if self.deadline is None or self.as_of is None or self.fixed_at is not None:
            return 0
        return max(0, (self.as_of - self.deadline).days)

    @property
    def due(self) -> bool:
        """Its deadline is today or has passed while it is still open."""
        return self.deadline is not None and self.fixed_at is None and self.as_of is not None \
            and self.as_of >= self.deadline

    @property
    def reopened(self) -> bool:
        return self.state == "reopened"

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.severity, self.severity)


PENDING_TITLE = "待核实问题"
PENDING_NOTE = ("以下为巡查自动发现、尚待人工核实的候选（个人信息未去标识化、严重表述错误），证据已脱敏；"
                "核实前不计入评分，请各单位自查，经办公室确认后列入问题清单。")
KIND_NAMES = {"personal-data": "个人信息", "wording": "表述错误", "attachment": "无法读取的附件"}


@dataclass(frozen=True)
class PendingItem:
    """A content-review candidate awaiting a person's decision (masked evidence only), or an attachment the
    review could not read (``kind`` "attachment", ``id`` 0): a person looks at it."""

    id: int
    site: str
    kind: str
    summary: str
    sample: str
    url: str
    first_seen: date | None = None
    confidence: str = ""  # "high": a header or label beside it says what it is; "medium": the value alone

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    @property
    def confidence_name(self) -> str:
        """How sure the finding is, in words (an unread attachment: a person must look, there is no guess)."""
        return CONFIDENCE_LABELS.get(self.confidence, "—")


@dataclass
class UnitNotice:
    """The weekly 整改通知 of one unit."""

    unit: str
    week: str
    as_of: date
    office_name: str
    deadline_workdays: int
    sites: list[str] = field(default_factory=list)
    previous: date | None = None  # as_of of the last notice issued to this unit
    inspected: dict[str, date] = field(default_factory=dict)  # site → date of the inspection the notice rests on
    new: list[Item] = field(default_factory=list)
    open: list[Item] = field(default_factory=list)
    fixed: list[Item] = field(default_factory=list)
    exempted: list[Item] = field(default_factory=list)
    pending: list[PendingItem] = field(default_factory=list)  # 待核实: content review not yet decided

    def section(self, name: str) -> list[Item]:
        return getattr(self, name)

    @property
    def items(self) -> list[tuple[str, Item]]:
        return [(s, i) for s in SECTIONS for i in self.section(s)]

    @property
    def needs_notice(self) -> bool:
        """Something to tell: new, still open or just fixed problems, or candidates to verify (exemptions alone
        are not news)."""
        return bool(self.new or self.open or self.fixed or self.pending)

    @property
    def overdue(self) -> list[Item]:
        return [i for i in self.open if i.overdue]

    @property
    def deadline(self) -> date | None:
        """The nearest deadline still ahead (after the notice date) of a problem still to fix."""
        dates = [i.deadline for i in self.new + self.open if i.deadline is not None and not i.due]
        return min(dates) if dates else None

    @property
    def due(self) -> list[Item]:
        """Problems still open whose deadline is today or has passed."""
        return [i for i in self.new + self.open if i.due]

    @property
    def escalated(self) -> list[Item]:
        return [i for i in self.new + self.open if i.escalated_from]

    @property
    def active_keys(self) -> list[str]:
        return [i.key for i in self.new + self.open]


@dataclass
class UnitRow:
    """One unit in the consolidated 通报."""

    unit: str
    sites: int
    evaluated: int = 0
    passed: int = 0
    verdict: str | None = None  # "pass" | "fail" | "unchecked" (every site blocked the inspector) | None
    score: float | None = None
    previous_score: float | None = None
    veto: int = 0
    deduct: int = 0
    warn: int = 0
    new: int = 0
    open: int = 0
    fixed: int = 0
    overdue: int = 0
    exempted: int = 0
    rank: int | None = None

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous_score is None:
            return None
        return round(self.score - self.previous_score, 1)

    @property
    def verdict_name(self) -> str:
        return VERDICT_NAMES.get(self.verdict or "", "未巡查")


@dataclass
class OfficeReport:
    """The consolidated weekly 通报 for the disclosure office."""

    week: str
    as_of: date
    office_name: str
    deadline_workdays: int = 5
    inspected: dict[str, date] = field(default_factory=dict)  # site → date of the inspection it rests on
    rows: list[UnitRow] = field(default_factory=list)
    sites_total: int = 0  # websites judged 合格 or 不合格 (the 合格率's base)
    sites_passed: int = 0
    units_registered: int = 0  # units with websites in the config: every one was to be inspected
    sites_registered: int = 0
    unchecked: list[str] = field(default_factory=list)  # registered websites not judged (未能检查, never inspected)
    previous_sites_total: int = 0
    previous_sites_passed: int = 0
    overdue: list[tuple[str, Item]] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        """合格率 of the inspected websites, in percent."""
        return _rate(self.sites_passed, self.sites_total)

    @property
    def previous_pass_rate(self) -> float | None:
        return _rate(self.previous_sites_passed, self.previous_sites_total)

    @property
    def pass_rate_change(self) -> float | None:
        if self.pass_rate is None or self.previous_pass_rate is None:
            return None
        return round(self.pass_rate - self.previous_pass_rate, 1)


def _rate(passed: int, total: int) -> float | None:
    return round(100.0 * passed / total, 1) if total else None
