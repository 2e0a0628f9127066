"""The live figures (``utils.widgets``) in the built static HTML book, driven with the keyboard.

For every figure of ``bookdev.figures.FIGURES``: the page shows the table's figures in its order,
each renders from the saved widget state (no kernel), its sliders carry the ``data-key`` s its
class's ``sliders`` name (``T``, ``logits[0]`` …), each slider moved with the keyboard (End, Home,
ArrowRight) redraws the SVG and the ``name = value`` readout before the next animation frame, every
printed number equals what ``utils`` computes in Python from the same state (1e-9 relative on the
``data-value`` s; the text equals Python's formatting of that value), no request leaves the
loopback (file:// and http://127.0.0.1), the console shows no errors, and at phone width (390 px),
light and dark, nothing overflows. Screenshots go to ``_build/screenshots/widgets/``.
"""

from __future__ import annotations

import inspect
import json
import re
from urllib.parse import urlsplit

import pytest

from bookdev.browser import RENDER_ALL_SECTIONS, open_figure_dropdowns
from bookdev.figures import FIGURES, figures_on, pages_with_figures

from .support import (
    FIGURE_STATE,
    KEYS,
    check_numbers,
    element_shot,
    slider_keys,
    sync_python,
)

VIEWPORT = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser_context_args(viewport=VIEWPORT, locale="ko-KR")


def loopback(url: str) -> bool:
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    return parts.scheme in ("file", "data", "blob", "about") or local


#: Widget scripts the loader replaced: require.js, ipywidgets' HTML manager, anywidget's AMD build.
OLD_WIDGET_SCRIPTS = re.compile(r"require(js)?[./]|html-manager|embed-amd|anywidget/|widgets-conf")


def widget_scripts(requests: list[str]) -> tuple[list[str], list[str]]:
    """(the loader's URLs, URLs of the old widget machinery) among a page's requests."""
    paths = [urlsplit(u).path for u in requests]
    loader = [p for p in paths if p.endswith("/book/livefig-loader.js")]
    return loader, [p for p in paths if OLD_WIDGET_SCRIPTS.search(p)]


def open_page(page, url: str, n_figures: int) -> dict:
    """Go to ``url``, collect requests and console errors, wait until ``n_figures`` have drawn."""
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(url)
    page.wait_for_function(
        """n => [...document.querySelectorAll('.livefig')]
            .filter(r => r.querySelector('pre .livefig-line')).length >= n""",
        arg=n_figures,
        timeout=20_000,
    )
    # A figure inside a closed dropdown (an exercise's solution) is hidden until the reader opens
    # it: open it.
    open_figure_dropdowns(page)
    return seen


def saved_states(page) -> list[tuple[str, dict]]:
    """(figure class, saved model state) for each rendered figure, in page order."""
    script = page.locator('script[type="application/vnd.jupyter.widget-state+json"]')
    state = json.loads(script.text_content())
    views = page.evaluate(
        """() => [...document.querySelectorAll(
                'script[type="application/vnd.jupyter.widget-view+json"]')]
            .map(s => [s.parentElement.querySelector('.livefig')?.dataset.widget,
                       JSON.parse(s.textContent).model_id])
            .filter(([name]) => name)"""
    )
    return [(name, state["state"][model_id]["state"]) for name, model_id in views]


def python_widget(cls, state: dict):
    """The figure rebuilt in Python from its saved state (the constructor's arguments only)."""
    params = inspect.signature(cls.__init__).parameters
    return cls(**{k: v for k, v in state.items() if k in params})


def read_figure(root) -> dict:
    return root.evaluate(FIGURE_STATE)


# Before a key press: resolve window.__frame with {dt, changed} at the first animation frame after
# the keydown (changed: the readout or the drawing differs from before the press).
_ARM_FRAME = """r => { window.__frame = new Promise(done => {
    const pre = r.querySelector('pre'), svg = r.querySelector('svg');
    const text = pre.innerHTML, drawing = svg.innerHTML;
    document.addEventListener('keydown', () => {
        const t0 = performance.now();
        requestAnimationFrame(() => done({ dt: performance.now() - t0,
            changed: pre.innerHTML !== text || svg.innerHTML !== drawing }));
    }, { once: true, capture: true });
}); }"""


