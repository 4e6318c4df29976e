"""History is not rewritten: an earlier `patrol run --as-of` is refused; `patrol report` only reads."""

from __future__ import annotations

import hashlib
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import AS_OF, CliResult, invoke_cli, run_cli

from patrol.demo.server import DemoPortals
from rules.lifecycle import OPEN_STATES
from storage.store import Store


def _fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file of the folder: content hash and mtime (ns)."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture()
def history(crawled: tuple[Path, CliResult], portals: DemoPortals, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the session's crawled database with a config that names it."""
    db, _ = crawled
    for suffix in ("", "-wal"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", tmp_path / f"patrol.db{suffix}")
    config = tmp_path / "sites.toml"
    config.write_text(portals.config_toml(database="patrol.db"), encoding="utf-8")
    return tmp_path / "patrol.db", config


def test_a_run_dated_before_the_newest_run_is_refused(history: tuple[Path, Path]) -> None:
    db, config = history
    before = _fingerprint(db.parent)
    earlier = (AS_OF - timedelta(days=3)).isoformat()
    result = run_cli("run", "--config", str(config), "--as-of", earlier, "--quiet", cwd=db.parent)
    assert result.code == 2, result.stdout + result.stderr
    assert f"早于数据库 {db}" in result.stderr and AS_OF.isoformat() in result.stderr
    assert "patrol report --as-of" in result.stderr and "Traceback" not in result.stderr
    after = _fingerprint(db.parent)
    assert after["patrol.db"] == before["patrol.db"]
    with Store(db) as store:
        assert {r["as_of"] for r in store.runs()} == {AS_OF.isoformat()}


def test_report_re_evaluates_stored_data_without_writing(history: tuple[Path, Path]) -> None:
    db, config = history
    with Store(db) as store:  # settle the WAL so the files are what they will stay
        stored = {}
        for row in store.findings():
            if row["state"] in OPEN_STATES:
                stored.setdefault(row["site"], set()).add(row["key"])
        evaluations = {r["site"]: r for r in store._rows("SELECT * FROM evaluations")}
    before = _fingerprint(db.parent)
    result = invoke_cli("report", "--config", str(config), "--as-of", AS_OF.isoformat(), "--json", cwd=db.parent)
    assert result.code in (0, 1), result.stderr
    [data] = result.json_lines()
    assert data["as_of"] == AS_OF.isoformat() and data["read_only"] is True
    by_site = {s["site"]["name"]: s for s in data["sites"]}
    assert set(by_site) == set(evaluations)
    for name, site in by_site.items():
        assert site["verdict"] == evaluations[name]["verdict"], name
        assert site["score"] == pytest.approx(evaluations[name]["score"]), name
        assert {f["key"] for f in site["findings"]} == stored.get(name, set()), name
        assert site["inspected"] == AS_OF.isoformat()
    assert result.code == (1 if any(s["verdict"] == "fail" for s in data["sites"]) else 0)
    one = next(iter(by_site))
    text = invoke_cli("report", "--config", str(config), "--as-of", AS_OF.isoformat(), "--site", one, cwd=db.parent)
    assert "只读重新评估" in text.stdout and one in text.stdout
    assert sum(1 for name in by_site if name in text.stdout.splitlines()[3]) == 1
    after = _fingerprint(db.parent)
    assert after["patrol.db"] == before["patrol.db"]  # same bytes, same mtime
    wal = db.parent / "patrol.db-wal"  # SQLite's read machinery may leave an empty WAL, never a write
    assert not wal.exists() or wal.stat().st_size == 0
    assert set(after) - set(before) <= {"patrol.db-wal", "patrol.db-shm"}


def test_report_on_a_missing_database_says_so(tmp_path: Path, portals: DemoPortals) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(portals.config_toml(database="nothing.db"), encoding="utf-8")
    result = invoke_cli("report", "--config", str(config), cwd=tmp_path)
    assert result.code == 1 and "无法读取数据库" in result.stderr and "nothing.db" in result.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_a_corrupt_database_is_named_and_refused_as_unusable_input(tmp_path: Path, portals: DemoPortals) -> None:
    import scheduler

    config = tmp_path / "sites.toml"
    config.write_text(portals.config_toml(database="broken.db"), encoding="utf-8")
    (tmp_path / "broken.db").write_bytes(b"this is not an SQLite file\x00" * 200)
    result = run_cli("run", "--config", str(config), "--quiet", cwd=tmp_path)
    assert result.code == 65, result.stdout + result.stderr  # its own code, not an interrupted run
    assert "broken.db" in result.stderr and "不是 SQLite 数据库" in result.stderr and "已损坏" in result.stderr
    assert "巡查未完成" in result.stderr and "Traceback" not in result.stderr
    inspect_job = next(s for s in scheduler.job_specs(portals_config(config), config) if s.id == "inspect")
    assert 65 not in inspect_job.success and scheduler._outcome(65, inspect_job.success)[0] == "failed"


def portals_config(path: Path):  # noqa: ANN201 - a Config
    from core.config import load_config

    return load_config(path)
