"""End-to-end check in a real JupyterLab: every chapter notebook runs clean, every widget responds.

A JupyterLab server (the venv's, ``lab_server.book_lab``) serves a *temporary copy* of ``chapters/``
on 127.0.0.1 with a random token (the notebooks import ``utils`` from the editable install);
autosave is off and the repository's ``chapters/`` and ``utils/`` are hashed before and after.
One JupyterLab page in headless Chromium (pytest-playwright's ``browser``, Debian's Chromium),
loaded once per module (per xdist worker), opens each notebook in turn, waits for the kernel to be
idle, runs all cells, checks, and closes the notebook unsaved:

* no error and no stderr output anywhere (cells and widget outputs);
* every widget output in the live notebook model is drawn as a widget view (count of outputs ==
  count of views);
* every slider of an interactive ipywidgets widget, if a page has one, changes what the widget
  prints when moved (the print contract: ``CONTRIBUTING.md``);
* the live figures (``utils.widgets``, anywidget) on the page are those ``bookdev.figures.FIGURES``
  lists; each of their sliders, moved with the keyboard, redraws the figure, reaches the kernel's
  widget (``w.T``, ``w.logits``… equal what the page shows) and every number shown equals
  ``w.readout()`` computed with ``utils`` in the kernel; the figure class's check in
  ``lab_checks.EXTRA_CHECKS`` moves its sliders to where the math says what the numbers must be.

A screenshot per notebook is saved to ``_build/screenshots/lab/<name>.png``.

Set ``LAB_TEST_SOURCE=/some/dir`` (with ``chapters/`` inside) to try the machinery on other
notebooks.
"""

from __future__ import annotations

import http.client
import json
import os
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from bookdev import ROOT

from .lab_checks import live_checks
from .lab_page import Notebook, debug
from .lab_server import book_lab, make_lab, tree_hashes
from .support import WIDGET_VIEW_MIME, saved_widget_views, shot_path

SOURCE = Path(os.environ.get("LAB_TEST_SOURCE", ROOT)).resolve()
CHAPTERS = SOURCE / "chapters"
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))
WATCHED = ("chapters", "utils")  # what the notebooks run: the test must leave both unchanged

WIDGETS_EXTENSION = "@jupyter-widgets/jupyterlab-manager"
LIVE_EXTENSION = "anywidget"  # the live figures' front end in JupyterLab (utils.widgets)

VIEWPORT = {"width": 1280, "height": 1000}
pytestmark = pytest.mark.browser_context_args(viewport=VIEWPORT)


@pytest.fixture(scope="module")
def original_hashes():
    """The repository must not change: hash what the notebooks read and run, before and after the
    module."""
    before = tree_hashes(SOURCE, WATCHED)
    yield before
    after = tree_hashes(SOURCE, WATCHED)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    during = "during the JupyterLab test (or were edited meanwhile)"
    assert not changed, f"files in the repository changed {during}: {changed}"


@pytest.fixture(scope="module")
def lab(tmp_path_factory, original_hashes):
    with book_lab(tmp_path_factory.mktemp("jupyterlab"), CHAPTERS) as server:
        yield server


