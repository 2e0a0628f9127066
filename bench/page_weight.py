"""Page weight of the built HTML book: bytes each page transfers and its time to ``load`` in
headless Chromium.

    .venv/bin/python -m bench.page_weight          # needs _build/html (make book)

Every page of ``_toc.yml`` is opened in a fresh browser context (empty cache, as a first visit),
served from 127.0.0.1 by a local HTTP server (no compression, so transferred bytes = file bytes +
headers).

* **page bytes** — what belongs to this page: its HTML (which embeds the saved widget state) and
  everything else it loads that is not shared, e.g. its figures under ``_images/``. The budget (≤
  1.5 MB) applies to this figure on chapter pages; the verdict is printed as OK/OVER.
* **shared bytes** — EXCLUDED from the budget, reported for information: everything under
  ``_static/`` (the theme's CSS/JS/fonts, the vendored math fonts and CSS, the book's own small
  scripts such as the live-figure loader) and ``searchindex.js``. They are the same
  files for every page, so a reader downloads them once.
* **load** — milliseconds from navigation start to the end of the ``load`` event (cold cache). It
  varies with the machine and its load; it is a figure to watch, not a test.

``measure()`` returns the figures as a list of dicts (used by ``bench/run.py`` through ``main()``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from bookdev import ROOT
from bookdev.browser import FONTS_READY, LOAD_ALL_IMAGES, headless_chromium, local_only
from bookdev.build import toc_pages
from bookdev.serve import serve_directory

HTML = ROOT / "_build" / "html"
BUDGET_BYTES = 1_500_000  # per chapter page, page bytes only
SHARED_PREFIXES = ("/_static/", "/searchindex.js")


def measure(html_dir: Path = HTML, pages: list[str] | None = None) -> list[dict]:
    """Open each page cold in headless Chromium; return one dict of figures per page (see the
    module docstring)."""
    if not (html_dir / "index.html").exists():
        raise FileNotFoundError(
            f"{html_dir}/index.html is missing: build the book first (make book)"
        )
    pages = pages or toc_pages()
    with serve_directory(html_dir) as base, headless_chromium() as browser:
        return [_measure_page(browser, base, docname) for docname in pages]


def _measure_page(browser, base: str, docname: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    external: list[str] = []

    def on_finished(request):
        s = request.sizes()
        sizes.append((urlsplit(request.url).path, s["responseBodySize"] + s["responseHeadersSize"]))

    # never leave the machine; count what was refused so it shows up
    local_only(page, base, external)
    page.on("requestfinished", on_finished)
    try:
        page.goto(f"{base}{docname}.html", wait_until="load")
        # Images below the fold count too: load them all; let widgets and math fetch their fonts.
        page.evaluate(LOAD_ALL_IMAGES)
        page.evaluate(FONTS_READY)
        page.wait_for_load_state("networkidle")  # the fonts MathJax and the widgets asked for
        load_ms = page.evaluate(
            """() => {
                const n = performance.getEntriesByType('navigation')[0];
                return n.loadEventEnd - n.startTime;
            }"""
        )
    finally:
        context.close()
    own = sum(n for path, n in sizes if not path.startswith(SHARED_PREFIXES))
    shared = sum(n for path, n in sizes if path.startswith(SHARED_PREFIXES))
    chapter = docname.startswith("chapters/")
    return {
        "page": docname,
        "page_bytes": own,
        "shared_bytes": shared,
        "requests": len(sizes),
        "external_requests": len(external),
        "load_ms": round(load_ms),
        "budget_bytes": BUDGET_BYTES if chapter else None,
        "ok": (own <= BUDGET_BYTES) if chapter else None,
    }


def main() -> int:
    results = measure()
    budget = f"budget ≤ {BUDGET_BYTES / 1e6:.1f} MB"
    print(f"  {'page':<36} {'page KB':>9} {'shared KB':>10} {'req':>4} {'load ms':>8}  {budget}")
    for r in results:
        verdict = "" if r["ok"] is None else ("OK" if r["ok"] else "OVER")
        if r["external_requests"]:
            verdict += f"  ({r['external_requests']} external requests blocked!)"
        print(
            f"  {r['page']:<36} {r['page_bytes'] / 1e3:9.1f} {r['shared_bytes'] / 1e3:10.1f}"
            f" {r['requests']:4d} {r['load_ms']:8d}  {verdict}"
        )
    print("  page KB = the page's HTML (with saved widget state) + its own images; shared KB =")
    print("  _static/ (theme, vendored math assets, the figure loader) +")
    print("  searchindex.js, excluded from the budget.")
    over = [r["page"] for r in results if r["ok"] is False]
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
