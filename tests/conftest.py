"""Shared pytest set-up: a reproducible hypothesis profile, and the notebooks' cells kept together.

Nothing here edits the import path: the book's packages (``utils``, ``bookdev``) are installed in
editable mode (``-e .`` in requirements.txt), and ``tests`` is a package, so its modules import
each other relatively. The browser's set-up (pytest-playwright's ``browser``/``context``/``page``)
and the built book the browser tests read are in ``tests/browser/conftest.py``.

``make test`` runs pytest on several workers (pytest-xdist, ``--dist loadgroup``): tests are handed
out one by one, except those that share one expensive thing, which carry an ``xdist_group`` mark
and run on one worker: the cells of one notebook (nbval runs them in order in one kernel; marked
here) and the PDF tests (one printed PDF: ``tests/browser/test_pdf.py``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# CI와 로컬 모두 같은 예제를 쓰도록 무작위성을 고정한다(실패가 재현되도록).
settings.register_profile("repro", derandomize=True, max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repro"))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items):
    """nbval's cells of one notebook run in order in one kernel: keep them on one xdist worker."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(name=f"nbval-{item.path.stem}"))
