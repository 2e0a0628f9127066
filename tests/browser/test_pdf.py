"""The PDF edition (``make pdf``): every page of the book, in order, typeset, with figures,
bookmarks and page numbers.

The module prints a fresh PDF into a temporary folder with ``scripts/make_pdf.py --no-build`` (the
script ``make pdf`` runs, in Debian's Chromium, half a minute or more), from the singlehtml book
(``_build/singlehtml``, built here from the doctrees of ``make test``'s HTML build), so it never
checks a stale ``_build/pdf/book.pdf``. The script itself fails when a page requests another host,
a widget or image is not drawn, math is left untypeset, or a code line or equation runs past the
margin; this module checks the PDF that comes out, with pypdf and PDFium (its text).
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys

import nbformat
import pytest

from bookdev import ROOT
from bookdev.build import built_book, toc_pages

from .support import chapter_of, markdown_of, source_of

# TeX that must never reach the paper as text. Code cells may legitimately contain some (matplotlib
# labels such as r"$\mathbf{o}$"), so a token may appear at most as often as it does in the printed
# code and text outputs.
RAW_TEX = (
    "\\frac",
    "\\mathbf",
    "\\sum",
    "\\log",
    "\\hat",
    "\\operatorname",
    "\\begin{",
    "$$",
    "\\(",
    "\\[",
)
A4_POINTS = (595.28, 841.89)
REMOVED = {"remove-cell", "remove-output"}


def notebook(docname: str):
    path = source_of(docname)
    return nbformat.read(path, as_version=4) if path.suffix == ".ipynb" else None


def title(docname: str) -> str:
    """The page's first ``# `` heading, as plain text (markup and math removed)."""
    text = markdown_of(docname)
    heading = re.search(r"^# (.+)$", text, re.MULTILINE).group(1)
    return re.sub(r"[*_`]", "", heading).strip()


def printed_cells(nb):
    return [
        c
        for c in nb.cells
        if c.cell_type == "code" and not REMOVED & set(c.metadata.get("tags", []))
    ]


