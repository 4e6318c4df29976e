"""`patrol serve` in a real headless Chromium: the overview, a chart, a canned view and an export.

Chromium renders the pages as a user's browser would (Debian's `chromium`, installed by `.ci/run`); the
rendered DOM is checked and screenshots are kept in `test-artifacts/` for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess

import pytest
from helpers import AS_OF, ROOT
from served_web import get

from patrol.demo.server import DemoPortals

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


def render(url: str, screenshot: str | None = None) -> str:
    """The DOM Chromium builds for ``url``; with ``screenshot``, also a PNG of the page in test-artifacts/."""
    args = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--hide-scrollbars", "--window-size=1400,1600", "--virtual-time-budget=5000",
            f"--user-data-dir={ARTIFACTS / '.chromium'}"]
    dom = subprocess.run([*args, "--dump-dom", url], capture_output=True, text=True, timeout=90).stdout
    if screenshot:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / screenshot
        subprocess.run([*args, f"--screenshot={target}", url], capture_output=True, timeout=90)
        assert target.is_file() and target.stat().st_size > 10_000, "Chromium wrote no screenshot"
    return dom


def test_overview_renders_the_league_and_a_chart_with_data(server, portals: DemoPortals) -> None:
    base, _, _ = server
    dom = render(f"{base}/?as_of={AS_OF.isoformat()}", screenshot="overview.png")
    for truth in portals.expected().values():
        assert truth["unit"] in dom
    assert "巡查总览" in dom and "不合格" in dom and "合格" in dom
    charts = re.findall(r"<svg\b.*?</svg>", dom, re.S)
    assert charts, "no chart on the overview"
    assert any(len(re.findall(r"<(?:rect|circle|path|polyline)\b", svg)) >= 3 for svg in charts)


def test_open_findings_view_lists_the_stored_findings(server) -> None:
    base, db, _ = server
    con = sqlite3.connect(db)
    try:
        expected = [m for (m,) in con.execute(
            "SELECT message FROM findings WHERE site = '清河县柳镇人民政府' AND state != 'fixed' LIMIT 5")]
    finally:
        con.close()
    assert expected
    dom = render(f"{base}/patrol/open_findings?as_of={AS_OF.isoformat()}&unit=清河县柳镇人民政府",
                 screenshot="open_findings.png")
    text = re.sub(r"<[^>]+>", "", dom)
    for message in expected:
        assert message[:30] in text
    export = re.search(r'href="([^"]*open_findings\.csv[^"]*)"', dom)
    assert export, "the view offers no CSV export"
    status, kind, body = get(base, export.group(1).replace("&amp;", "&"))
    assert status == 200 and "text/plain" in kind or "csv" in kind
    assert body.splitlines()[0].count(",") >= 3 and len(body.splitlines()) > 1
