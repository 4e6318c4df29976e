"""Extraction accuracy on a holdout corpus: generated sites Patrol was not developed against.

Serves ``make_bulk_sites`` with a seed other than the one the tests and benchmarks use, runs the real
`patrol run` over them, and compares every column's kind, entry count and latest date, and every site's
footer identifiers, with the ground truth the generator knows. Prints accuracy per CMS style.

    python benchmarks/accuracy.py [--sites 24] [--columns 12] [--entries 30] [--seed 7]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]  # the project, ahead of this folder

from core.tables import render_table  # noqa: E402
from patrol.demo.bulk import make_bulk_sites  # noqa: E402
from patrol.demo.server import DemoPortals  # noqa: E402

AS_OF = date(2026, 11, 20)


def compare(db: Path, portals: DemoPortals) -> tuple[Counter, Counter, list[str]]:
    """(checks per style, correct per style, first mismatches)."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    total, good, misses = Counter(), Counter(), []
    for truth in portals.expected().values():
        style = truth["style"]
        found = {r["name"]: r for r in con.execute("select * from columns where site = ?", (truth["name"],))}
        for name, col in truth["columns"].items():
            got = found.get(name)
            want = (col["kind"], col["entries"] if col["kind"] == "list" else None, col["latest"])
            have = None
            if got is not None:
                latest = got["latest"] if col["kind"] == "list" else got["page_date"] if col["kind"] == "page" else None
                have = (got["kind"], got["entry_count"] if col["kind"] == "list" else None, latest)
            total[style] += 1
            if have == want:
                good[style] += 1
            elif len(misses) < 10:
                misses.append(f"{truth['name']} / {name}: expected {want}, got {have}")
    con.close()
    return total, good, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=24)
    parser.add_argument("--columns", type=int, default=12)
    parser.add_argument("--entries", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    specs = make_bulk_sites(args.sites, args.columns, args.entries, seed=args.seed)
    with DemoPortals(AS_OF, sites=specs) as portals, tempfile.TemporaryDirectory() as tmp:
        db, config = Path(tmp) / "acc.db", Path(tmp) / "sites.toml"
        config.write_text(portals.config_toml(database=str(db)), encoding="utf-8")
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "patrol", "run", "--config", str(config), "--as-of",
                               AS_OF.isoformat(), "--quiet"], capture_output=True, text=True)
        seconds = time.monotonic() - started
        if done.returncode not in (0, 1):
            sys.exit(done.stderr)
        total, good, misses = compare(db, portals)
    rows = [[style, total[style], good[style], f"{100 * good[style] / total[style]:.1f}%"] for style in sorted(total)]
    rows.append(["合计", sum(total.values()), sum(good.values()),
                 f"{100 * sum(good.values()) / sum(total.values()):.1f}%"])
    print(f"留出语料：{args.sites} 个站点 × {args.columns} 个栏目 × {args.entries} 条（种子 {args.seed}），"
          f"巡查用时 {seconds:.1f} 秒")
    print(render_table(["CMS 类型", "栏目数", "完全正确", "准确率"], rows, right=(1, 2, 3)))
    for miss in misses:
        print("  不一致：" + miss)


if __name__ == "__main__":
    main()
