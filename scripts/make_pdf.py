"""Print the book to one A4 PDF with the Chromium the tests use — no LaTeX, nothing downloaded.

    .venv/bin/python scripts/make_pdf.py                       # → _build/singlehtml/,
    _build/pdf/book.pdf .venv/bin/python scripts/make_pdf.py --path-output /tmp/b --output
    /tmp/b/book.pdf .venv/bin/python scripts/make_pdf.py --no-build --path-output /tmp/b   # reuse
    /tmp/b/_build/singlehtml

How:

1. ``bookdev.build.build_book(builder="singlehtml")`` (the book's one build command): the whole book
   (``_toc.yml`` order) as one page, from the stored notebook outputs (``_ext/singlehtml_book.py``
   adds every notebook's saved widget state to it).
2. That page is served from 127.0.0.1 and opened in headless Chromium (``$CHROMIUM``, else Debian's
   ``chromium-headless-shell`` or ``chromium``: ``bookdev.browser.headless_chromium``) through
   Playwright. Requests to any other host are refused (``bookdev.browser.local_only``), so a page
   that needs the network fails here the same way it would for an offline reader.
3. The math is already typeset (KaTeX HTML made at build time, ``_ext/katex_math.py``); the script
   fails if a formula is left as TeX (a KaTeX error). Before printing it waits for every saved
   widget view to be drawn (and fails if one shows "Error displaying widget"), for every image to
   be decoded and for the web fonts (KaTeX's); it opens the solution dropdowns. The print stylesheet
   ``static/book/print.css`` hides the navigation, wraps long code lines and starts each document
   on a new page. Display equations wider than the paper are scaled down to fit.
4. ``page.pdf``: A4, page numbers in the footer ("3 / 120"), a tagged PDF with an outline
   (bookmarks) built from the headings — each chapter's title at the top level.

Prints the output path, its page count and size, and the seconds each step took.
"""

from __future__ import annotations

import argparse
import io
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from bookdev import ROOT
from bookdev.browser import (
    FONTS_READY,
    LOAD_ALL_IMAGES,
    chromium_path,
    headless_chromium,
    local_only,
)
from bookdev.build import build_book, toc_pages
from bookdev.serve import serve_directory

