"""What the benchmark scripts share; each imports it before anything else (they run as
``python benchmarks/X.py``).

Importing it takes this folder off ``sys.path``: run as a script, its files would shadow installed packages
(``incremental.py`` shadows Twisted's ``incremental``). :func:`crawl_bench` loads ``benchmarks/crawl.py`` (the
logged demo portals, the bare spider, peak RSS) as a module for the scripts that build on it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0]).resolve() == HERE:
    sys.path.pop(0)


def crawl_bench() -> ModuleType:
    """``benchmarks/crawl.py`` as the module ``bench_crawl`` (loaded once)."""
    if "bench_crawl" in sys.modules:
        return sys.modules["bench_crawl"]
    spec = importlib.util.spec_from_file_location("bench_crawl", HERE / "crawl.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_crawl"] = module
    spec.loader.exec_module(module)
    return module
