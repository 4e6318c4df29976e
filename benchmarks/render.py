"""The cost of the render path: a site whose lists scripts build from JSON, inspected with rendering on and off.

Serves the fixture portal of ``tests/shaped_portals.py`` (one column built by script, the rest static) with
``--columns`` script-built columns, runs the real ``patrol run`` with ``[crawl] render = "auto"`` and
``"never"``, and prints the wall time, the pages rendered and the seconds per rendered page.

    python benchmarks/render.py [--columns 10]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import support  # noqa: E402, F401 - first: takes this folder off sys.path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))  # the real sites' server and truth, the fixture portals

import shaped_portals as sp  # noqa: E402

from core.tables import render_table  # noqa: E402

AS_OF = date(2026, 11, 20)


def pages_with(columns: int) -> sp.Pages:
    """The scripted portal with ``columns`` script-built columns linked from its catalog."""
    pages = sp.scripted_pages(AS_OF)
    body, kind = pages["/xxgk/zcwj/"]
    links = "".join(f'<li><a href="/xxgk/js{i}/">政策文件{i}</a></li>' for i in range(columns))
    catalog, ctype = pages["/xxgk/"]
    pages["/xxgk/"] = (catalog.replace(b"</ul></div>", links.encode() + b"</ul></div>", 1), ctype)
    for i in range(columns):
        pages[f"/xxgk/js{i}/"] = (body.replace(b"/api/zcwj.json", f"/api/js{i}.json".encode()), kind)
        pages[f"/api/js{i}.json"] = pages["/api/zcwj.json"]
    return pages


def run(base: str, mode: str, work: Path) -> tuple[float, int, int]:
    config = work / f"{mode}.toml"
    config.write_text(f'[crawl]\nrender = "{mode}"\nrender_pages = 1000\n\n[[units]]\nname = "清河市科学技术局"\n'
                      f'\n[[sites]]\nname = "清河市科学技术局"\nunit = "清河市科学技术局"\nurl = "{base}"\n',
                      encoding="utf-8")
    db = work / f"{mode}.db"
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "patrol", "run", "--config", str(config), "--db", str(db), "--as-of",
                    AS_OF.isoformat(), "--quiet"], cwd=work, capture_output=True, check=False)
    seconds = time.monotonic() - started
    con = sqlite3.connect(db)
    rendered = con.execute('SELECT count(*) FROM "columns" WHERE rendered = 1').fetchone()[0]
    read = con.execute('SELECT count(*) FROM "columns" WHERE entry_count > 0').fetchone()[0]
    return seconds, rendered, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, default=10)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sp.serve(pages_with(args.columns)) as base:
        results = {mode: run(base, mode, Path(tmp)) for mode in ("never", "auto")}
    for mode, (seconds, rendered, read) in results.items():
        extra = (seconds - results["never"][0]) / rendered if rendered else 0.0
        rows.append([mode, f"{seconds:.1f}", rendered, read, f"{extra:.2f}" if rendered else "—"])
    print(render_table(["render", "耗时（秒）", "渲染页数", "读到条目的栏目", "每渲染一页增加（秒）"], rows))


if __name__ == "__main__":
    main()