def drive(page, root, w, label: str) -> list[float]:
    """Move every slider of one figure with the keyboard; check each step; return input→frame ms."""
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
            root.evaluate(_ARM_FRAME)
            page.keyboard.press(key)
            frame = page.evaluate("window.__frame")
            after = read_figure(root)
            moved = after["sliders"] != before["sliders"]
            where = f"{label} slider {after['sliders'][k][0]} {key}"
            # redrawn by the next animation frame, and only if the slider moved
            assert frame["changed"] == moved, where
            times.append(frame["dt"])
            moves += moved
            sync_python(w, after["sliders"])
            check_numbers(w, after["lines"], where)
        assert moves, f"{label}: slider {k} never moved (hidden, or not focusable?)"
    return times


@pytest.mark.parametrize("scheme", ["file", "http"])
@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f"{f.page}-{f.index}-{f.name}")
def test_figure_follows_the_keyboard_and_matches_utils(page, book_html, book_url, scheme, figure):
    html = book_html / f"{figure.page}.html"
    url = html.as_uri() if scheme == "file" else f"{book_url}{figure.page}.html"
    listed = figures_on(figure.page)
    seen = open_page(page, url, len(listed))
    figures = saved_states(page)
    names = [name for name, _ in figures]
    assert names == [f.name for f in listed], f"{figure.page}: figures on the page {names}"
    root = page.locator(".livefig").nth(figure.index)
    assert root.get_attribute("data-widget") == figure.name
    w = python_widget(figure.cls, figures[figure.index][1])
    try:
        keys = [key for key, *_ in read_figure(root)["sliders"]]
        traits = {trait: getattr(w, trait) for trait in figure.cls.sliders}
        assert keys == slider_keys(figure.cls.sliders, traits), f"{figure}: {figure.cls.sliders}"
        times = drive(page, root, w, f"{figure} ({scheme})")
    finally:
        w.close()
    assert times
    assert [u for u in seen["requests"] if not loopback(u)] == []
    loader, old = widget_scripts(seen["requests"])
    assert len(loader) == 1 and old == [], seen["requests"]
    assert seen["errors"] == []


@pytest.mark.parametrize("docname", pages_with_figures())
def test_phone_width_and_theme(browser, book_html, docname):
    """At phone width, in the light and then the dark theme (one page load): every figure fits,
    does not scroll, is drawn, and its text colour differs from the page's."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="ko-KR")
    try:
        page = context.new_page()
        html = book_html / f"{docname}.html"
        seen = open_page(page, html.as_uri(), len(figures_on(docname)))
        page.evaluate(RENDER_ALL_SECTIONS)  # for the screenshots (support.element_shot)
        for theme in ("light", "dark"):
            page.evaluate("t => { document.documentElement.dataset.theme = t; }", theme)
            report = page.evaluate(
                """() => [...document.querySelectorAll('.livefig')].map(r => {
                    const box = r.getBoundingClientRect();
                    const svg = r.querySelector('svg').getBoundingClientRect();
                    const fg = getComputedStyle(r).color;
                    const bg = getComputedStyle(document.body).backgroundColor;
                    return { right: box.right, svgRight: svg.right,
                             scroll: r.scrollWidth - r.clientWidth, fg, bg, height: svg.height };
                })"""
            )
            assert len(report) == len(figures_on(docname)), report
            for fig in report:
                where = f"{docname} [{theme}]: {fig}"
                assert fig["right"] <= PHONE["width"] and fig["svgRight"] <= PHONE["width"], where
                assert fig["scroll"] <= 0, where
                assert fig["height"] > 100, where
                assert fig["fg"] != fig["bg"], where
            for i, root in enumerate(page.locator(".livefig").all()):
                element_shot(root, "widgets", f"{docname}-{i}-{theme}-{PHONE['width']}")
        assert [u for u in seen["requests"] if not loopback(u)] == []
        assert seen["errors"] == []
    finally:
        context.close()
