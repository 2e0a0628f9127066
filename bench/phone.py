"""The book on a slow phone, page by page: bytes on the wire, largest contentful paint, and the time
until a live figure answers.

    .venv/bin/python -m bench.phone [--html _build/html] [--runs 3] [--page chapters/04_softmax ...]

Every page of ``_toc.yml`` (or each ``--page``), served gzip'd from 127.0.0.1 with a static host's
headers, opened on the profile's phone (:mod:`bookdev.phone`: 150 ms round trip, 1.6 Mbit/s down,
750 kbit/s up, CPU 4× slower, 412×823; service workers blocked):

* **first KB** — a first visit (empty cache): every response's bytes on the wire (gzip'd body plus
  headers) until the network is idle. Budget ≤ 300 KB (``tests/browser/test_page_budget.py``
  checks it on every build).
* **second KB** — the same page as the second page of a visit that began on the intro (the intro's
  own second page is chapter 01): what the HTTP cache did not already hold. ``img`` is the part that
  is the page's own images (``_images/``); budget ≤ 80 KB plus those.
* **LCP** — largest contentful paint of the first visit, ms from navigation start (budget
  ≤ 2000). The browser stops reporting it at the first key press, so on a page with a live
  figure it is the largest paint before the figure was used.
* **slider** / **answer** — pages with live figures: the first slider on screen, and the frame
  after it answered an ArrowRight pressed as soon as it was there (the figure redrawn; the
  budget ≤ 3000 is for the answer), ms from navigation start.

The times are medians of ``--runs`` first visits (the spread is printed); bytes come from the
first run (the same build gives the same bytes). Prints figures, asserts nothing. Needs a built
book (``make book``).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bookdev import ROOT
from bookdev.browser import headless_chromium
from bookdev.build import toc_pages
from bookdev.phone import visit
from bookdev.serve import serve_directory

HTML = ROOT / "_build" / "html"
BUDGET = {"first": 300_000, "second": 80_000, "lcp": 2000, "answer": 3000}


def first_page_before(docname: str, pages: list[str]) -> str:
    """The page a reader opened before ``docname`` in the second-page figure."""
    return pages[1] if docname == pages[0] else pages[0]


def _median(values: list[float | None]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _spread(values: list[float | None]) -> str:
    values = [v for v in values if v is not None]
    return f"{min(values):.0f}–{max(values):.0f}" if len(values) > 1 else ""


def measure_page(browser, base: str, docname: str, pages: list[str], runs: int) -> dict:
    first = [visit(browser, base, docname, throttle=True) for _ in range(runs)]
    second = visit(browser, base, docname, after=first_page_before(docname, pages), throttle=True)
    if any(v.left_loopback for v in first + [second]):
        raise RuntimeError(f"{docname} requested outside 127.0.0.1: {first[0].left_loopback}")
    if any(v.redrawn is False for v in first):
        raise RuntimeError(f"{docname}: the figure did not change after the key press")
    return {
        "page": docname,
        "first": first[0].wire_bytes,
        "second": second.wire_bytes,
        "second_images": second.own_image_bytes,
        "lcp": [v.lcp_ms for v in first],
        "slider": [v.slider_ms for v in first],
        "answer": [v.answered_ms for v in first],
    }


def _ms(values: list[float | None]) -> str:
    m = _median(values)
    return f"{m:6.0f} {_spread(values):>11}" if m is not None else f"{'—':>6} {'':>11}"


def print_table(rows: list[dict]) -> None:
    print(
        f"  {'page':<34} {'first KB':>8} {'second KB':>9} {'(img)':>6}"
        f" {'LCP ms':>6} {'(runs)':>11} {'slider':>6} {'answer':>6} {'(runs)':>11}"
    )
    for r in rows:
        over = []
        if r["first"] > BUDGET["first"]:
            over.append("first")
        if r["second"] - r["second_images"] > BUDGET["second"]:
            over.append("second")
        if (_median(r["lcp"]) or 0) > BUDGET["lcp"]:
            over.append("LCP")
        if (_median(r["answer"]) or 0) > BUDGET["answer"]:
            over.append("answer")
        print(
            f"  {r['page']:<34} {r['first'] / 1e3:8.1f} {r['second'] / 1e3:9.1f}"
            f" {r['second_images'] / 1e3:6.1f} {_ms(r['lcp'])} {_ms(r['slider'])[:6]}"
            f" {_ms(r['answer'])}  {'OVER: ' + ', '.join(over) if over else ''}"
        )
    firsts = [r["first"] for r in rows]
    seconds = [r["second"] - r["second_images"] for r in rows]
    lcps = [_median(r["lcp"]) for r in rows]
    answers = [a for a in (_median(r["answer"]) for r in rows) if a is not None]
    print(
        f"  total first visits {sum(firsts) / 1e3:.0f} KB, largest {max(firsts) / 1e3:.1f} KB"
        f" (budget {BUDGET['first'] / 1e3:.0f}); second page without its images: largest"
        f" {max(seconds) / 1e3:.1f} KB (budget {BUDGET['second'] / 1e3:.0f}); LCP largest"
        f" {max(lcps):.0f} ms (budget {BUDGET['lcp']})"
        + (f"; answer largest {max(answers):.0f} ms (budget {BUDGET['answer']})" if answers else "")
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    ap.add_argument("--html", type=Path, default=HTML)
    ap.add_argument("--runs", type=int, default=3, help="first visits per page (times: median)")
    ap.add_argument("--page", action="append", help="a docname (repeatable; default: every page)")
    args = ap.parse_args(argv)
    pages = toc_pages()
    with serve_directory(args.html, gzip=True) as base, headless_chromium(full=True) as browser:
        rows = [measure_page(browser, base, d, pages, args.runs) for d in args.page or pages]
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
