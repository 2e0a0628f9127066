"""Per-notebook checks in JupyterLab: moving a live figure's sliders changes the numbers it shows as the math says.

The book's interactive figures are the live figures of ``utils.widgets`` (anywidget). :data:`LIVE_FIGURES` has
one line per figure, per notebook in page order: ``Live(class name, Python variable the notebook binds it to[,
extra check])``; :func:`live_checks` gives ``test_jupyterlab.py`` the checks of a notebook stem. The generic
:func:`check_live_figure` moves every slider with the keyboard in JupyterLab's DOM (the keys of the static-HTML
test) and after every key checks that the figure redrew exactly when the slider moved, that the kernel's widget
holds the values the page shows (``w.logits``, ``w.T``, …, read through :meth:`Notebook.kernel`), and that every
``data-value`` of the readout equals ``w.readout()`` computed by ``utils`` in the kernel (1e-9 relative), its
text formatted as Python formats it. An optional ``extra(nb, fig, live)`` first checks the math from the figure's
initial state (moving sliders with :func:`move`, with the same kernel checks), and leaves the figure in a state
the generic keys can start from.

A notebook without live figures still gets the generic checks of ``test_jupyterlab.py`` (no errors, every widget
drawn, no live figure on the page that this table does not list).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest

from .lab_page import WIDGET_TIMEOUT, LiveFigure, Notebook
from .support import KEYS, check_numbers, slider_trait, sync_python

# ----------------------------------------------------------------------------------------------------------------
# Live figures (utils.widgets)

#: The kernel's trait is the value the page sent (log sliders: 10 ** position, computed in JavaScript).
TRAIT_RTOL = 1e-12


@dataclass(frozen=True)
class Live:
    widget: str  # the class in utils.widgets (the figure's data-widget)
    variable: str  # the notebook's Python name for it
    extra: Callable[[Notebook, LiveFigure, Live], None] | None = None  # math checks, run first


def kernel_side(nb: Notebook, live: Live, traits: list[str]) -> dict:
    """The kernel's widget: its class name, the slider traits and ``readout()`` (computed with ``utils``)."""
    v = live.variable
    return nb.kernel_json(
        f"{{'class': type({v}).__name__, 'traits': {{n: getattr({v}, n) for n in {traits!r}}},"
        f" 'readout': {v}.readout()}}"
    )


def _same(a, b) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == pytest.approx(b, rel=TRAIT_RTOL, abs=0)


def agree(nb: Notebook, fig: LiveFigure, live: Live, shown: dict, where: str) -> dict:
    """The kernel holds the slider values ``shown`` (:meth:`LiveFigure.read`), and the readout equals utils'."""
    traits = sorted({slider_trait(key)[0] for key, *_ in shown["sliders"]})
    deadline = time.monotonic() + WIDGET_TIMEOUT
    while True:  # the page sends each move to the kernel; it normally arrives before our request (same socket)
        py = kernel_side(nb, live, traits)
        expected = SimpleNamespace(**py["traits"])
        sync_python(expected, shown["sliders"])  # the trait values the sliders show
        if all(_same(py["traits"][n], getattr(expected, n)) for n in traits):
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"{where}: the kernel's {live.variable} has {py['traits']}, the page shows {shown}")
        time.sleep(0.1)
    assert py["class"] == live.widget == fig.name, (where, py["class"], fig.name)
    check_numbers(SimpleNamespace(readout=lambda: py["readout"]), shown["lines"], where)
    return py


def values(shown: dict) -> dict[str, float]:
    """The readout's numbers by key (``data-value``)."""
    return {key: float(value) for key, value, *_ in shown["lines"]}


def check_live_figure(nb: Notebook, fig: LiveFigure, live: Live):
    """Every slider, every key of the static-HTML test: redrawn iff moved, kernel state == page, numbers == utils."""
    agree(nb, fig, live, fig.read(), f"{live.variable} initial")
    if live.extra:
        live.extra(nb, fig, live)
    for key in fig.slider_keys():
        for keyname in KEYS:
            before, after = fig.press(key, keyname)
            where = f"{live.variable}: {keyname} on slider {key}"
            if after["sliders"] == before["sliders"]:  # at the end of its range: nothing may change
                assert after == before, f"{where}: the figure changed but the slider did not move"
            agree(nb, fig, live, after, where)


