"""The live figures (``utils.widgets``) in the built static HTML book, driven with the keyboard in Chromium.

For every page of ``LIVE_WIDGETS`` and every figure on it: the figure renders from the saved widget state (no
kernel) through ``static/book/livefig-loader.js``, the only widget script the page loads; each
slider moved with the keyboard (End, Home, ArrowRight) redraws the SVG and the ``name = value``
readout before the next animation frame, every printed number equals what ``utils`` computes in Python from the
same state (1e-9 relative on the ``data-value`` s; the text equals Python's formatting of that value), no request
leaves the loopback (file:// and http://127.0.0.1), the console shows no errors, and at phone width (390 px) in
dark mode nothing overflows. Screenshots go to ``<book>/../screenshots/widgets/``.

The book is read from ``_build/html``, or from ``$BOOK_HTML`` (e.g. a scratch build). ``$LIVE_WIDGETS`` may
replace the table for such a build: ``"demo/widget_demo=TemperatureSoftmax,KLExplorer;other/page=…"``.
"""

from __future__ import annotations

import inspect
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import utils.widgets
from bookdev import ROOT, open_figure_dropdowns

from .support import FIGURE_STATE, KEYS, check_numbers, served, sync_python

BOOK_HTML = Path(os.environ.get("BOOK_HTML") or ROOT / "_build" / "html")
SHOTS = BOOK_HTML.parent / "screenshots" / "widgets"

#: THE table to fill in when the figures go into the chapters: page (docname) → its live figures, in page order.
LIVE_WIDGETS: dict[str, list[str]] = {
    "chapters/04_softmax": ["TemperatureSoftmax"],
    "chapters/08_information_theory": ["EntropyExplorer", "KLExplorer"],
    "chapters/09_prediction_evaluation": ["CalibrationTemperature"],
    "chapters/10_summary_exercises": ["LogSumExpGap"],
}
if os.environ.get("LIVE_WIDGETS"):
    LIVE_WIDGETS = {
        page: names.split(",")
        for page, names in (item.split("=", 1) for item in os.environ["LIVE_WIDGETS"].split(";") if item.strip())
    }

pytestmark = pytest.mark.browser_context_args(viewport={"width": 1100, "height": 900}, locale="ko-KR")


def loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost", "::1")


http_root = served(BOOK_HTML)

#: Widget scripts the loader replaced: require.js, ipywidgets' HTML manager, anywidget's AMD build.
OLD_WIDGET_SCRIPTS = re.compile(r"require(js)?[./]|html-manager|embed-amd|anywidget/|widgets-conf")


def widget_scripts(requests: list[str]) -> tuple[list[str], list[str]]:
    """(the loader's URLs, URLs of the old widget machinery) among a page's requests."""
    paths = [urlsplit(u).path for u in requests]
    loader = [p for p in paths if p.endswith("/book/livefig-loader.js")]
    return loader, [p for p in paths if OLD_WIDGET_SCRIPTS.search(p)]


def open_page(page, url: str, n_widgets: int) -> dict:
    """Go to ``url``, collect requests and console errors, wait until ``n_widgets`` figures have drawn."""
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(url)
    page.wait_for_function(
        "n => [...document.querySelectorAll('.livefig')].filter(r => r.querySelector('pre .livefig-line')).length >= n",
        arg=n_widgets,
        timeout=20_000,
    )
    # A figure inside a closed dropdown (an exercise's solution) is hidden until the reader opens it: open it.
    open_figure_dropdowns(page)
    return seen


def saved_states(page) -> list[tuple[str, dict]]:
    """(figure class, saved model state) for each rendered figure, in page order."""
    state = json.loads(page.locator('script[type="application/vnd.jupyter.widget-state+json"]').text_content())
    views = page.evaluate(
        """() => [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
            .map(s => [s.parentElement.querySelector('.livefig')?.dataset.widget, JSON.parse(s.textContent).model_id])
            .filter(([w]) => w)"""
    )
    return [(name, state["state"][model_id]["state"]) for name, model_id in views]


def python_widget(name: str, state: dict):
    cls = getattr(utils.widgets, name)
    params = inspect.signature(cls.__init__).parameters
    return cls(**{k: v for k, v in state.items() if k in params})


def read_figure(root) -> dict:
    return root.evaluate(FIGURE_STATE)


