"""The cost of content review (issue 21): attachments read per second per type, and a run's wall time with
``[review] enabled`` on and off.

Reads the synthetic corpus of ``tests/review_corpus.py`` (an XLSX list of ``--rows`` rows on three sheets, an
HTML table saved as .xls, a DOCX with a table, header and text box, a text PDF, a scanned PDF) ``--repeat``
times each, then serves the fixture portal of ``tests/review_portal.py`` (the department site whose newest
notice links three attachments) and the demo portals of ``patrol demo`` (with its planted list), and runs the
real ``patrol run`` on each with review off and on.

    python benchmarks/review.py [--rows 500] [--repeat 20]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import support  # noqa: E402, F401 - first: takes this folder off sys.path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))  # the synthetic corpus and the fixture portals

import review_portal as rp  # noqa: E402
import shaped_portals as sp  # noqa: E402
from review_corpus import Corpus  # noqa: E402

from core.tables import render_table  # noqa: E402
from patrol.demo.review_sample import plant  # noqa: E402
from patrol.demo.server import DemoPortals  # noqa: E402
from review.attachments import read  # noqa: E402
from review.scan import scan  # noqa: E402
from review.wording import WordingChecker, load_words  # noqa: E402

AS_OF = date(2026, 11, 20)


def reading_rates(rows: int, repeat: int) -> list[list[str]]:
    corpus = Corpus()
    files = {"xlsx": corpus.xlsx(rows), "html-as-xls": corpus.html_xls(), "docx": corpus.docx(),
             "pdf (text)": corpus.text_pdf(), "pdf (scanned)": corpus.image_pdf()}
    checker = WordingChecker(load_words())
    table = []
    for name, data in files.items():
        started = time.perf_counter()
        for _ in range(repeat):
            reading = read(data)
            found = scan(reading.blocks, source=name, url=name, checker=checker)
        seconds = (time.perf_counter() - started) / repeat
        table.append([name, f"{len(data) / 1024:.0f}", str(len(reading.blocks)), reading.status, str(len(found)),
                      f"{1 / seconds:.1f}", f"{seconds * 1000:.1f}"])
    return table


def run(config_text: str, enabled: bool, work: Path) -> float:
    """One `patrol run` of ``config_text`` with ``[review] enabled`` set; its wall time."""
    mode = "on" if enabled else "off"
    work.mkdir(exist_ok=True)
    config = work / f"{mode}.toml"
    config.write_text(config_text + f"\n[review]\nenabled = {str(enabled).lower()}\n", encoding="utf-8")
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "patrol", "run", "--config", str(config), "--db", str(work / f"{mode}.db"),
                    "--as-of", AS_OF.isoformat(), "--quiet", "--full"], cwd=work, capture_output=True, check=False)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(render_table(["类型", "大小（KB）", "文本块", "读取结果", "候选", "每秒文件数", "每个（毫秒）"],
                       reading_rates(args.rows, args.repeat)))
    fixture = ('[crawl]\ndelay = 0.0\ncheck_links = false\n[[units]]\nname = "清河市市场监督管理局"\n'
               '[[sites]]\nname = "市场监管局网站"\nunit = "清河市市场监督管理局"\nurl = "{base}"\n')
    with tempfile.TemporaryDirectory() as tmp, sp.serve(rp.review_pages(AS_OF, Corpus(), args.rows)) as base:
        fixture_times = best_of_three(fixture.format(base=base), Path(tmp))
    with tempfile.TemporaryDirectory() as tmp, DemoPortals(AS_OF).start() as portals:
        plant(portals)
        demo_times = best_of_three(portals.config_toml(database=str(Path(tmp) / "demo.db")), Path(tmp))
    print(render_table(["站点", "[review] enabled = false（秒）", "true（秒）"], [
        [f"部门网站：8 个栏目，1 篇公示链接 XLSX（{args.rows} 行）、.xls、扫描 PDF", f"{fixture_times[False]:.1f}",
         f"{fixture_times[True]:.1f}"],
        ["patrol demo 的 8 个站点（约 640 页，链接检查开启；1 篇公示链接 XLSX）", f"{demo_times[False]:.1f}",
         f"{demo_times[True]:.1f}"]]))
    print("patrol run 耗时，交替各跑三次取最短。")


def best_of_three(config_text: str, work: Path) -> dict[bool, float]:
    """Runs alternating off and on, three each (the first also warms the caches); the best time of each."""
    times: dict[bool, float] = {}
    for attempt in range(3):
        for enabled in (False, True):
            seconds = run(config_text, enabled, work / f"{attempt}")
            times[enabled] = min(times.get(enabled, seconds), seconds)
    return times


if __name__ == "__main__":
    main()
