"""Shared pytest set-up: a reproducible hypothesis profile, and how ``make test`` spreads the tests
over pytest-xdist workers.

Nothing here edits the import path: the book's packages (``utils``, ``bookdev``) are installed in
editable mode (``-e .`` in requirements.txt), and ``tests`` is a package, so its modules import
each other relatively. The browser's set-up (pytest-playwright's ``browser``/``context``/``page``)
and the built book the browser tests read are in ``tests/browser/conftest.py``.

``make test`` runs ``pytest -n 3 --dist loadscope --no-loadscope-reorder``; here the unit of work
that one worker runs whole (:func:`unit_of`) is a notebook (nbval runs its cells in order in one
kernel) or a file of :data:`ONE_WORKER` (its tests share one expensive module fixture), and
otherwise a single test, so that module fixtures that are cheap (a server in a thread) are started
on every worker that needs them. The long units are handed out first
(:data:`START_FIRST`). pytest-xdist's own ``--dist loadgroup`` cannot do this here: with pytest 9.2
it no longer reads the ``xdist_group`` marks (pytest-dev/pytest-xdist#1386).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# CI와 로컬 모두 같은 예제를 쓰도록 무작위성을 고정한다(실패가 재현되도록).
settings.register_profile("repro", derandomize=True, max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repro"))

#: Test files whose tests share one expensive module fixture (the PDF, printed once; a JupyterLab
#: server and its page, seconds of JavaScript to load): one worker runs all of them.
ONE_WORKER = ("tests/browser/test_pdf.py", "tests/browser/test_jupyterlab.py")

#: Handed out first, in this order (the longest units: printing the PDF, then the notebooks run in
#: JupyterLab, then nbval's notebooks); the other tests follow in collection order.
START_FIRST = ("tests/browser/test_pdf.py", "tests/browser/test_jupyterlab.py", ".ipynb")


#: The controller's :class:`bookdev.build.BuildMeanwhile` (``--build-book-meanwhile``).
_BUILD = pytest.StashKey()


def pytest_addoption(parser):
    parser.addoption(
        "--build-book-meanwhile",
        action="store_true",
        help="build the HTML book (bookdev.build.BuildMeanwhile) while the workers start on tests"
        " that do not read it (make test)",
    )


def pytest_report_header(config):
    """Which browser the run uses (the headless shell, or the full Chromium when it is missing)."""
    from bookdev.browser import chromium_path

    try:
        return f"chromium: {chromium_path(full=config.getoption('--headed'))}"
    except RuntimeError as missing:
        return f"chromium: {missing}"


def pytest_configure(config):
    """With ``--build-book-meanwhile``, the controller (not an xdist worker) starts the HTML
    build."""
    if config.getoption("build_book_meanwhile") and not hasattr(config, "workerinput"):
        from bookdev.build import BuildMeanwhile

        config.stash[_BUILD] = BuildMeanwhile("html")


def pytest_sessionfinish(session):
    """A failed build started by :func:`pytest_configure` fails the run (the tests that read the
    book fail too: their worker builds it again and reports the error)."""
    build = session.config.stash.get(_BUILD, None)
    if build is not None and (error := build.wait()) is not None:
        writer = session.config.get_terminal_writer()
        writer.line(f"the book's HTML build failed: {error}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def unit_of(nodeid: str) -> str:
    """The unit of work ``nodeid`` belongs to: its notebook, its file if the file is in
    :data:`ONE_WORKER`, else the test itself."""
    path = nodeid.split("::", 1)[0]
    return path if path.endswith(".ipynb") or path in ONE_WORKER else nodeid


def start_rank(nodeid: str) -> int:
    """Where a test's unit comes in the hand-out order (:data:`START_FIRST`; the rest last)."""
    path = nodeid.split("::", 1)[0]
    matches = [rank for rank, first in enumerate(START_FIRST) if path.endswith(first)]
    return matches[0] if matches else len(START_FIRST)


def pytest_collection_modifyitems(items):
    """Long units first (a stable sort: the cells of a notebook and the tests of a file keep their
    order)."""
    items.sort(key=lambda item: start_rank(item.nodeid))


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: absent with -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope`` with the units of :func:`unit_of`."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    return BookScheduling(config, log)
