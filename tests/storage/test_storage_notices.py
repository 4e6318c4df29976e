"""The notice log: what was delivered to whom, and which failures still wait for a retry."""

from __future__ import annotations

import pytest

from storage import Store

UNIT = "清河市政务公开办"


def test_notices_round_trip_and_failed_ones_until_resent(tmp_path):
    with Store(tmp_path / "patrol.db") as store:
        files = ["notices-out/2026-W48/清河市政务公开办.xlsx", "notices-out/2026-W48/清河市政务公开办.docx"]
        file_id = store.record_notice(UNIT, "2026-W48", "file", files=files, finding_keys=["k1", "k2"],
                                      status="sent")
        mail_id = store.record_notice(UNIT, "2026-W48", "email", target="gk@example.invalid", files=files,
                                      finding_keys=["k1", "k2"], status="failed", error="SMTP 连接超时")
        store.record_notice("别的单位", "2026-W48", "webhook", target="http://127.0.0.1:9/hook")
        rows = store.notices_for(UNIT, "2026-W48")
        assert [(r["id"], r["channel"], r["status"]) for r in rows] == [(file_id, "file", "sent"),
                                                                         (mail_id, "email", "failed")]
        assert rows[0]["files"] == files and rows[0]["finding_keys"] == ["k1", "k2"]
        assert rows[0]["sent_at"] is not None and rows[1]["sent_at"] is None
        assert rows[1]["error"] == "SMTP 连接超时"
        assert store.notices_for(UNIT, "2026-W47") == []
        assert [r["id"] for r in store.failed_notices()] == [mail_id]

        store.record_notice(UNIT, "2026-W48", "email", target="gk@example.invalid", status="pending")
        assert [r["id"] for r in store.failed_notices()] == [mail_id]
        store.record_notice(UNIT, "2026-W48", "email", target="gk@example.invalid", status="sent")
        assert store.failed_notices() == []
        assert store.notices_for(UNIT, "2026-W48")[-1]["sent_at"] is not None


def test_unknown_channel_or_status_is_refused(tmp_path):
    with Store(tmp_path / "patrol.db") as store:
        with pytest.raises(ValueError, match="渠道"):
            store.record_notice(UNIT, "2026-W48", "fax")
        with pytest.raises(ValueError, match="状态"):
            store.record_notice(UNIT, "2026-W48", "file", status="done")