@pytest.fixture(scope="module")
def lab_page(lab, browser):
    """One JupyterLab page, loaded once (seconds of JavaScript): each notebook test opens its
    notebook in it and closes it at the end. ``errors`` collects the page's JavaScript errors."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{lab.url}/lab/workspaces/t-book/tree/chapters?token={lab.token}")
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
        page.evaluate("async () => { await window.jupyterapp.restored; }")
        yield SimpleNamespace(page=page, errors=errors)
    finally:
        context.close()


# Open a notebook in the page's JupyterLab; resolve once its kernel session is ready.
_OPEN = """async path => {
    const widget = await window.jupyterapp.commands.execute(
        'docmanager:open', { path, factory: 'Notebook' });
    await widget.context.ready;
    await widget.sessionContext.ready;
    return widget.context.path;
}"""

# Close every open document without saving (autosave is off: the notebooks stay as they were).
_CLOSE_ALL = """() => {
    for (const widget of [...window.jupyterapp.shell.widgets('main')]) {
        if (widget.context) widget.context.model.dirty = false;
        widget.dispose();
    }
}"""


def test_notebooks_found():
    assert NOTEBOOKS, f"no notebooks in {CHAPTERS}"


def test_lab_serves_widgets_extension_with_authentication(lab):
    assert lab.api("GET", "/api/contents/chapters", token=False)[0] == 403, (
        "authentication must stay on"
    )
    status, listing = lab.api("GET", "/api/contents/chapters")
    assert status == 200
    assert {c["name"] for c in listing["content"]} >= {p.name for p in NOTEBOOKS}
    names = lab.federated_extensions()
    assert WIDGETS_EXTENSION in names, f"ipywidgets' JupyterLab extension missing: {names}"
    assert LIVE_EXTENSION in names, f"anywidget's JupyterLab extension missing: {names}"


def test_make_lab_serves_the_book_with_widgets(tmp_path, page, original_hashes):
    """The README's command: ``make lab`` serves the repository root, opens chapters/, has the
    widgets extension."""
    with make_lab(tmp_path) as server:
        assert server.api("GET", "/api/contents/chapters", token=False)[0] == 403, (
            "authentication must stay on"
        )
        _, listing = server.api("GET", "/api/contents")
        assert {"chapters", "utils"} <= {c["name"] for c in listing["content"]}, (
            "the server root must be the repo root"
        )
        assert WIDGETS_EXTENSION in server.federated_extensions()
        _, kernels = server.api(
            "GET", "/lab/api/settings/@jupyterlab/apputils-extension:kernels-settings"
        )
        # the book's overrides become the schema defaults; a user setting would win
        kernels = json.loads(kernels)
        comms = kernels["settings"].get(
            "commsOverSubshells", kernels["schema"]["properties"]["commsOverSubshells"]["default"]
        )
        assert comms == "disabled", (
            f"make lab must keep widget callbacks on the main thread, got {comms!r}"
        )
        # the address a learner opens lands on the chapters folder
        address = urllib.parse.urlsplit(server.url)
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        conn.request("GET", f"/?token={server.token}")
        landing = conn.getresponse().getheader("Location", "")
        conn.close()
        assert urllib.parse.urlsplit(landing).path.rstrip("/") == "/lab/tree/chapters", landing
        page.goto(f"{server.url}/?token={server.token}")
        first = min((ROOT / "chapters").glob("*.ipynb")).name
        page.locator(".jp-DirListing-content").get_by_text(first, exact=True).wait_for(
            timeout=60_000
        )
        assert (
            page.locator(".jp-FileBrowser .jp-BreadCrumbs").inner_text().strip().strip("/").strip()
            == "chapters"
        )
        page.screenshot(path=str(shot_path("lab", "make_lab")))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean_and_widgets_respond(path, lab, lab_page, original_hashes):
    original = path.read_bytes()
    # the server runs the copy taken when it started: compare with that snapshot (the repository may
    # be edited)
    copy = lab.root / "chapters" / path.name
    served = copy.read_bytes()
    committed_widgets = saved_widget_views(copy)
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(copy, as_version=4).cells)

    page = lab_page.page
    errors_before = len(lab_page.errors)
    nb = Notebook(page, path.name)
    try:
        opened = page.evaluate(_OPEN, f"chapters/{path.name}")
        assert opened == f"chapters/{path.name}", opened
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        debug("notebook open")
        # widget callbacks must run on the kernel's main thread (matplotlib is not thread-safe);
        # JupyterLab 4.6 would send widget comms to a subshell thread unless the book's settings
        # turn that off
        page.wait_for_function(
            "() => window.jupyterapp.serviceManager.kernels.commsOverSubshells === 'disabled'"
        )
        nb.wait_idle()
        debug("kernel idle")
        nb.run_all()
        debug("ran all cells")

        # 1. nothing went wrong
        outputs = nb.model_outputs()
        assert len(outputs) == code_cells
        bad = [
            (
                i,
                out.get("ename") or out.get("name"),
                (out.get("text") or "\n".join(out.get("traceback", [])))[:1500],
            )
            for i, outs in enumerate(outputs)
            for out in outs
            if out["output_type"] == "error"
            or (out["output_type"] == "stream" and out.get("name") == "stderr")
        ]
        assert not bad, f"error/stderr outputs (code cell index, kind, text): {bad}"
        nb.assert_clean("after Run All")

        # 2. every widget output is drawn
        widget_outputs = sum(
            WIDGET_VIEW_MIME in out.get("data", {}) for outs in outputs for out in outs
        )
        rendered, interactive = nb.widget_views()
        assert rendered == widget_outputs, (
            f"{widget_outputs} widget outputs but {rendered} rendered widget views"
        )
        assert widget_outputs == committed_widgets, (
            f"the notebook shows {widget_outputs} widgets in JupyterLab, its stored outputs have"
            f" {committed_widgets} (run make execute NB=... on it)"
        )

        # 3. every slider of every interactive ipywidgets widget changes what the widget shows (live
        # figures: lab_checks.check_live_figure moves each of their sliders)
        for widget in interactive:
            assert widget.read(), (
                f"widget prints no 'name = value' line (CONTRIBUTING.md):\n{widget.text()}"
            )
            for label in widget.labels():
                _, hi = widget.bounds(label)
                handle = widget.slider(label).locator(".noUi-handle")
                at_max = float(handle.get_attribute("aria-valuenow")) >= hi
                widget.press(label, "ArrowLeft" if at_max else "ArrowRight")

        debug("moved every slider")
        # 4. the live figures, and the math: notebook-specific checks
        if code_cells:  # a placeholder page (markdown only) has nothing to run yet
            for fn in live_checks(f"chapters/{path.stem}"):
                fn(nb)

        debug("notebook checks")
        nb.assert_clean("at the end")
        page_errors = lab_page.errors[errors_before:]
        assert not page_errors, f"JavaScript errors in the page: {page_errors}"
    finally:
        if page.locator(".jp-Notebook").count():
            roots = [w.root for w in nb.widget_views()[1]] + [f.root for f in nb.live_figures()]
            if roots:
                roots[0].scroll_into_view_if_needed()
        page.screenshot(path=str(shot_path("lab", path.stem)))
        page.evaluate(_CLOSE_ALL)
        lab.shutdown_sessions()

    # the test never saved anything: not the repository's notebook, not even the temporary copy
    assert copy.read_bytes() == served, "JupyterLab saved the notebook (autosave must be off)"
    assert path.read_bytes() == original, f"{path} changed during the test (edited meanwhile?)"
