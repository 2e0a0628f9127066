"""Per-notebook checks in JupyterLab: moving a widget's control changes the printed numbers as the math says.

Each check is registered for a notebook stem with ``@check("NN_name")`` and receives the open :class:`Notebook`
after all its cells ran; it finds its widget by slider labels and reads the ``name = value`` lines it prints
(the print contract: ``CONTRIBUTING.md``). A notebook without a registered check still gets the generic checks of
``test_jupyterlab.py`` (no errors, every widget drawn, every slider changes the output).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from .lab_page import Notebook, Printed


def _softmax(o: np.ndarray) -> np.ndarray:
    e = np.exp(o - o.max())
    return e / e.sum()


WIDGET_CHECKS: dict[str, list] = {}


def check(stem: str):
    def register(fn):
        WIDGET_CHECKS.setdefault(stem, []).append(fn)
        return fn

    return register


@check("04_softmax")
def softmax_logits_and_temperature(nb: Notebook):
    """p = softmax(o / T); raising o₁ raises p₁; a large T flattens p, a small T sharpens it."""
    w = nb.widget_with("o₁", "o₂", "o₃", "T")

    def check_p(v: Printed) -> np.ndarray:
        p = v.vec("p")
        o = np.array([w.value(label) for label in ("o₁", "o₂", "o₃")])
        t = w.value("T")
        assert v.num("T") == pytest.approx(t, rel=0.02, abs=v.tol("T")), v
        assert p.shape == (3,) and abs(p.sum() - 1) <= 3 * v.tol("p"), v
        # the slider readouts are rounded, so compare loosely; the direction checks below are exact
        assert np.allclose(p, _softmax(o / t), atol=v.tol("p") + 0.02), (v, o, t, _softmax(o / t))
        return p

    p0 = check_p(w.read())
    lo, hi = w.bounds("o₁")
    p1 = check_p(w.set("o₁", min(w.value("o₁") + (hi - lo) / 4, hi)))
    assert p1[0] > p0[0] and p1[1] < p0[1] and p1[2] < p0[2], ("raising o₁ must raise p₁ only", p0, p1)
    p2 = check_p(w.set("o₁", lo))
    assert p2[0] < p1[0], ("lowering o₁ must lower p₁", p1, p2)

    spread = {}
    for name, target in (("small T", 1e-9), ("T = 1", 1.0), ("large T", 1e9)):  # the slider clamps to its range
        p = check_p(w.set("T", target) if w.value("T") != target else w.read())
        spread[name] = p.max() - p.min()
    assert spread["large T"] < spread["T = 1"] < spread["small T"], ("T must flatten p as it grows", spread)
    assert spread["large T"] < 0.1, ("a large temperature must make p nearly uniform", spread)
    assert spread["small T"] > 0.9, ("a small temperature must make p nearly one-hot", spread)


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
