"""Per-notebook checks in JupyterLab: moving a widget's control changes the numbers it shows as the math says.

Two kinds of widget, two kinds of check; :func:`checks_for` gives ``test_jupyterlab.py`` both for a notebook stem.

* **Live figures** (``utils.widgets``, anywidget): one line per figure in :data:`LIVE_FIGURES`, in page order,
  ``Live(class name, Python variable the notebook binds it to[, extra check])``. The generic
  :func:`check_live_figure` moves every slider with the keyboard in JupyterLab's DOM (the keys of the static-HTML
  test) and after every key checks that the figure redrew exactly when the slider moved, that the kernel's widget
  holds the values the page shows (``w.logits``, ``w.T``, …, read through :meth:`Notebook.kernel`), and that every
  ``data-value`` of the readout equals ``w.readout()`` computed by ``utils`` in the kernel (1e-9 relative), its
  text formatted as Python formats it. An optional ``extra(nb, fig, live)`` first checks the math's direction
  from the figure's initial state (with the same kernel checks after each key).
* **ipywidgets widgets** (pages not converted yet): functions registered with ``@check("NN_name")`` that find
  their widget by slider labels and read the ``name = value`` lines it prints (the print contract:
  ``CONTRIBUTING.md``). Delete a page's ``@check`` functions when its widgets become live figures.

A notebook without either still gets the generic checks of ``test_jupyterlab.py`` (no errors, every widget drawn,
every ipywidgets slider changes the output, the live figures on the page are the ones listed here).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest

from .lab_page import WIDGET_TIMEOUT, LiveFigure, Notebook, Printed
from .test_live_widgets_html import KEYS, SLIDER_TRAITS, check_numbers, sync_python

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
    traits = sorted({SLIDER_TRAITS[key.rstrip("0123456789")] for key, *_ in shown["sliders"]})
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


def temperature_softmax(nb: Notebook, fig: LiveFigure, live: Live):
    """Raising o₀ raises p₀ and lowers the others; a large T flattens p, a small T makes it one-hot at argmax o."""

    def step(key: str, keyname: str, presses: int = 1) -> dict[str, float]:
        for _ in range(presses):
            _, shown = fig.press(key, keyname)
        agree(nb, fig, live, shown, f"{live.variable}: {keyname}×{presses} on {key}")
        return values(shown)

    p0 = values(fig.read())
    p1 = step("o0", "ArrowRight", 5)
    assert p1["p0"] > p0["p0"] and p1["p1"] < p0["p1"] and p1["p2"] < p0["p2"], ("raising o₀", p0, p1)
    hot = step("T", "End")
    p = [hot[f"p{j}"] for j in range(3)]
    assert max(p) - min(p) < 0.02, ("T at its maximum: p nearly uniform", hot)
    cold = step("T", "Home")
    logits = nb.kernel_json(f"{live.variable}.logits")
    k = int(np.argmax(logits))
    assert cold[f"p{k}"] > 0.999, ("T at its minimum: p one-hot at argmax o", logits, cold)
    step("T", "ArrowRight")


#: THE table: notebook stem → its live figures in page order. Adding a page is one entry here (and its page in
#: LIVE_WIDGETS of test_live_widgets_html.py); ``extra`` is optional.
LIVE_FIGURES: dict[str, list[Live]] = {
    "04_softmax": [Live("TemperatureSoftmax", "softmax_widget", temperature_softmax)],
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


# ----------------------------------------------------------------------------------------------------------------
# ipywidgets widgets (until their pages are converted)

WIDGET_CHECKS: dict[str, list] = {}


def check(stem: str):
    def register(fn):
        WIDGET_CHECKS.setdefault(stem, []).append(fn)
        return fn

    return register


def checks_for(stem: str) -> list[Callable[[Notebook], None]]:
    """Every check of a notebook: its live figures, then its ipywidgets checks."""
    return live_checks(stem) + WIDGET_CHECKS.get(stem, [])


@check("08_information_theory")
def entropy_widget(nb: Notebook):
    """H in nats and bits from the normalised weights; uniform → log 3, one class → 0, fair coin → 1 bit."""
    w = nb.widget_with("w₁", "w₂", "w₃")

    def check_h(v: Printed) -> tuple[float, float]:
        weights = np.array([w.value(label) for label in ("w₁", "w₂", "w₃")])
        p = weights / weights.sum()
        assert np.allclose(v.vec("p"), p, atol=v.tol("p")), (v, p)
        h_nat, h_bit = v.num("H", "nat"), v.num("H", "bit")
        expected = -sum(x * math.log(x) for x in p if x > 0)
        assert h_nat == pytest.approx(expected, abs=v.tol("H", "nat")), (v, expected)
        assert h_bit == pytest.approx(expected / math.log(2), abs=v.tol("H", "bit")), ("bits = nats / log 2", v)
        assert 0 <= h_nat <= math.log(3) + v.tol("H", "nat"), v
        return h_nat, h_bit

    check_h(w.read())
    for label in ("w₁", "w₂", "w₃"):  # uniform: the largest entropy, log 3
        v = w.set(label, 5.0)
    h_nat, h_bit = check_h(v)
    assert h_nat == pytest.approx(math.log(3), abs=1e-3) and h_bit == pytest.approx(math.log2(3), abs=1e-3), v
    h_before = h_nat
    v = w.set("w₃", 0.0)  # a fair coin between two classes: exactly 1 bit (not H/2)
    h_nat, h_bit = check_h(v)
    assert h_bit == pytest.approx(1.0, abs=1e-3) and h_nat == pytest.approx(math.log(2), abs=1e-3), v
    assert h_nat < h_before
    v = w.set("w₂", 0.0)  # a certain outcome: no information
    h_nat, h_bit = check_h(v)
    assert h_nat == pytest.approx(0.0, abs=1e-3) and h_bit == pytest.approx(0.0, abs=1e-3), v


@check("08_information_theory")
def kl_widget(nb: Notebook):
    """KL(p||q) = Σ p log(p/q) ≥ 0, zero iff p = q, asymmetric, infinite where q = 0 < p; H(p,q) = H(p) + KL."""
    w = nb.widget_with("p₁", "p₂", "p₃", "q₁", "q₂", "q₃")

    def dists():
        p = np.array([w.value(f"p{s}") for s in "₁₂₃"])
        q = np.array([w.value(f"q{s}") for s in "₁₂₃"])
        return p / p.sum(), q / q.sum()

    def kl(a, b):
        return sum(x * math.log(x / y) if y > 0 else math.inf for x, y in zip(a, b) if x > 0)

    def check_kl(v: Printed):
        p, q = dists()
        assert np.allclose(v.vec("p"), p, atol=v.tol("p")) and np.allclose(v.vec("q"), q, atol=v.tol("q")), v
        for name, expected in (("KL(p||q)", kl(p, q)), ("KL(q||p)", kl(q, p))):
            got = v.num(name)
            if math.isinf(expected):
                assert math.isinf(got) and got > 0, (name, v)
            else:
                assert got >= 0 and got == pytest.approx(expected, abs=v.tol(name)), (name, expected, v)
        if "H(p,q)" in v and "H(p)" in v and math.isfinite(v.num("KL(p||q)")):
            assert v.num("H(p,q)") == pytest.approx(v.num("H(p)") + v.num("KL(p||q)"), abs=3 * v.tol("H(p,q)")), v
        return v

    v = check_kl(w.read())
    p, q = dists()
    if abs(kl(p, q) - kl(q, p)) > 0.01:  # KL is not symmetric: the widget must show two different numbers
        assert abs(v.num("KL(p||q)") - v.num("KL(q||p)")) > 0.005, v
    for s in "₁₂₃":  # q := p  →  both divergences vanish
        v = check_kl(w.set(f"q{s}", w.value(f"p{s}")))
    assert v.num("KL(p||q)") == pytest.approx(0, abs=1e-3) and v.num("KL(q||p)") == pytest.approx(0, abs=1e-3), v
    if w.value("p₃") > 0:  # q puts no mass where p does → KL(p||q) = ∞, KL(q||p) stays finite
        v = check_kl(w.set("q₃", 0.0))
        assert math.isinf(v.num("KL(p||q)")) and math.isfinite(v.num("KL(q||p)")), v


@check("10_summary_exercises")
def realsoftmax_lambda(nb: Notebook):
    """λ⁻¹·log Σ exp(λ·o) ≥ max o, and the gap shrinks toward 0 as λ grows (to at most log n / λ)."""
    w = nb.widget_with("λ")

    def check_gap(v: Printed) -> float:
        lam = v.num("lambda")
        assert lam == pytest.approx(w.value("λ"), rel=0.02), v
        gap = v.num("gap")
        assert gap == pytest.approx(v.num("realsoftmax") - v.num("max"), abs=v.tol("gap") + v.tol("realsoftmax")), v
        assert gap >= 0, ("RealSoftMax is never below the max", v)
        return gap

    gap = {"start": check_gap(w.read())}
    gap["small λ"] = check_gap(w.set("λ", 1e-9))  # the slider clamps to its range
    gap["large λ"] = check_gap(w.set("λ", 1e9))
    lam = w.value("λ")
    assert gap["large λ"] < gap["start"] < gap["small λ"], ("the gap must shrink as λ grows", gap)
    assert gap["large λ"] <= math.log(10) / lam + 1e-3, ("gap ≤ log n / λ", gap, lam)
    assert gap["large λ"] < 0.05, ("a large λ brings RealSoftMax to the max", gap)