def move(nb: Notebook, fig: LiveFigure, live: Live, key: str, keyname: str, presses: int = 1) -> dict[str, float]:
    """Press ``keyname`` ``presses`` times on slider ``key``, check kernel and page agree, return the readout."""
    for _ in range(presses):
        _, shown = fig.press(key, keyname)
    agree(nb, fig, live, shown, f"{live.variable}: {keyname}×{presses} on {key}")
    return values(shown)


def temperature_softmax(nb: Notebook, fig: LiveFigure, live: Live):
    """Raising o₀ raises p₀ and lowers the others; a large T flattens p, a small T makes it one-hot at argmax o."""
    p0 = values(fig.read())
    p1 = move(nb, fig, live, "logits[0]", "ArrowRight", 5)
    assert p1["p0"] > p0["p0"] and p1["p1"] < p0["p1"] and p1["p2"] < p0["p2"], ("raising o₀", p0, p1)
    hot = move(nb, fig, live, "T", "End")
    p = [hot[f"p{j}"] for j in range(3)]
    assert max(p) - min(p) < 0.02, ("T at its maximum: p nearly uniform", hot)
    cold = move(nb, fig, live, "T", "Home")
    logits = nb.kernel_json(f"{live.variable}.logits")
    k = int(np.argmax(logits))
    assert cold[f"p{k}"] > 0.999, ("T at its minimum: p one-hot at argmax o", logits, cold)
    move(nb, fig, live, "T", "ArrowRight")


def entropy_explorer(nb: Notebook, fig: LiveFigure, live: Live):
    """Equal weights give the largest entropy, log n nats (log₂ n bits); a single nonzero weight gives 0."""
    keys = fig.slider_keys()  # w0, w1, …
    for key in keys:  # every weight at the top of its range: equal weights
        shown = move(nb, fig, live, key, "End")
    n = len(keys)
    assert shown["H_nat"] == pytest.approx(math.log(n), rel=1e-12), ("equal weights: H = log n", shown)
    assert shown["H_bit"] == pytest.approx(math.log2(n), rel=1e-12), ("equal weights: H = log₂ n bits", shown)
    for key in keys[1:]:  # only the first weight left: a certain outcome carries no information
        shown = move(nb, fig, live, key, "Home")
    assert shown["p0"] == 1 and shown["H_nat"] == pytest.approx(0, abs=1e-15), ("one class: H = 0", shown)
    assert shown["H_bit"] == pytest.approx(0, abs=1e-15), ("one class: H = 0 bit", shown)
    move(nb, fig, live, keys[-1], "End")  # two weights again, so that no key of the generic loop zeroes them all


def kl_explorer(nb: Notebook, fig: LiveFigure, live: Live):
    """q = p gives KL 0 both ways; q_j = 0 < p_j gives KL(p‖q) = ∞ while KL(q‖p) stays finite."""
    keys = fig.slider_keys()  # p0…, q0…
    for key in keys:  # every weight at the top of its range: p = q = uniform
        shown = move(nb, fig, live, key, "End")
    for name in ("KL_pq", "KL_qp"):
        assert shown[name] == pytest.approx(0, abs=1e-15), (f"q = p: {name} = 0", shown)
    assert shown["H_pq"] == pytest.approx(shown["H_p"], rel=1e-12), ("q = p: H(p, q) = H(p)", shown)
    last_q = [k for k in keys if k.startswith("q")][-1]
    shown = move(nb, fig, live, last_q, "Home")  # q puts no mass on a class where p > 0
    assert math.isinf(shown["KL_pq"]) and shown["KL_pq"] > 0, ("q_j = 0 < p_j: KL(p‖q) = ∞", shown)
    assert math.isinf(shown["H_pq"]), ("q_j = 0 < p_j: H(p, q) = ∞", shown)
    n = len(keys) // 2  # q uniform on n - 1 classes, p uniform on n: KL(q‖p) = log(n / (n - 1))
    assert shown["KL_qp"] == pytest.approx(math.log(n / (n - 1)), rel=1e-12), ("KL(q‖p) stays finite", shown)
    move(nb, fig, live, last_q, "End")


