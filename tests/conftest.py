"""Shared pytest set-up: the repository root on sys.path and a reproducible hypothesis profile."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# CI와 로컬 모두 같은 예제를 쓰도록 무작위성을 고정한다(실패가 재현되도록).
settings.register_profile("repro", derandomize=True, max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repro"))


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium for one test module (raises, never skips, when Chromium is missing)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import launch

    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()
