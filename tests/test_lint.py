"""The code base stays ruff-clean (run as a test so CI checks it with the README's command)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_import_their_helpers_as_top_level_modules() -> None:
    """`tests` is no package: tests/conftest.py puts tests/ on the path, so the shared helpers import as
    `helpers`, `notices_fixtures`, ... from every folder of tests/, and `from tests.x import` is not needed."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*.py")
                 if any(line.lstrip().startswith(("from tests.", "import tests"))
                        for line in p.read_text(encoding="utf-8").splitlines())]
    assert offenders == []


def test_tests_run_commands_through_the_patrol_group() -> None:
    """Click caches a command's help option with the names of the first context it meets: a command invoked
    without the `patrol` group (``-h, --help``) would change `--help` for every later test in that process."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*.py")
                 if re.search(r"CliRunner\(\)\.invoke\((?!cli\b)", p.read_text(encoding="utf-8"))]
    assert offenders == []