def drive(page, root, w, label: str) -> list[float]:
    """Move every slider of one figure with the keyboard; check each step; return input→frame times (ms)."""
    times = []
    fig = read_figure(root)
    sync_python(w, fig["sliders"])
    check_numbers(w, fig["lines"], f"{label} initial")
    for k in range(len(fig["sliders"])):
        moves = 0
        slider = root.locator("input[type=range]").nth(k)
        slider.focus()
        for key in KEYS:
            before = read_figure(root)
            root.evaluate(
                """r => { window.__frame = new Promise(done => {
                    const pre = r.querySelector('pre'), svg = r.querySelector('svg');
                    const text = pre.innerHTML, drawing = svg.innerHTML;
                    document.addEventListener('keydown', () => {
                        const t0 = performance.now();
                        requestAnimationFrame(() => done({ dt: performance.now() - t0,
                            changed: pre.innerHTML !== text || svg.innerHTML !== drawing }));
                    }, { once: true, capture: true });
                }); }"""
            )
            page.keyboard.press(key)
            frame = page.evaluate("window.__frame")
            after = read_figure(root)
            moved = after["sliders"] != before["sliders"]
            where = f"{label} slider {after['sliders'][k][0]} {key}"
            assert frame["changed"] == moved, where  # redrawn by the next animation frame, and only if it moved
            times.append(frame["dt"])
            moves += moved
            sync_python(w, after["sliders"])
            check_numbers(w, after["lines"], where)
        assert moves, f"{label}: slider {k} never moved (hidden, or not focusable?)"
    return times


CASES = [(page, i, name) for page, names in LIVE_WIDGETS.items() for i, name in enumerate(names)]


@pytest.mark.parametrize("scheme", ["file", "http"])
@pytest.mark.parametrize(("docname", "index", "name"), CASES or [pytest.param("", 0, "", marks=pytest.mark.skip)])
def test_figure_follows_the_keyboard_and_matches_utils(page, http_root, scheme, docname, index, name):
    html = BOOK_HTML / f"{docname}.html"
    assert html.exists(), f"{html} missing: build the book (or set BOOK_HTML)"
    url = html.as_uri() if scheme == "file" else http_root + f"{docname}.html"
    seen = open_page(page, url, len(LIVE_WIDGETS[docname]))
    figures = saved_states(page)
    assert [n for n, _ in figures] == LIVE_WIDGETS[docname], "the page's figures differ from LIVE_WIDGETS"
    root = page.locator(".livefig").nth(index)
    assert root.get_attribute("data-widget") == name
    w = python_widget(name, figures[index][1])
    try:
        times = drive(page, root, w, f"{docname}#{index} {name} ({scheme})")
    finally:
        w.close()
    assert times
    assert [u for u in seen["requests"] if not loopback(u)] == []
    loader, old = widget_scripts(seen["requests"])
    assert len(loader) == 1 and old == [], seen["requests"]
    assert seen["errors"] == []


@pytest.mark.parametrize("docname", list(LIVE_WIDGETS) or [pytest.param("", marks=pytest.mark.skip)])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_phone_width_and_theme(browser, docname, theme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="ko-KR")
    try:
        page = context.new_page()
        seen = open_page(page, (BOOK_HTML / f"{docname}.html").as_uri(), len(LIVE_WIDGETS[docname]))
        page.evaluate("t => { document.documentElement.dataset.theme = t; }", theme)
        report = page.evaluate(
            """() => [...document.querySelectorAll('.livefig')].map(r => {
                const box = r.getBoundingClientRect(), svg = r.querySelector('svg').getBoundingClientRect();
                const fg = getComputedStyle(r).color, bg = getComputedStyle(document.body).backgroundColor;
                return { right: box.right, svgRight: svg.right, scroll: r.scrollWidth - r.clientWidth, fg, bg,
                         height: svg.height };
            })"""
        )
        for fig in report:
            assert fig["right"] <= 390 and fig["svgRight"] <= 390 and fig["scroll"] <= 0, fig
            assert fig["height"] > 100, fig
            assert fig["fg"] != fig["bg"], fig
        SHOTS.mkdir(parents=True, exist_ok=True)
        for i, root in enumerate(page.locator(".livefig").all()):
            root.screenshot(path=str(SHOTS / f"{docname.replace('/', '_')}-{i}-{theme}-390.png"))
        assert [u for u in seen["requests"] if not loopback(u)] == []
        assert seen["errors"] == []
    finally:
        context.close()
