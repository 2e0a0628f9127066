"""Per-notebook checks in JupyterLab: moving a live figure's sliders changes its numbers as the math
says.

The live figures of a notebook are the rows of ``bookdev.figures.FIGURES`` for its page (class and
the Python variable the notebook binds it to); :func:`live_checks` gives ``test_jupyterlab.py`` the
checks of a page. The generic :func:`check_live_figure` moves every slider with the keyboard in
JupyterLab's DOM (the keys of the static-HTML test) and after every key checks that the figure
redrew exactly when the slider moved, that the sliders carry the ``data-key`` s the class's
``sliders`` name, that the kernel's widget holds the values the page shows (``w.logits``, ``w.T``,
…, read through :meth:`Notebook.kernel`), and that every ``data-value`` of the readout equals
``w.readout()`` computed by ``utils`` in the kernel (1e-9 relative), its text formatted as Python
formats it.

:data:`EXTRA_CHECKS` (optional, by class) first checks the math from the figure's initial state
(moving sliders with :func:`move`, with the same kernel checks), and leaves the figure in a state
the generic keys can start from.

A notebook without live figures still gets the generic checks of ``test_jupyterlab.py`` (no
errors, every widget drawn, and no live figure on the page that the table does not list).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from types import SimpleNamespace

import numpy as np
import pytest

from bookdev.figures import Figure, figures_on
from utils import widgets

from .lab_page import WIDGET_TIMEOUT, LiveFigure, Notebook
from .support import KEYS, check_numbers, slider_keys, sync_python

# --------------------------------------------------------------------------------------------------
# Live figures (utils.widgets)

#: The kernel's trait is the value the page sent (log sliders: 10 ** position, computed in JS).
TRAIT_RTOL = 1e-12

Check = Callable[[Notebook, LiveFigure, Figure], None]


def kernel_side(nb: Notebook, figure: Figure) -> dict:
    """The kernel's widget: its class name, its slider traits and ``readout()`` (with ``utils``)."""
    v = figure.variable
    traits = list(figure.cls.sliders)
    return nb.kernel_json(
        f"{{'class': type({v}).__name__, 'traits': {{n: getattr({v}, n) for n in {traits!r}}},"
        f" 'readout': {v}.readout()}}"
    )


def _same(a, b) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == pytest.approx(b, rel=TRAIT_RTOL, abs=0)


def agree(nb: Notebook, fig: LiveFigure, figure: Figure, shown: dict, where: str) -> dict:
    """The kernel holds the slider values ``shown`` (:meth:`LiveFigure.read`), the sliders carry
    the class's ``sliders`` as ``data-key`` s, and the readout equals utils'."""
    deadline = time.monotonic() + WIDGET_TIMEOUT
    # the page sends each move to the kernel; it normally arrives before our request (same socket)
    while True:
        py = kernel_side(nb, figure)
        expected = SimpleNamespace(**py["traits"])
        sync_python(expected, shown["sliders"])  # the trait values the sliders show
        if all(_same(value, getattr(expected, name)) for name, value in py["traits"].items()):
            break
        if time.monotonic() > deadline:
            kernel = f"the kernel's {figure.variable} has {py['traits']}"
            raise AssertionError(f"{where}: {kernel}, the page shows {shown}")
        time.sleep(0.1)
    assert py["class"] == figure.name == fig.name, (where, py["class"], fig.name)
    keys = [key for key, *_ in shown["sliders"]]
    assert keys == slider_keys(figure.cls.sliders, py["traits"]), (where, keys, figure.cls.sliders)
    check_numbers(SimpleNamespace(readout=lambda: py["readout"]), shown["lines"], where)
    return py


def values(shown: dict) -> dict[str, float]:
    """The readout's numbers by key (``data-value``)."""
    return {key: float(value) for key, value, *_ in shown["lines"]}


