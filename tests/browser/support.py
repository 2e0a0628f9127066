"""Small helpers of the browser tests (the server, TOC and Chromium helpers shared with bench/ are in ``bookdev``)."""

from __future__ import annotations

from pathlib import Path

from bookdev import ROOT

#: Screenshots a person can look at after a test run.
SCREENSHOTS = ROOT / "_build" / "screenshots"


def shot_path(kind: str, name: str) -> Path:
    """``_build/screenshots/<kind>/<name>.png`` (folder created)."""
    folder = SCREENSHOTS / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name.replace('/', '__')}.png"
