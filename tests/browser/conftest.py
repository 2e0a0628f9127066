"""Browser set-up for pytest-playwright, and the built book the browser tests read.

pytest-playwright provides ``browser`` (one per session, i.e. per pytest-xdist worker),
``new_context``/``context`` and ``page`` (one per test). Only the launch arguments are ours: never a
browser downloaded by Playwright (``playwright install`` is not needed; a missing Chromium is an
error with an install hint, not a skip). That is Debian's ``chromium-headless-shell``, or
``chromium`` when it is not installed; the run's header names the one used (``tests/conftest.py``).
``--headed`` (for debugging) opens the full ``chromium``. Each test module sets its window size and
locale with ``pytestmark = pytest.mark.browser_context_args(...)``.

``book_html`` is the HTML book ``make test`` builds as pytest starts (``_build/html``, waited
for; built here if it is missing or stale), ``book_url`` the same folder served on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bookdev.browser import CHROMIUM_ARGS, chromium_path
from bookdev.build import built_book
from bookdev.serve import serve_directory


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig, browser_name):
    if browser_name != "chromium":
        raise pytest.UsageError(
            f"the browser tests drive Debian's Chromium only, not --browser={browser_name}"
        )
    return {
        "executable_path": chromium_path(full=pytestconfig.getoption("--headed")),
        "args": CHROMIUM_ARGS,
        "headless": not pytestconfig.getoption("--headed"),
        "slow_mo": pytestconfig.getoption("--slowmo") or 0,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """pytest-playwright's context arguments, with the book's service worker blocked: on a page
    served over http it would save the whole book in the background once the page has loaded
    (``static/book/offline.js``), about 0.8 CPU-s for every new context, which is what every test
    opens. ``tests/browser/test_offline.py``, which tests the worker, allows it again
    (``browser_context_args(service_workers="allow")``)."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def book_html() -> Path:
    """The built HTML book, ``_build/html`` (``make test`` builds it as pytest starts)."""
    return built_book("html")


@pytest.fixture(scope="session")
def book_url(book_html):
    """``book_html`` served on 127.0.0.1: its base URL, ending in ``/``."""
    with serve_directory(book_html) as url:
        yield url