def check_live_figure(nb: Notebook, fig: LiveFigure, figure: Figure):
    """Every slider, every key of the static-HTML test: redrawn iff moved, kernel state == page,
    numbers == utils."""
    agree(nb, fig, figure, fig.read(), f"{figure.variable} initial")
    extra = EXTRA_CHECKS.get(figure.cls)
    if extra:
        extra(nb, fig, figure)
    for key in fig.slider_keys():
        for keyname in KEYS:
            before, after = fig.press(key, keyname)
            where = f"{figure.variable}: {keyname} on slider {key}"
            if after["sliders"] == before["sliders"]:  # at the end of its range: nothing may change
                assert after == before, f"{where}: the figure changed but the slider did not move"
            agree(nb, fig, figure, after, where)


def move(
    nb: Notebook, fig: LiveFigure, figure: Figure, key: str, keyname: str, presses: int = 1
) -> dict[str, float]:
    """Press ``keyname`` ``presses`` times on slider ``key``, check kernel and page agree, return
    the readout."""
    for _ in range(presses):
        _, shown = fig.press(key, keyname)
    agree(nb, fig, figure, shown, f"{figure.variable}: {keyname}×{presses} on {key}")
    return values(shown)


def temperature_softmax(nb: Notebook, fig: LiveFigure, figure: Figure):
    """Raising o₀ raises p₀ and lowers the others; a large T flattens p, a small T makes it one-hot
    at argmax o."""
    p0 = values(fig.read())
    p1 = move(nb, fig, figure, "logits[0]", "ArrowRight", 5)
    raised = p1["p0"] > p0["p0"] and p1["p1"] < p0["p1"] and p1["p2"] < p0["p2"]
    assert raised, ("raising o₀", p0, p1)
    hot = move(nb, fig, figure, "T", "End")
    p = [hot[f"p{j}"] for j in range(3)]
    assert max(p) - min(p) < 0.02, ("T at its maximum: p nearly uniform", hot)
    cold = move(nb, fig, figure, "T", "Home")
    logits = nb.kernel_json(f"{figure.variable}.logits")
    k = int(np.argmax(logits))
    assert cold[f"p{k}"] > 0.999, ("T at its minimum: p one-hot at argmax o", logits, cold)
    move(nb, fig, figure, "T", "ArrowRight")


def entropy_explorer(nb: Notebook, fig: LiveFigure, figure: Figure):
    """Equal weights give the largest entropy, log n nats (log₂ n bits); a single nonzero weight
    gives 0."""
    keys = fig.slider_keys()  # weights[0], weights[1], …
    for key in keys:  # every weight at the top of its range: equal weights
        shown = move(nb, fig, figure, key, "End")
    n = len(keys)
    assert shown["H_nat"] == pytest.approx(math.log(n), rel=1e-12), ("H = log n", shown)
    assert shown["H_bit"] == pytest.approx(math.log2(n), rel=1e-12), ("H = log₂ n bits", shown)
    for key in keys[1:]:  # only the first weight left: a certain outcome carries no information
        shown = move(nb, fig, figure, key, "Home")
    assert shown["p0"] == 1, ("one class: p0 = 1", shown)
    assert shown["H_nat"] == pytest.approx(0, abs=1e-15), ("one class: H = 0", shown)
    assert shown["H_bit"] == pytest.approx(0, abs=1e-15), ("one class: H = 0 bit", shown)
    # two weights again, so that no key of the generic loop zeroes them all
    move(nb, fig, figure, keys[-1], "End")