def calibration_temperature(nb: Notebook, fig: LiveFigure, live: Live):
    """The NLL at the slider position nearest the fitted T is not above the NLL at T = 1 or at the slider ends."""
    T_fit = nb.kernel_json("T_fit_4")  # the notebook's fit on the logits the figure holds
    handle = fig.root.locator('input[type=range][data-key="T"]')
    step = float(handle.get_attribute("step"))  # the slider moves log10 T
    start = values(fig.read())
    assert start["T"] == 1.0, ("the figure starts at T = 1", start)
    presses = round(math.log10(T_fit) / step)
    assert presses > 0, ("the fitted T is above 1 on this page", T_fit)
    fitted = move(nb, fig, live, "T", "ArrowRight", presses)
    assert abs(math.log10(fitted["T"]) - math.log10(T_fit)) <= step / 2 + 1e-12, ("nearest slider T", T_fit, fitted)
    low = move(nb, fig, live, "T", "Home")
    high = move(nb, fig, live, "T", "End")
    for other, where in ((start, "T = 1"), (low, "T at its minimum"), (high, "T at its maximum")):
        assert fitted["nll"] <= other["nll"], (f"NLL at the fitted T is above the NLL at {where}", fitted, other)
        assert other["accuracy"] == fitted["accuracy"], ("dividing the logits by T keeps the accuracy", other)


def logsumexp_gap(nb: Notebook, fig: LiveFigure, live: Live):
    """The gap λ⁻¹ log Σ exp(λ o) − max o is positive, shrinks as λ grows and never exceeds log n / λ."""
    n = len(nb.kernel_json(f"{live.variable}.logits"))
    shown = [move(nb, fig, live, "lam", "Home")]
    for _ in range(100):  # up the whole range, a few steps at a time
        after = move(nb, fig, live, "lam", "ArrowRight", 6)
        if after["lam"] == shown[-1]["lam"]:  # at the top of the range
            break
        shown.append(after)
    else:
        raise AssertionError(f"the λ slider never reached the top of its range: {shown[-1]}")
    assert len(shown) >= 5, shown
    for a, b in itertools.pairwise(shown):
        assert b["gap"] < a["gap"], ("the gap shrinks as λ grows", a, b)
    for s in shown:
        assert 0 < s["gap"] <= math.log(n) / s["lam"] * (1 + 1e-12), ("0 < gap ≤ log n / λ", s)
    move(nb, fig, live, "lam", "Home")


#: THE table: notebook stem → its live figures in page order. Adding a page is one entry here (and its page in
#: LIVE_WIDGETS of test_live_widgets_html.py); ``extra`` is optional.
LIVE_FIGURES: dict[str, list[Live]] = {
    "04_softmax": [Live("TemperatureSoftmax", "softmax_widget", temperature_softmax)],
    "08_information_theory": [
        Live("EntropyExplorer", "entropy_widget", entropy_explorer),
        Live("KLExplorer", "kl_widget", kl_explorer),
    ],
    "09_prediction_evaluation": [Live("CalibrationTemperature", "calibration_widget", calibration_temperature)],
    "10_summary_exercises": [Live("LogSumExpGap", "gap_widget", logsumexp_gap)],
}


def live_checks(stem: str) -> list[Callable[[Notebook], None]]:
    """One check per live figure of the page: the figures on the page are the ones listed, in order."""

    def page_figures(nb: Notebook):
        names = [fig.name for fig in nb.live_figures()]
        listed = [live.widget for live in LIVE_FIGURES.get(stem, [])]
        assert names == listed, f"{nb.name}: live figures on the page {names}, LIVE_FIGURES lists {listed}"

    def one(index: int, live: Live):
        return lambda nb: check_live_figure(nb, nb.live_figures()[index], live)

    return [page_figures] + [one(i, live) for i, live in enumerate(LIVE_FIGURES.get(stem, []))]
