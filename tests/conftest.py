"""Shared pytest set-up: a reproducible hypothesis profile.

Nothing here edits the import path: the book's packages (``utils``, ``bookdev``) are installed in editable mode
(``-e .`` in requirements.txt), and ``tests`` is a package, so its modules import each other relatively.
The browser's set-up (pytest-playwright's ``browser``/``context``/``page``) is in ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import os

from hypothesis import settings

# CI와 로컬 모두 같은 예제를 쓰도록 무작위성을 고정한다(실패가 재현되도록).
settings.register_profile("repro", derandomize=True, max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repro"))
