"""The log of weekly notices (通报) sent to units: what went where, and what failed."""

from __future__ import annotations

from typing import Any

from storage.base import StoreBase
from storage.values import dumps, loads, now

CHANNELS = ("file", "email", "webhook")
# sent: reached its target (mail, robot); written: files generated, nothing delivered; failed; pending
NOTICE_STATUSES = ("sent", "written", "failed", "pending")

_FAILED = """
SELECT * FROM notices n WHERE status = 'failed' AND NOT EXISTS (
    SELECT 1 FROM notices later WHERE later.unit = n.unit AND later.week = n.week
      AND later.channel = n.channel AND later.target IS n.target AND later.id > n.id
      AND later.status IN ('sent', 'written'))
ORDER BY id
"""


class NoticeLogMixin(StoreBase):
    def record_notice(self, unit: str, week: str, channel: str, *, target: str | None = None,
                      files: list[str] | None = None, finding_keys: list[str] | None = None,
                      status: str = "pending", error: str | None = None) -> int:
        """Log one delivery of a unit's weekly notice; returns its id. ``sent`` stamps ``sent_at``; ``written``
        (the file channel: files generated, nothing delivered) has no delivery time."""
        _check(channel, CHANNELS, "渠道")
        _check(status, NOTICE_STATUSES, "状态")
        stamp = now()
        row = {"unit": unit, "week": week, "channel": channel, "target": target,
               "files": dumps([str(f) for f in files or []]), "finding_keys": dumps(list(finding_keys or [])),
               "status": status, "error": error, "created": stamp,
               "sent_at": stamp if status == "sent" else None}
        with self._tx() as conn:
            cursor = conn.execute(
                f"INSERT INTO notices ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})", row)
            return self._inserted(cursor)

    def notices_for(self, unit: str, week: str) -> list[dict[str, Any]]:
        """Every logged delivery of one unit's notice for one ISO week (``2026-W48``), oldest first."""
        return [_parsed(r) for r in self._rows("SELECT * FROM notices WHERE unit = ? AND week = ? ORDER BY id",
                                               (unit, week))]

    def failed_notices(self) -> list[dict[str, Any]]:
        """Failed deliveries not since sent to the same unit, week, channel and target (to retry)."""
        return [_parsed(r) for r in self._rows(_FAILED)]


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"未知的通报{what} {value!r}，应为 {'、'.join(allowed)} 之一")


def _parsed(row: dict[str, Any]) -> dict[str, Any]:
    row["files"] = loads(row["files"], [])
    row["finding_keys"] = loads(row["finding_keys"], [])
    return row
