"""Render DOCX notices to PDF and PNG pages with LibreOffice, to look at them as an office would.

    python scripts/render_notice.py --demo --out /tmp/notice-pages
    python scripts/render_notice.py notices-out/2026-W47/*.docx --out /tmp/notice-pages

``--demo`` crawls the bundled demo portals (``patrol demo``) into a temporary folder and writes this
week's notices (``patrol notify --dry-run``) first. Needs ``soffice`` (libreoffice-writer) and
``pdftoppm`` (poppler-utils); not part of the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def demo_notices(work: Path, as_of: str) -> list[Path]:
    """Crawl the demo portals and write this week's notices into ``work``; the DOCX files written."""
    for args in (["demo", "--port", "0", "--as-of", as_of], ["notify", "--dry-run", "--as-of", as_of]):
        done = subprocess.run([sys.executable, "-m", "patrol", *args], cwd=work, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise SystemExit(f"patrol {' '.join(args)} failed:\n{done.stderr}")
    return sorted(work.glob("notices-out/*/*.docx"))


def render(docx: Path, out: Path, dpi: int) -> list[Path]:
    """``docx`` as ``out/<stem>.pdf`` and one ``out/<stem>-<page>.png`` per page."""
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True)
    pdf = out / f"{docx.stem}.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / docx.stem)], check=True)
    return sorted(out.glob(f"{docx.stem}-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", nargs="*", type=Path)
    parser.add_argument("--demo", action="store_true", help="write notices from a demo crawl first")
    parser.add_argument("--as-of", default="2026-11-20")
    parser.add_argument("--out", type=Path, default=Path("notice-pages"))
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: apt-get install libreoffice-writer-nogui poppler-utils")
    args.out.mkdir(parents=True, exist_ok=True)
    files = list(args.docx)
    with tempfile.TemporaryDirectory(prefix="patrol-notice-") as tmp:
        if args.demo:
            files += demo_notices(Path(tmp), args.as_of)
        for docx in files:
            copy = args.out / docx.name
            if copy.resolve() != docx.resolve():
                shutil.copy(docx, copy)
            for png in render(copy, args.out, args.dpi):
                print(png)


if __name__ == "__main__":
    main()