def printed_code_text(docnames) -> str:
    """All code and text outputs that reach the paper."""
    parts = []
    for nb in filter(None, map(notebook, docnames)):
        for cell in printed_cells(nb):
            parts.append(cell.source)
            for out in cell.get("outputs", []):
                parts.append(out.get("text", "") + out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def figure_pngs(docnames) -> list[bytes]:
    """The PNG/JPEG figures in the notebooks' printed outputs (widget views are SVG/HTML)."""
    images = []
    for nb in filter(None, map(notebook, docnames)):
        for cell in printed_cells(nb):
            for out in cell.get("outputs", []):
                for mime in ("image/png", "image/jpeg"):
                    if mime in out.get("data", {}):
                        images.append(base64.b64decode(out["data"][mime]))
    return images


def normalize(text: str) -> str:
    return re.sub(r"\s+", "", text)


def outline_entries(reader, items=None, depth=0):
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from outline_entries(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item)


DOCNAMES = toc_pages()


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """The printed PDF: pypdf's reader (outline, page sizes, images) and each page's text, read
    with PDFium (pypdfium2: 0.6 CPU-s for the book's 246 pages, pypdf's ``extract_text`` 13 s)."""
    import pypdfium2
    from pypdf import PdfReader

    built_book("singlehtml")
    output = tmp_path_factory.mktemp("pdf") / "book.pdf"
    script = ROOT / "scripts" / "make_pdf.py"
    subprocess.run([sys.executable, script, "--no-build", "--output", output], check=True, cwd=ROOT)
    reader = PdfReader(output)
    document = pypdfium2.PdfDocument(output)
    try:
        texts = [page.get_textpage().get_text_bounded() for page in document]
    finally:
        document.close()
    assert len(texts) == len(reader.pages)
    return reader, texts


def embedded_image_sizes(reader) -> list[tuple[int, int]]:
    """(width, height) in pixels of the images drawn on each page (also inside form XObjects).

    Read from the image dictionaries, without decoding the images: an image drawn on two pages
    counts twice, once per page, as pypdf's ``page.images`` would list it.
    """
    sizes = []

    def walk(resources, seen: set) -> None:
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in xobjects.get_object().values() if xobjects else []:
            xobject = ref.get_object()
            if id(xobject) in seen:
                continue
            seen.add(id(xobject))
            if xobject.get("/Subtype") == "/Image":
                sizes.append((int(xobject["/Width"]), int(xobject["/Height"])))
            elif xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"), seen)

    for page in reader.pages:
        walk(page.get("/Resources"), set())
    return sizes


def test_every_page_of_the_book_in_order(pdf):
    """Each toc page's title is in the (selectable, Korean) text, the titles in toc order."""
    _, texts = pdf
    flat = [normalize(t) for t in texts]
    last_page = -1
    for docname in DOCNAMES:
        wanted = normalize(title(docname))
        pages = [i for i, t in enumerate(flat) if wanted in t and i >= last_page]
        where = f"in the PDF text after page {last_page + 1}"
        assert pages, f"{docname}: title {title(docname)!r} not found {where}"
        last_page = pages[0]


def test_korean_text_is_selectable(pdf):
    _, texts = pdf
    hangul = sum(len(re.findall(r"[가-힣]", t)) for t in texts)
    assert hangul > 10_000, f"only {hangul} Hangul syllables extracted"


def figure_captions(docname: str) -> list[str]:
    """The captions (``mystnb.figure.caption``) of a chapter's printed figures, in page order."""
    return [
        cell.metadata["mystnb"]["figure"]["caption"]
        for cell in printed_cells(notebook(docname))
        if cell.metadata.get("mystnb", {}).get("figure", {}).get("caption")
    ]


#: Sphinx prints straight quotes as typographic ones (smartquotes).
STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")


def caption_start(caption: str, length: int = 15) -> str:
    """The caption's first words as the PDF's text layer has them: up to its first formula or
    role (KaTeX's drawing of a formula does not come back as its TeX), markup removed."""
    plain = re.split(r"[$`{]", caption, maxsplit=1)[0]
    return normalize(re.sub(r"[*_]", "", plain))[:length]


def test_figures_are_printed_with_their_numbered_captions(pdf):
    """Every figure of every chapter is printed under its caption, numbered as in the HTML book
    (그림 N.k, k in page order), in the book's order."""
    _, texts = pdf
    flat = normalize("".join(texts)).translate(STRAIGHT_QUOTES)
    position, missing = 0, []
    for docname in DOCNAMES:
        if not docname.startswith("chapters/"):
            continue
        chapter = chapter_of(docname)
        captions = figure_captions(docname)
        assert captions, f"{docname}: no figure captions"
        for k, caption in enumerate(captions, start=1):
            wanted = f"그림{chapter}.{k}{caption_start(caption)}"
            found = flat.find(wanted, position)
            if found < 0:
                missing.append(f"{docname}: {wanted!r}")
            else:
                position = found + len(wanted)
    assert missing == [], "captions not printed (in order):\n" + "\n".join(missing)


def test_math_is_typeset(pdf):
    _, texts = pdf
    text = "\n".join(texts)
    code = printed_code_text(DOCNAMES)
    for token in RAW_TEX:
        assert text.count(token) <= code.count(token), (
            f"raw TeX {token!r} in the PDF text beyond the code"
        )


def test_figures_are_embedded_at_full_resolution(pdf):
    from PIL import Image

    reader, _ = pdf
    embedded = embedded_image_sizes(reader)
    figures = figure_pngs(DOCNAMES)
    assert len(embedded) >= len(figures), (
        f"{len(embedded)} images in the PDF < {len(figures)} figures"
    )
    widest_source = max(Image.open(io.BytesIO(png)).width for png in figures)
    widest_pdf = max(width for width, _ in embedded)
    assert widest_pdf >= widest_source, "figures were downsampled"


def test_a4_pages_with_numbers(pdf):
    reader, texts = pdf
    n = len(reader.pages)
    assert len(DOCNAMES) <= n <= 400
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2, (width, height)
    for i in (0, n // 2, n - 1):
        assert f"{i + 1} / {n}" in texts[i], f"page {i + 1} has no page number"


def test_outline_has_every_chapter_in_order(pdf):
    reader, _ = pdf
    entries = list(outline_entries(reader))
    pages = []
    for docname in DOCNAMES:
        wanted = normalize(title(docname))
        hits = [page for _, entry_title, page in entries if wanted in normalize(entry_title)]
        assert hits, f"no bookmark for {docname} ({title(docname)!r})"
        pages.append(hits[0])
    assert pages == sorted(pages), f"bookmarks out of order: {pages}"
    chapter_pages = pages[1:]
    assert len(set(chapter_pages)) == len(chapter_pages), "two chapters start on the same page"
