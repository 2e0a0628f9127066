"""The live figures' JavaScript formulas (``utils/widgets/formulas.js``, ``shared.js``) against
``utils`` (NumPy).

``formulas.js`` is imported as a real ES module into headless Chromium (the folder is served on
127.0.0.1), every function is evaluated on random and extreme inputs (logits ±1e4 and ±700, T down
to 1e-3, zeros in p or q, one-hot and uniform vectors) and compared with the NumPy reference to 1e-9
relative. Infinities must match exactly (KL and cross-entropy are +inf where q = 0 < p). The number
formatting helpers must print exactly what Python's ``format(x, ".4f")`` / ``".3e"`` prints (the
readouts are compared as text with the notebook's output).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import utils
from bookdev.serve import serve_directory
from utils import calibration, numerics

WIDGETS = Path(utils.__file__).parent / "widgets"
RTOL = 1e-9


@pytest.fixture(scope="module")
def modules_url():
    """The folder of the widget modules, served on 127.0.0.1."""
    with serve_directory(WIDGETS) as url:
        yield url


@pytest.fixture(scope="module")
def js(browser, modules_url):
    """``js(name, *args)`` calls the export ``name`` of ``formulas.js`` or ``shared.js`` in the
    browser. One page per module (per xdist worker): the functions are pure, so the calls of one
    test cannot change what another one sees."""
    context = browser.new_context(viewport={"width": 800, "height": 600})
    page = context.new_page()
    page.goto(modules_url)  # same origin as the modules (module imports need it)
    page.evaluate(
        """async (base) => {
            const formulas = await import(base + "formulas.js");
            const shared = await import(base + "shared.js");
            window.F = { ...formulas, ...shared };
        }""",
        modules_url,
    )

    def call(name, *args):
        return page.evaluate("([name, args]) => window.F[name](...args)", [name, list(args)])

    yield call
    context.close()


def close(actual, expected, rtol=RTOL, atol=0.0):
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    assert a.shape == e.shape
    assert np.array_equal(np.isinf(a), np.isinf(e)) and np.array_equal(
        a[np.isinf(a)], e[np.isinf(e)]
    )
    fin = np.isfinite(e)
    np.testing.assert_allclose(a[fin], e[fin], rtol=rtol, atol=atol)


RNG = np.random.default_rng(20240)

LOGITS = [
    *(RNG.normal(0, 3, size=k).tolist() for k in (2, 3, 5, 10)),
    [1e4, -1e4, 0.0],
    [-1e4, 1e4, 9999.5, -3.0],
    [700.0, -700.0, 699.0],
    [-700.0, -700.0, -700.0],
    [709.0, 0.0, -709.0, 300.0],
    [0.0, 0.0, 0.0, 0.0],  # uniform
    [1.0, 1.001, 0.999],
    [5.0, -5.0],
]
TEMPERATURES = [1e-3, 0.05, 1.0, 7.3, 100.0]


def distributions():
    """Random, with zeros, one-hot and uniform probability vectors."""
    out = [RNG.dirichlet(np.ones(k)).tolist() for k in (2, 3, 5, 10)]
    out += [[0.7, 0.2, 0.1, 0.0], [0.0, 0.5, 0.5, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]
    out += [[0.25] * 4, [1e-300, 1 - 1e-300, 0.0, 0.0], (RNG.dirichlet(np.full(4, 0.05))).tolist()]
    return out


@pytest.mark.parametrize("T", TEMPERATURES)
def test_softmax(js, T):
    for o in LOGITS:
        close(js("softmax", o, T), utils.softmax(np.array(o) / T))


def test_logsumexp(js):
    for o in LOGITS:
        close(js("logsumexp", o), utils.logsumexp(np.array(o)))
        for T in TEMPERATURES:
            s = (np.array(o) / T).tolist()
            close(js("logsumexp", s), utils.logsumexp(np.array(s)))


def test_normalize(js):
    for w in ([2.0, 1.0, 1.0], [0.0, 0.1, 10.0], [7.0, 0.0, 0.0], RNG.uniform(0, 10, 6).tolist()):
        close(js("normalize", w), np.array(w) / np.sum(w))


def test_entropy_nats_and_bits(js):
    for p in distributions():
        close(js("entropy", p), utils.entropy(np.array(p)))
        close(js("entropyBits", p), utils.entropy(np.array(p), base=2))
    assert js("entropy", [1.0, 0.0, 0.0]) == 0.0  # 0·log 0 = 0, and not -0


def test_kl_and_cross_entropy(js):
    ps = distributions()
    pairs = [(p, q) for p in ps for q in ps if len(p) == len(q)]
    assert any(0 in q for _, q in pairs)
    n_inf = 0
    for p, q in pairs:
        pa, qa = np.array(p), np.array(q)
        ref = utils.kl_divergence(pa, qa)
        n_inf += bool(np.isinf(ref))
        close(js("klDivergence", p, q), ref)
        close(js("crossEntropy", p, q), utils.cross_entropy(qa[None], pa[None])[0])
    assert n_inf > 0  # q = 0 < p is among the cases: D = +inf in both
    assert js("klDivergence", [0.2, 0.8], [0.2, 0.8]) == 0.0


@pytest.mark.parametrize("lam", [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0])
def test_realsoftmax_gap(js, lam):
    for o in LOGITS + [[2.0, 1.0], [3.0, 3.0], [1000.0, 999.0]]:
        a = np.array(o)
        g = js("realSoftmaxGap", o, lam)
        # the log1p form: full relative precision even when tiny
        close(g, numerics.realsoftmax_gap(a, lam))
        # the definition, λ⁻¹ logsumexp(λ o) − max o, via utils (cancels where the gap is tiny:
        # absolute check)
        scale = max(1.0, float(np.abs(a).max()))
        definition = utils.logsumexp(lam * (a - a.max())) / lam
        close(g, definition, rtol=0, atol=1e-14 * scale / min(lam, 1))
        real_softmax = utils.logsumexp(lam * a) / lam
        close(js("realSoftmax", o, lam), real_softmax, rtol=RTOL, atol=1e-14 * scale)
        assert 0 <= g <= math.log(len(o)) / lam * (1 + 1e-12)


def test_argmax_first_of_ties(js):
    for v in ([1.0, 3.0, 3.0], [0.0, 0.0], RNG.normal(size=7).tolist()):
        assert js("argmax", v) == int(np.argmax(v))


def calibration_cases():
    n, k = 300, 10
    y = RNG.integers(0, k, n)
    o = RNG.normal(0, 1, (n, k))
    o[np.arange(n), y] += 2.5
    yield (3 * o).tolist(), y.tolist()
    # confidences on bin edges, extremes
    yield [[0.0, 0.0], [math.log(3), 0.0], [0.0, 1e4], [-700.0, 700.0]], [0, 0, 1, 0]
    yield RNG.normal(0, 1e4, (50, 3)).tolist(), RNG.integers(0, 3, 50).tolist()


@pytest.mark.parametrize("T", [1e-3, 0.1, 0.5, 1.0, 2.0, 10.0])
def test_calibration(js, T):
    for o, y in calibration_cases():
        p = utils.softmax(np.array(o) / T, axis=1)
        ref = calibration.reliability_bins(p, y, 10)
        got = js("reliabilityBins", o, y, T, 10)
        np.testing.assert_array_equal(got["count"], ref.count)
        full = ref.count > 0
        close(np.array(got["confidence"])[full], ref.confidence[full])
        close(np.array(got["accuracy"])[full], ref.accuracy[full])
        assert all(
            v is None or math.isnan(v) for v in np.array(got["confidence"], dtype=object)[~full]
        )
        close(
            js("expectedCalibrationError", o, y, T, 10),
            calibration.expected_calibration_error(p, y, 10),
        )
        close(js("negativeLogLikelihood", o, y, T), calibration.nll(o, y, T))
    o, y = next(calibration_cases())
    for bins in (1, 5, 15):
        p = utils.softmax(np.array(o) / T, axis=1)
        close(
            js("expectedCalibrationError", o, y, T, bins),
            calibration.expected_calibration_error(p, y, bins),
        )


FORMAT_VALUES = [
    0.0,
    -0.0,
    1.0,
    0.5,
    0.125,
    0.375,
    2.5,
    3.5,
    0.03125,
    1.0397207708399179,
    0.2312238976221491,
    1e-5,
    -1e-5,
    123456.789,
    0.99995,
    0.00005,
    0.00015,
    1e21 / 3,
    *RNG.normal(0, 2, 20).tolist(),
    *RNG.uniform(0, 1, 20).tolist(),
]


def test_format_fixed_is_pythons(js):
    for d in (0, 1, 2, 3, 4):
        got = [js("formatFixed", v, d) for v in FORMAT_VALUES]
        assert got == [format(v, f".{d}f") for v in FORMAT_VALUES]
    assert [js("formatFixed", v, 4) for v in (math.inf, -math.inf)] == ["inf", "-inf"]


def test_format_exp_is_pythons(js):
    values = [
        3.720075976020836e-46,
        1e-5,
        0.31326168751822286,
        123456.789,
        0.0,
        1e-300,
        2.5e-7,
        *FORMAT_VALUES[:12],
    ]
    assert [js("formatExp", v, 3) for v in values] == [format(v, ".3e") for v in values]
