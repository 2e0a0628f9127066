"""Small helpers of the browser tests (the server, TOC and Chromium helpers shared with bench/ are in ``bookdev``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookdev import ROOT, serve_directory

#: Screenshots a person can look at after a test run.
SCREENSHOTS = ROOT / "_build" / "screenshots"


def shot_path(kind: str, name: str) -> Path:
    """``_build/screenshots/<kind>/<name>.png`` (folder created)."""
    folder = SCREENSHOTS / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name.replace('/', '__')}.png"


def served(directory: Path):
    """A module-scoped fixture: ``directory`` served on 127.0.0.1 (``bookdev.serve_directory``); yields its base URL.

    Assign it in a test module: ``book_url = served(BOOK_HTML)``.
    """

    @pytest.fixture(scope="module")
    def base_url():
        with serve_directory(directory) as url:
            yield url

    return base_url
