"""Time of the PDF edition's build (``make pdf``): singlehtml build + printing in headless Chromium.

    .venv/bin/python -m bench.pdf_bench

Runs ``scripts/make_pdf.py`` (the script ``make pdf`` runs) on this repository into a temporary
folder (the repository's ``_build/`` is left alone), singlehtml build included, and prints the
wall-clock seconds, the page count and the file size. Asserts nothing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bookdev import ROOT

SCRIPT = ROOT / "scripts" / "make_pdf.py"


def time_pdf_build(source: Path = ROOT) -> dict:
    """Build the PDF from scratch once; print and return ``{"seconds", "pages", "megabytes"}``."""
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        paths = ["--source", source, "--path-output", out, "--output", out / "book.pdf"]
        subprocess.run([sys.executable, SCRIPT, *paths], check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        figures = {
            "seconds": seconds,
            "pages": len(PdfReader(out / "book.pdf").pages),
            "megabytes": (out / "book.pdf").stat().st_size / 1e6,
        }
    print(f"  PDF build (singlehtml + Chromium print)   {seconds:8.2f} s   "
          f"{figures['pages']} pages, {figures['megabytes']:.1f} MB")  # fmt: skip
    return figures


if __name__ == "__main__":
    time_pdf_build()
