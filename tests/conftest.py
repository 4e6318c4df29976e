"""Shared fixtures: the demo portals on 127.0.0.1 and one real crawl of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import AS_OF, CliResult, run_cli

from patrol.demo.server import DemoPortals


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
