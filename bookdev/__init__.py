"""Development helpers of the book, shared by the Makefile, ``tests/``, ``bench/`` and ``scripts/``.

The notebooks never use it (their helpers are ``utils``). One module per concern:

* :mod:`bookdev.build` — the book's source files, its pages in reading order, and the one command
  that builds it (:func:`~bookdev.build.build_book`; ``python -m bookdev.build`` is the Makefile's
  ``build`` target);
* :mod:`bookdev.serve` — a quiet HTTP server on 127.0.0.1 for a built book;
* :mod:`bookdev.browser` — Debian's Chromium for Playwright (path, arguments, a headless launch
  outside pytest), local-only routing and the page scripts the tests and benchmarks share;
* :mod:`bookdev.figures` — the live figures of the book: one row per figure (page, class, the
  notebook variable that binds it), read by the tests and the benchmarks.

Installed with the repository (``pip install -e .``, listed in ``pyproject.toml``), so its users
import it without import-path edits. It works from a checkout only: :data:`ROOT` is the repository.
"""

from __future__ import annotations

from pathlib import Path

#: The repository (the book's source folder).
ROOT = Path(__file__).resolve().parent.parent
