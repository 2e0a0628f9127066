"""Development helpers shared by the tests and the benchmarks (not used by the notebooks: that is ``utils``).

* :func:`toc_pages` — the book's pages in reading order, from ``_toc.yml``;
* :func:`serve_directory` — a quiet HTTP server on 127.0.0.1 for a built book;
* :func:`chromium_path`, :data:`CHROMIUM_ARGS` — Debian's Chromium for Playwright (never a downloaded browser);
  :func:`headless_chromium` launches it outside pytest (the tests use pytest-playwright's ``browser``);
* :func:`local_only` — let a page load from its own server only (and ``data:``/``blob:``), refusing other hosts;
* :data:`LOAD_ALL_IMAGES`, :data:`FONTS_READY` — page scripts: decode every image, wait for the
  web fonts (KaTeX's, for the math typeset at build time);
* :func:`open_figure_dropdowns` — open the closed dropdowns (exercise solutions) that hold live figures;
* :func:`build_command` — ``make build``: the book build command itself is written once, in the Makefile;
* :func:`pdf_command` — ``scripts/make_pdf.py`` (the PDF edition, ``make pdf``) into a folder of your choice.

Installed with the repository (``pip install -e .``, listed in ``pyproject.toml``), so ``tests/`` and ``bench/``
import it without any import-path edits. It works from a checkout only (``ROOT`` is the repository).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Return Debian's Chromium (or ``$CHROMIUM``); fail with an install hint when it is missing (never skip)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("Chromium not found: install Debian's package ('apt-get install chromium') or set CHROMIUM")
    return path


@contextlib.contextmanager
def headless_chromium():
    """Start Playwright and launch :func:`chromium_path` headless with :data:`CHROMIUM_ARGS`; yield the browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def local_only(page, base: str, refused: list[str]) -> None:
    """Route ``page`` so that only ``base``'s host (and ``data:``/``blob:``) is reached; other URLs are appended to
    ``refused`` and aborted, so a page that needs the network fails as it would for an offline reader."""
    host = urlsplit(base).netloc

    def route(r):
        parts = urlsplit(r.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == host:
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)


#: ``page.evaluate``: load every image now (lazy ones too), wait until each is decoded; return the ``src`` of those
#: that did not load.
LOAD_ALL_IMAGES = """async () => {
    for (const img of document.images) { img.loading = 'eager'; }
    await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
    return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);
}"""

#: ``page.evaluate``: wait until the web fonts the page uses are loaded. The math is HTML typeset
#: at build time (KaTeX, ``_ext/katex_math.py``); nothing typesets in the browser, but its glyphs
#: come from KaTeX's woff2 fonts, which the browser fetches once the math is laid out.
FONTS_READY = "async () => { await document.fonts.ready; }"

#: ``Element.checkVisibility`` options: a closed dropdown hides its content with visibility and opacity.
_SHOWN = {"visibilityProperty": True, "opacityProperty": True}


def open_figure_dropdowns(page, timeout_ms: float = 20_000) -> None:
    """Open every closed dropdown (an exercise's solution) that holds a live figure (``.livefig``) on ``page``, and wait
    until every figure is visible: a hidden slider does not move under the keyboard."""
    page.evaluate(
        """shown => document.querySelectorAll('.livefig').forEach(r => {
            if (!r.checkVisibility(shown)) r.closest('.dropdown')?.querySelector('button.toggle-button')?.click();
        })""",
        _SHOWN,
    )
    page.wait_for_function(
        "shown => [...document.querySelectorAll('.livefig')].every(r => r.checkVisibility(shown))",
        arg=_SHOWN,
        timeout=timeout_ms,
    )


def build_command(book: Path = ROOT, *, builder: str = "html", path_output: Path | None = None) -> list[str]:
    """``make build`` for the book in ``book`` (a copy of the sources, or the repository): the Makefile's command.

    ``builder`` is jupyter-book's ``--builder`` (``html``, ``singlehtml``…); the output goes to
    ``path_output/_build/<builder>/`` (default: ``book/_build/``).
    """
    # -o: never re-run the venv set-up from here; make test / make bench / make pdf have done it
    cmd = ["make", "-C", str(ROOT), "--no-print-directory", "-o", ".venv/.installed", "build"]
    return cmd + [f"BOOK={book}", f"BUILDER={builder}"] + ([f"OUT={path_output}"] if path_output else [])


def pdf_command(out_dir: Path, source: Path = ROOT) -> list[str]:
    """``scripts/make_pdf.py`` for the book in ``source``: builds ``out_dir/_build/singlehtml``, prints
    ``out_dir/book.pdf`` (``make pdf`` runs the same script into ``_build/``)."""
    script = ROOT / "scripts" / "make_pdf.py"
    paths = ["--source", str(source), "--path-output", str(out_dir), "--output", str(out_dir / "book.pdf")]
    return [sys.executable, str(script), *paths]


def toc_pages(book: Path = ROOT) -> list[str]:
    """Docnames in reading order: the root, then every chapter/appendix file of ``book/_toc.yml``."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test and bench output readable
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
