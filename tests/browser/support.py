"""Small helpers of the browser tests (what ``bench/`` shares with them is in ``bookdev``).

Also what the static-HTML and the JupyterLab tests of the live figures (``utils.widgets``) share:
how a figure is read from the page (:data:`FIGURE_STATE`), which ``data-key`` s its sliders carry
(:func:`slider_keys`, :func:`slider_trait`), and how the numbers it shows are checked against
``utils`` (:func:`sync_python`, :func:`check_numbers`).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import nbformat
import pytest

from bookdev import ROOT

#: Screenshots a person can look at after a test run.
SCREENSHOTS = ROOT / "_build" / "screenshots"


def shot_path(kind: str, name: str) -> Path:
    """``_build/screenshots/<kind>/<name>.png`` (folder created)."""
    folder = SCREENSHOTS / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name.replace('/', '__')}.png"


#: A full-page screenshot of a long chapter at 2x pixels is a large image; on a busy 2-core machine
#: Chromium can take longer than Playwright's default 30 s to encode it. It is a picture for a
#: person to look at, not a check, so it gets more time.
SCREENSHOT_TIMEOUT_MS = 120_000


#: Full-page screenshots are pictures for a person to look at, not checks, and they are a good part
#: of a test run (4-5 s each for chapter 09 at 1280 and at 390 px): they are taken only when
#: ``BOOK_SHOTS`` is set, as ``make shots`` does.
FULL_PAGE_SHOTS = bool(os.environ.get("BOOK_SHOTS"))


def full_page_shot(page, kind: str, name: str, **options) -> None:
    """With :data:`FULL_PAGE_SHOTS`: save a full-page screenshot of ``page`` as :func:`shot_path`
    ``(kind, name)``; ``options`` go to ``page.screenshot`` (e.g. ``scale="css"``)."""
    if not FULL_PAGE_SHOTS:
        return
    path = str(shot_path(kind, name))
    page.screenshot(path=path, full_page=True, timeout=SCREENSHOT_TIMEOUT_MS, **options)


def element_shot(locator, kind: str, name: str) -> None:
    """Save a screenshot of the element ``locator`` as :func:`shot_path` ``(kind, name)`` and check
    that it shows the element: it is on screen once taken. The page must have every block laid
    out first (``bookdev.browser.RENDER_ALL_SECTIONS``): a block laid out only as the screenshot
    scrolls to the element moves the element out of the picture."""
    locator.screenshot(path=str(shot_path(kind, name)))
    top, bottom, height = locator.evaluate(
        "e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom, innerHeight]"
    )
    assert 0 <= top and bottom <= height + 1, f"{kind}/{name}: the element is at {top}..{bottom}"


#: The MIME type of a saved widget view in a notebook output.
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def saved_widget_views(path: Path) -> int:
    """How many widget views the stored outputs of the notebook ``path`` hold."""
    cells = nbformat.read(path, as_version=4).cells
    return sum(
        WIDGET_VIEW_MIME in out.get("data", {})
        for cell in cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


# --------------------------------------------------------------------------------------------------
# Live figures (utils.widgets): <div class="livefig" data-widget=…> with <input type=range
# data-key=…> sliders, their <output class="livefig-value">s and a <pre> of
# <span class="livefig-line" data-key data-value data-format> lines.

#: ``locator.evaluate`` on a figure's ``.livefig`` root: ``{"sliders": [[data-key, value,
#: data-log], …], "shown": [each slider's value text, …], "lines": [[key, data-value,
#: data-format, text], …]}``.
FIGURE_STATE = """r => ({
    sliders: [...r.querySelectorAll('input[type=range]')]
        .map(i => [i.dataset.key, i.value, i.dataset.log]),
    shown: [...r.querySelectorAll('output.livefig-value')].map(o => o.textContent),
    lines: [...r.querySelectorAll('pre .livefig-line')].map(s =>
        [s.dataset.key, s.dataset.value, s.dataset.format, s.textContent]),
})"""

_SLIDER_KEY = re.compile(r"(?P<trait>\w+)(?:\[(?P<index>\d+)\])?")


def slider_trait(key: str) -> tuple[str, int | None]:
    """A slider's ``data-key`` → ``(trait, index)``: ``"T"`` → ``("T", None)``,
    ``"logits[0]"`` → ``("logits", 0)``."""
    match = _SLIDER_KEY.fullmatch(key)
    assert match, f"slider data-key {key!r} is not a trait name or trait[index]"
    return match["trait"], None if match["index"] is None else int(match["index"])


def slider_keys(sliders: Iterable[str], values: Mapping[str, object]) -> list[str]:
    """The ``data-key`` s of a figure's sliders, in page order, from its class's ``sliders``.

    One per trait ``sliders`` names; a list trait (its value in ``values``) gets one slider per
    entry: ``logits[0]``, ``logits[1]`` …
    """
    keys = []
    for trait in sliders:
        value = values[trait]
        if isinstance(value, list):
            keys += [f"{trait}[{index}]" for index in range(len(value))]
        else:
            keys.append(trait)
    return keys


#: The keys every slider is driven with, in order.
KEYS = ["End", "Home", "ArrowRight", "ArrowRight", "ArrowRight"]
RTOL = 1e-9
#: Sums that cancel to about 0 (KL(p‖q) with p = q up to rounding, an entropy of nearly one-hot
#: p) carry ~1e-16 of absolute rounding noise whose sign and size depend on the summation order;
#: below this they count as equal.
ATOL = 1e-14


def sync_python(w, sliders) -> None:
    """Give the Python widget the slider values the page shows (log sliders hold log10 of it)."""
    updates: dict = {}
    for key, position, log in sliders:
        value = 10 ** float(position) if log == "1" else float(position)
        trait, index = slider_trait(key)
        if index is None:
            updates[trait] = value
        else:
            updates.setdefault(trait, list(getattr(w, trait)))[index] = value
    for trait, value in updates.items():
        setattr(w, trait, value)


def check_numbers(w, lines, where: str) -> None:
    """Every readout line equals ``w.readout()``: its ``data-value`` to :data:`RTOL`, its text
    as Python formats it."""
    if any(key == "error" for key, *_ in lines):  # e.g. every weight at 0: nothing to show
        return
    expected = w.readout()
    assert [key for key, *_ in lines] == list(expected), where
    for key, value, fmt, text in lines:
        py = expected[key]
        js = float(value)
        if math.isinf(py):
            assert js == py and " = ∞" in text, (where, key, text)
            continue
        assert js == pytest.approx(py, rel=RTOL, abs=ATOL), (where, key, js, py)
        shown = text.split(" = ", 1)[1]
        assert shown.startswith(format(py, fmt)), (where, key, text, format(py, fmt))


def source_of(docname: str) -> Path:
    """The source file of a toc page: ``<docname>.ipynb`` or ``<docname>.md``."""
    for ext in (".ipynb", ".md"):
        path = ROOT / f"{docname}{ext}"
        if path.exists():
            return path
    raise FileNotFoundError(docname)


def chapter_of(docname: str) -> int:
    """The chapter number of a chapter page: 4 for ``chapters/04_softmax``."""
    return int(re.match(r"(\d+)_", docname.rsplit("/", 1)[-1]).group(1))


def markdown_of(docname: str) -> str:
    """A page's markdown: the ``.md`` file, or a notebook's markdown cells joined."""
    path = source_of(docname)
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
