"""The package graph says who may use whom: imports run only downward, and no module import closes a circle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# From the top layer down (README, "How it works"); a package imports only packages of lower layers.
LAYERS: dict[str, int] = {"patrol": 5, "scheduler": 4, "crawler": 3, "notices": 3, "storage": 2, "web": 2,
                          "rules": 1, "review": 1, "core": 0}


def _modules() -> dict[str, Path]:
    found = {"scheduler": ROOT / "scheduler.py"}
    for package in LAYERS:
        folder = ROOT / package
        if folder.is_dir():
            for path in folder.rglob("*.py"):
                parts = path.relative_to(ROOT).with_suffix("").parts
                found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    """Every project module named by an import anywhere in the file (lazy imports in functions included)."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            named.add(node.module)
            named.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n for n in named if n.split(".")[0] in LAYERS}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def test_imports_run_only_to_lower_layers() -> None:
    upward = sorted((source, target) for source, targets in _graph().items() for target in targets
                    if source.split(".")[0] != target.split(".")[0]
                    and LAYERS[target.split(".")[0]] >= LAYERS[source.split(".")[0]])
    assert upward == []


def test_no_module_import_closes_a_circle() -> None:
    graph = _graph()
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert circles == []


def test_only_the_pipeline_writes_the_store_during_a_crawl() -> None:
    """The spider keeps no store: the item pipeline writes, the conditional-request middleware only reads."""
    graph = _graph()
    users = sorted(m for m, targets in graph.items() if m.startswith("crawler.")
                   and any(t.startswith("storage.store") for t in targets))
    assert users == ["crawler.middlewares.conditional", "crawler.pipelines"]
