"""Browser set-up for pytest-playwright: its session-scoped ``browser`` is Debian's Chromium, headless.

pytest-playwright provides ``browser`` (one per session), ``new_context``/``context`` and ``page`` (one per test).
Only the launch arguments are ours: never a browser downloaded by Playwright (``playwright install`` is not needed;
a missing Chromium is an error with an install hint, not a skip). ``--headed`` still works for debugging.
Each test module sets its window size and locale with ``pytestmark = pytest.mark.browser_context_args(...)``.
"""

from __future__ import annotations

import pytest

from bookdev import CHROMIUM_ARGS, chromium_path


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig, browser_name):
    if browser_name != "chromium":
        raise pytest.UsageError(f"the browser tests drive Debian's Chromium only, not --browser={browser_name}")
    return {
        "executable_path": chromium_path(),
        "args": CHROMIUM_ARGS,
        "headless": not pytestconfig.getoption("--headed"),
        "slow_mo": pytestconfig.getoption("--slowmo") or 0,
    }