def kl_explorer(nb: Notebook, fig: LiveFigure, figure: Figure):
    """q = p gives KL 0 both ways; q_j = 0 < p_j gives KL(p‖q) = ∞ while KL(q‖p) stays finite."""
    keys = fig.slider_keys()  # p_weights[0], …, q_weights[0], …
    for key in keys:  # every weight at the top of its range: p = q = uniform
        shown = move(nb, fig, figure, key, "End")
    for name in ("KL_pq", "KL_qp"):
        assert shown[name] == pytest.approx(0, abs=1e-15), (f"q = p: {name} = 0", shown)
    assert shown["H_pq"] == pytest.approx(shown["H_p"], rel=1e-12), ("q = p: H(p, q) = H(p)", shown)
    last_q = [key for key in keys if key.startswith("q_weights")][-1]
    shown = move(nb, fig, figure, last_q, "Home")  # q puts no mass on a class where p > 0
    assert math.isinf(shown["KL_pq"]) and shown["KL_pq"] > 0, ("q_j = 0 < p_j: KL(p‖q) = ∞", shown)
    assert math.isinf(shown["H_pq"]), ("q_j = 0 < p_j: H(p, q) = ∞", shown)
    n = len(keys) // 2  # q uniform on n - 1 classes, p uniform on n: KL(q‖p) = log(n / (n - 1))
    finite = pytest.approx(math.log(n / (n - 1)), rel=1e-12)
    assert shown["KL_qp"] == finite, ("KL(q‖p) stays finite", shown)
    move(nb, fig, figure, last_q, "End")


def calibration_temperature(nb: Notebook, fig: LiveFigure, figure: Figure):
    """The NLL at the slider position nearest the fitted T is not above the NLL at T = 1 or at the
    slider ends."""
    T_fit = nb.kernel_json("T_fit_2")  # the notebook's fit on the logits the figure holds
    handle = fig.root.locator('input[type=range][data-key="T"]')
    step = float(handle.get_attribute("step"))  # the slider moves log10 T
    start = values(fig.read())
    assert start["T"] == 1.0, ("the figure starts at T = 1", start)
    presses = round(math.log10(T_fit) / step)
    assert presses > 0, ("the fitted T is above 1 on this page", T_fit)
    fitted = move(nb, fig, figure, "T", "ArrowRight", presses)
    off = abs(math.log10(fitted["T"]) - math.log10(T_fit))
    assert off <= step / 2 + 1e-12, ("nearest slider T", T_fit, fitted)
    low = move(nb, fig, figure, "T", "Home")
    high = move(nb, fig, figure, "T", "End")
    for other, where in ((start, "T = 1"), (low, "T at its minimum"), (high, "T at its maximum")):
        assert fitted["nll"] <= other["nll"], (f"NLL at the fitted T > at {where}", fitted, other)
        same = other["accuracy"] == fitted["accuracy"]
        assert same, ("dividing the logits by T keeps the accuracy", other)


def logsumexp_gap(nb: Notebook, fig: LiveFigure, figure: Figure):
    """The gap λ⁻¹ log Σ exp(λ o) − max o is positive, shrinks as λ grows and never exceeds
    log n / λ."""
    n = len(nb.kernel_json(f"{figure.variable}.logits"))
    shown = [move(nb, fig, figure, "lam", "Home")]
    for _ in range(100):  # up the whole range, a few steps at a time
        after = move(nb, fig, figure, "lam", "ArrowRight", 6)
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
    move(nb, fig, figure, "lam", "Home")


#: Optional math checks of a figure class, run before the generic keys (see the module docstring).
EXTRA_CHECKS: dict[type, Check] = {
    widgets.TemperatureSoftmax: temperature_softmax,
    widgets.EntropyExplorer: entropy_explorer,
    widgets.KLExplorer: kl_explorer,
    widgets.CalibrationTemperature: calibration_temperature,
    widgets.LogSumExpGap: logsumexp_gap,
}


def live_checks(docname: str) -> list[Callable[[Notebook], None]]:
    """One check per live figure of the page ``docname``, after one that the figures on the page
    are those ``bookdev.figures.FIGURES`` lists, in order."""
    listed = figures_on(docname)

    def page_figures(nb: Notebook):
        names = [fig.name for fig in nb.live_figures()]
        expected = [figure.name for figure in listed]
        assert names == expected, (
            f"{nb.name}: live figures on the page {names}, FIGURES lists {expected}"
        )

    def one(figure: Figure):
        return lambda nb: check_live_figure(nb, nb.live_figures()[figure.index], figure)

    return [page_figures] + [one(figure) for figure in listed]
