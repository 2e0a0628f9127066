"""Development helpers shared by the tests and the benchmarks (not used by the notebooks: that is ``utils``).

* :func:`toc_pages` — the book's pages in reading order, from ``_toc.yml``;
* :func:`serve_directory` — a quiet HTTP server on 127.0.0.1 for a built book;
* :func:`chromium_path`, :data:`CHROMIUM_ARGS` — Debian's Chromium for Playwright (never a downloaded browser);
* :func:`build_command` — ``make build``: the book build command itself is written once, in the Makefile.

Installed with the repository (``pip install -e .``, listed in ``pyproject.toml``), so ``tests/`` and ``bench/``
import it without any import-path edits. It works from a checkout only (``ROOT`` is the repository).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

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


def build_command(book: Path = ROOT) -> list[str]:
    """``make build`` for the book in ``book`` (a copy of the sources, or the repository): the Makefile's command."""
    # -o: never re-run the venv set-up from here; make test / make bench have done it
    return ["make", "-C", str(ROOT), "--no-print-directory", "-o", ".venv/.installed", "build", f"BOOK={book}"]


def toc_pages() -> list[str]:
    """Docnames in reading order: the root, then every chapter/appendix file of ``_toc.yml``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
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
