"""Debian's Chromium driven by Playwright, and what the tests and benchmarks do in its pages.

* :func:`chromium_path`, :data:`CHROMIUM_ARGS` — Debian's Chromium (or ``$CHROMIUM``), never a
  browser downloaded by Playwright: its headless shell when installed (:data:`HEADLESS_FIRST`); the
  tests launch it through pytest-playwright (``tests/browser/conftest.py``),
  :func:`headless_chromium` launches it outside pytest;
* :func:`local_only` — let a page load from its own server only (and ``data:``/``blob:``);
* :data:`LOAD_ALL_IMAGES`, :data:`FONTS_READY`, :data:`RENDER_ALL_SECTIONS` — page scripts:
  decode every image, wait for the web fonts, lay out every section;
* :func:`open_figure_dropdowns` — open the closed dropdowns (exercise solutions) that hold live
  figures.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI
    "--disable-gpu",
    # no GPU process: the software compositor runs in the browser process (about 8 % less CPU for
    # the same pages, fewer processes passing frames to each other on a 2-core machine)
    "--in-process-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: Debian's Chromium packages tried for a headless browser, in this order.
#: ``chromium-headless-shell`` is Chromium's "old" headless mode built on its own: the same Blink
#: and V8, without the browser's UI. Every context and page it opens costs a third of the CPU
#: (20 new contexts with a page each: 2.6 CPU-s, against 8.8 s for ``chromium --headless``).
HEADLESS_FIRST = ("chromium-headless-shell", "chromium")


def chromium_path(*, full: bool = False) -> str:
    """``$CHROMIUM``, else the first of :data:`HEADLESS_FIRST` installed (``full``: the whole
    browser, ``chromium``: the only one that opens a window, and the one that behaves as a reader's
    browser in every respect, e.g. it fetches the tab's icon); fail with an install hint when there
    is none."""
    if os.environ.get("CHROMIUM"):
        path = os.environ["CHROMIUM"]
        if not Path(path).exists():
            raise RuntimeError(f"CHROMIUM={path}: no such file")
        return path
    for name in ("chromium",) if full else HEADLESS_FIRST:
        if path := shutil.which(name):
            return path
    package = "chromium" if full else "chromium-headless-shell"
    raise RuntimeError(
        f"Chromium not found: install Debian's package ('apt-get install {package}')"
        " or set CHROMIUM"
    )


@contextlib.contextmanager
def headless_chromium(*, full: bool = False):
    """Launch :func:`chromium_path` (``full``: the whole browser, as the benchmarks that time a
    reader's page use it) headless with :data:`CHROMIUM_ARGS` (Playwright); yield it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(full=full), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def local_only(page, base: str, refused: list[str]) -> None:
    """Route ``page`` so that only ``base``'s host (and ``data:``/``blob:``) is reached.

    Other URLs are appended to ``refused`` and aborted, so a page that needs the network fails as
    it would for an offline reader.
    """
    host = urlsplit(base).netloc

    def route(request_route):
        parts = urlsplit(request_route.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == host:
            request_route.continue_()
        else:
            refused.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)


#: ``page.evaluate``: load every image now (lazy ones too), wait until each is decoded; return the
#: ``src`` of those that did not load.
LOAD_ALL_IMAGES = """async () => {
    for (const img of document.images) { img.loading = 'eager'; }
    await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
    return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);
}"""

#: ``page.evaluate``: lay out every section now, as once a reader has scrolled through the page
#: (static/book/screen.css lays a section, and a paragraph or display equation in it, out only near
#: the screen, ``content-visibility: auto``; a test that measures or checks the whole page would
#: see the others as not rendered).
RENDER_ALL_SECTIONS = """() => {
    const style = document.createElement('style');
    style.textContent =
        '.bd-article :is(section, p, .math) { content-visibility: visible !important; }';
    document.head.append(style);
}"""

#: ``page.evaluate``: wait for the page's web fonts (KaTeX's: the math is typeset at build time).
FONTS_READY = "async () => { await document.fonts.ready; }"

#: ``Element.checkVisibility`` options: a closed dropdown hides its content with visibility and
#: opacity.
_SHOWN = {"visibilityProperty": True, "opacityProperty": True}


def open_figure_dropdowns(page, timeout_ms: float = 20_000) -> None:
    """Open every closed dropdown (an exercise's solution) that holds a live figure on ``page``.

    Then wait until every figure (``.livefig``) is visible: a hidden slider does not move under
    the keyboard.
    """
    page.evaluate(
        """shown => document.querySelectorAll('.livefig').forEach(r => {
            if (!r.checkVisibility(shown)) {
                r.closest('.dropdown')?.querySelector('button.toggle-button')?.click();
            }
        })""",
        _SHOWN,
    )
    page.wait_for_function(
        "shown => [...document.querySelectorAll('.livefig')].every(r => r.checkVisibility(shown))",
        arg=_SHOWN,
        timeout=timeout_ms,
    )