FOOTER = (
    '<div style="width: 100%; font-size: 8pt; color: #555; text-align: center;'
    ' font-family: sans-serif;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
#: The printable width of an A4 page in CSS pixels (96 px per inch): the layout width Chromium
#: prints at.
PRINT_WIDTH_PX = round((210 - 16 - 16) / 25.4 * 96)

# Counts of saved widget views, drawn widget views and widget errors on the page.
_WIDGETS = """() => ({
    views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')
        .length,
    drawn: [...document.querySelectorAll('.widget-subarea')]
        .filter(e => e.childElementCount > 0).length,
    errors: [...document.querySelectorAll('.widget-subarea, .jupyter-widgets')]
        .filter(e => e.textContent.includes('Error displaying widget')).length,
})"""

# Open every solution for the paper: sphinx-togglebutton dropdowns (admonitions, sphinx-exercise
# solutions) and sphinx-design <details>. MyST-NB's hidden code cells (details.hide) stay closed
# (print.css leaves them out).
_OPEN_DROPDOWNS = """() => {
    document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
    document.querySelectorAll('details:not(.hide)').forEach(d => { d.open = true; });
}"""


# KaTeX does not break long display equations; on screen they scroll sideways inside their box
# (.katex-html), on paper they would be cut at the margin. In the print layout, each display
# equation wider than its box is scaled down to fit (CSS zoom) and no longer clipped.
_FIT_WIDE_MATH = """() => {
    for (const m of document.querySelectorAll('div.math > .katex-display')) {
        const html = m.querySelector('.katex-html');
        const box = m.parentElement.getBoundingClientRect().width, wide = html.scrollWidth;
        if (wide > box && box > 0) {
            m.style.zoom = (box / wide * 0.98).toFixed(3);
            html.style.overflow = 'visible';
        }
    }
}"""


# In the print layout: code blocks and display equations still wider than their box (they would be
# cut off; an equation is cut when a symbol lies left or right of the div.math that holds it).
_CUT_OFF = """() => [
    ...[...document.querySelectorAll('pre')]
        .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 2),
    ...[...document.querySelectorAll('div.math > .katex-display')].filter(e => {
        if (e.offsetParent === null) return false;
        const box = e.parentElement.getBoundingClientRect();
        const rs = [...e.querySelectorAll('.katex-html > *')].map(c => c.getBoundingClientRect());
        return rs.some(r => r.left < box.left - 2 || r.right > box.right + 2);
    }),
].map(e => e.tagName + ': ' + (e.querySelector('annotation') ?? e).textContent.trim().slice(0, 60))
"""

# Formulas left as TeX: a .math without KaTeX output, or a KaTeX error (red TeX).
_RAW_MATH = """() => [...document.querySelectorAll('.math')]
    .filter(e => !e.querySelector('.katex') || e.querySelector('.katex-error'))
    .map(e => e.textContent.trim().slice(0, 60))"""


def _harmless(url: str) -> bool:
    """The theme names ``searchindex.js`` on every page, but the singlehtml builder writes no
    search index."""
    return urlsplit(url).path.endswith("/searchindex.js")


def _stop_on(problems: list[str], refused: list[str]) -> None:
    problems += [f"request to another host refused: {url}" for url in refused]
    if problems:
        raise SystemExit("cannot print the book:\n  " + "\n  ".join(problems))


def build_singlehtml(source: Path, path_output: Path) -> Path:
    """Build the singlehtml book (warnings are errors, like the HTML build); return the page."""
    build_book(source, "singlehtml", path_output, quiet=True)
    return singlehtml_page(source, path_output)


def singlehtml_page(source: Path, path_output: Path) -> Path:
    page = path_output / "_build" / "singlehtml" / f"{toc_pages(source)[0]}.html"
    if not page.exists():
        raise SystemExit(f"{page} is missing: build the singlehtml book first (drop --no-build)")
    return page


def print_pdf(page_file: Path, output: Path, *, timeout_ms: int = 60_000) -> dict:
    """Open ``page_file`` (served over HTTP) in headless Chromium and print it to ``output``;
    return figures."""
    output.parent.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    refused: list[str] = []
    with serve_directory(page_file.parent) as base, headless_chromium() as browser:
        context = browser.new_context(
            locale="ko-KR", color_scheme="light", viewport={"width": 1000, "height": 1400}
        )
        try:
            page = context.new_page()
            local_only(page, base, refused)
            page.on(
                "response",
                lambda r: (
                    r.status >= 400
                    and not _harmless(r.url)
                    and problems.append(f"{r.status} {r.url}")
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.goto(base + page_file.name, wait_until="load", timeout=timeout_ms)
            views = page.evaluate(_WIDGETS)["views"]
            if views:
                page.wait_for_function(f"() => ({_WIDGETS})().drawn >= {views}", timeout=timeout_ms)
            widgets = page.evaluate(_WIDGETS)
            if widgets["errors"]:
                shown = "show 'Error displaying widget' (no saved state?)"
                problems.append(f"{widgets['errors']} widget(s) {shown}")
            page.evaluate(_OPEN_DROPDOWNS)
            broken = page.evaluate(LOAD_ALL_IMAGES)
            problems += [f"image not loaded: {src}" for src in broken]
            page.evaluate(FONTS_READY)  # KaTeX's fonts, the opened solutions' too
            problems += [f"math not typeset: {t}" for t in page.evaluate(_RAW_MATH)]
            _stop_on(problems, refused)
            page.emulate_media(media="print")
            # lay out at paper width to measure
            page.set_viewport_size({"width": PRINT_WIDTH_PX, "height": 1400})
            page.evaluate(_FIT_WIDE_MATH)
            cut = page.evaluate(_CUT_OFF)
            problems += [f"runs past the right margin: {what}" for what in cut]
            _stop_on(problems, refused)
            page.pdf(
                path=str(output),
                format="A4",
                margin=MARGIN,
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                outline=True,
                tagged=True,
            )
        finally:
            context.close()
    return {"widgets": widgets["drawn"], "pages": fix_outline_titles(output)}


def fix_outline_titles(pdf: Path) -> int:
    """Undo a Chromium quirk: some bookmarks read their heading twice ("정리정리"). Return the
    page count.

    Seen with Chromium 156 for headings at the top of a page; the text on the page is right, only
    the outline entry doubles. Entries whose title is exactly one string written twice get the
    single string back, in an incremental update (:func:`append_update`): the file's bytes stay as
    they are and the changed entries are appended (pypdf's own incremental writer parses the whole
    file first: 4 CPU-s for the book's 246 pages, against a fraction of a second here).
    """
    from pypdf import PdfReader
    from pypdf.generic import NameObject, TextStringObject

    def doubled(title: str) -> bool:
        half = len(title) // 2
        return len(title) >= 4 and len(title) % 2 == 0 and title[:half] == title[half:]

    reader = PdfReader(str(pdf))
    changed = {}
    outlines = reader.trailer["/Root"].get("/Outlines")
    outlines = outlines.get_object() if outlines is not None else None
    stack = [outlines.raw_get("/First")] if outlines and "/First" in outlines else []
    while stack:
        ref = stack.pop()
        item = ref.get_object()
        title = str(item.get("/Title", ""))
        if doubled(title):
            item[NameObject("/Title")] = TextStringObject(title[: len(title) // 2])
            changed[ref.idnum] = (ref.generation, item)
        stack += [item.raw_get(key) for key in ("/Next", "/First") if key in item]
    pages = len(reader.pages)
    if changed:
        append_update(pdf, reader, changed)
    return pages


def append_update(pdf: Path, reader, objects: dict) -> None:
    """Append ``objects`` (object number → (generation, new value)) to ``pdf`` as an incremental
    update: the objects, a cross-reference section for them and a trailer that points back to the
    file's own (PDF 1.7, 7.5.6). The file must end in a classic cross-reference table, as
    Chromium writes it."""
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    data = pdf.read_bytes()
    found = re.findall(rb"startxref\s+(\d+)", data[-1024:])
    prev = int(found[-1]) if found else -1
    if data[prev : prev + 4] != b"xref" or "/Encrypt" in reader.trailer:
        raise RuntimeError(
            f"{pdf}: not a PDF that ends in a plain cross-reference table; the outline fix cannot"
            " append to it"
        )
    start = len(data) + (0 if data.endswith(b"\n") else 1)
    body, offsets = io.BytesIO(), {}
    for number, (generation, value) in sorted(objects.items()):
        offsets[number] = start + body.tell()
        body.write(f"{number} {generation} obj\n".encode())
        value.write_to_stream(body)
        body.write(b"\nendobj\n")
    xref = start + body.tell()
    body.write(b"xref\n0 1\n0000000000 65535 f \n")  # object 0, the head of the free list
    for number, (generation, _) in sorted(objects.items()):
        body.write(f"{number} 1\n{offsets[number]:010d} {generation:05d} n \n".encode())
    trailer = DictionaryObject(
        {
            NameObject(k): reader.trailer.raw_get(k)
            for k in ("/Root", "/Info", "/ID")
            if k in reader.trailer
        }
    )
    trailer[NameObject("/Size")] = NumberObject(reader.trailer["/Size"])
    trailer[NameObject("/Prev")] = NumberObject(prev)
    body.write(b"trailer\n")
    trailer.write_to_stream(body)
    body.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    with open(pdf, "ab") as f:
        f.write(b"" if data.endswith(b"\n") else b"\n")
        f.write(body.getvalue())


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=ROOT, help="the book's folder (default: this repository)"
    )
    parser.add_argument(
        "--path-output",
        type=Path,
        default=None,
        help="jupyter-book --path-output: the page goes to PATH/_build/singlehtml"
        " (default: the source)",
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="the PDF (default: SOURCE/_build/pdf/book.pdf)"
    )
    parser.add_argument(
        "--no-build", action="store_true", help="print the existing singlehtml build"
    )
    args = parser.parse_args(argv)
    source = args.source.resolve()
    path_output = (args.path_output or source).resolve()
    output = (args.output or source / "_build" / "pdf" / "book.pdf").resolve()

    try:
        chromium_path()  # before the build: say at once when there is no browser to print with
    except RuntimeError as e:
        raise SystemExit(str(e)) from None
    start = time.perf_counter()
    page = (
        singlehtml_page(source, path_output)
        if args.no_build
        else build_singlehtml(source, path_output)
    )
    built = time.perf_counter()
    figures = print_pdf(page, output)
    printed = time.perf_counter()
    size = output.stat().st_size
    print(f"{output}: {figures['pages']} pages, {size / 1e6:.1f} MB,", end=" ")
    print(f"{figures['widgets']} widgets drawn")
    print(f"singlehtml build {built - start:.1f} s, print {printed - built:.1f} s,", end=" ")
    print(f"total {printed - start:.1f} s")
    return output


if __name__ == "__main__":
    main()
