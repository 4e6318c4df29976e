"""Shared fixtures: the demo portals on 127.0.0.1 and one real crawl of them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

# The test folders mirror the packages (tests/crawler/, tests/rules/, ...) and import the shared helpers of
# tests/ (helpers.py, notices_fixtures.py, ...) as top-level modules, so tests/ goes on the path. The repository
# root goes there too: a test folder named like a package is a namespace portion, and only a regular package
# on the path (crawler/, rules/, ..., scheduler.py) is sure to win over it.
for _folder in (Path(__file__).resolve().parents[1], Path(__file__).resolve().parent):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

import pytest  # noqa: E402
from helpers import AS_OF, CliResult, run_cli  # noqa: E402

from patrol.demo.server import DemoPortals  # noqa: E402


@pytest.fixture(scope="session")
def portals() -> Iterator[DemoPortals]:
    """The bundled demo portals, dated as of AS_OF, served for the whole session."""
    with DemoPortals(AS_OF) as served:
        yield served


@pytest.fixture(scope="session")
def crawled(portals: DemoPortals, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CliResult]:
    """One real `patrol run` over every demo portal; returns the database path and the CLI result."""
    work = tmp_path_factory.mktemp("crawled")
    config = work / "sites.toml"
    config.write_text(portals.config_toml(database=str(work / "patrol.db")), encoding="utf-8")
    result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", cwd=work)
    assert result.code in (0, 1), result.stderr
    return work / "patrol.db", result
