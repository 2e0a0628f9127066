"""Bad input to :mod:`utils.numerics`: every case raises, and the message names the function, the
argument and the problem.

The checks live in :mod:`utils._validation`; these tests go through the public functions, as a
notebook does.
"""

from __future__ import annotations

import mxnet as mx
import numpy as np
import pytest
from mxnet import nd
from scipy.special import softmax as sp_softmax

from utils import _validation as validation
from utils import numerics as nx

BAD = [
    # non-numeric input
    ("softmax-None", lambda: nx.softmax(None), TypeError, r"softmax: o is None"),
    ("softmax-str", lambda: nx.softmax("1, 2"), TypeError, r"softmax: o is a string"),
    (
        "softmax-strs",
        lambda: nx.softmax(["a", "b"]),
        TypeError,
        r"softmax: .*not an array of real numbers",
    ),
    (
        "softmax-ragged",
        lambda: nx.softmax([[1.0, 2.0], [3.0]]),
        TypeError,
        r"softmax: .*(ragged|rectangular)",
    ),
    ("softmax-bool", lambda: nx.softmax([True, False]), TypeError, r"softmax: o has boolean dtype"),
    ("softmax-complex", lambda: nx.softmax([1j, 2.0]), TypeError, r"softmax: o is complex"),
    (
        "ce-None-labels",
        lambda: nx.cross_entropy([[0.5, 0.5]], None),
        TypeError,
        r"cross_entropy: y is None",
    ),
    ("accuracy-None", lambda: nx.accuracy(None, [0]), TypeError, r"accuracy: y_hat is None"),
    ("accuracy-str", lambda: nx.accuracy("ab", [0]), TypeError, r"accuracy: y_hat is a string"),
    # empty, rank, shape, axis
    ("softmax-empty", lambda: nx.softmax([]), ValueError, r"softmax: o is empty"),
    (
        "softmax-empty-rows",
        lambda: nx.softmax(np.zeros((3, 0))),
        ValueError,
        r"softmax: o is empty",
    ),
    (
        "softmax-0d",
        lambda: nx.softmax(3.0),
        ValueError,
        r"softmax: o must be at least 1-D, got shape \(\)",
    ),
    (
        "softmax-axis",
        lambda: nx.softmax([1.0, 2.0], axis=1),
        ValueError,
        r"softmax: axis 1 is out of range",
    ),
    (
        "softmax-axis-type",
        lambda: nx.softmax([1.0, 2.0], axis=0.0),
        TypeError,
        r"softmax: axis must be an int",
    ),
    (
        "logsumexp-empty",
        lambda: nx.logsumexp(np.empty((0, 3))),
        ValueError,
        r"logsumexp: o is empty",
    ),
    (
        "ce-1d-yhat",
        lambda: nx.cross_entropy([0.2, 0.8], [1]),
        ValueError,
        r"cross_entropy: y_hat must be 2-D",
    ),
    (
        "ce-batch",
        lambda: nx.cross_entropy([[0.2, 0.8]], [0, 1]),
        ValueError,
        r"cross_entropy: y has 2 labels for the 1 rows of y_hat",
    ),
    (
        "ce-dense-shape",
        lambda: nx.cross_entropy([[0.2, 0.8]], [[0.2, 0.3, 0.5]]),
        ValueError,
        r"cross_entropy: y has shape \(1, 3\) but y_hat has shape \(1, 2\)",
    ),
    (
        "ce-column-labels",
        lambda: nx.cross_entropy([[0.2, 0.8], [0.5, 0.5]], [[1], [0]]),
        ValueError,
        r"cross_entropy: .*reshape\(-1\)",
    ),
    (
        "ce-3d-labels",
        lambda: nx.cross_entropy([[0.2, 0.8]], np.zeros((1, 1, 1), int)),
        ValueError,
        r"cross_entropy: y must be a 1-D array of class labels",
    ),
    (
        "ce-from-logits-type",
        lambda: nx.cross_entropy([[0.2, 0.8]], [0], from_logits="yes"),
        TypeError,
        r"cross_entropy: from_logits must be True or False",
    ),
    (
        "accuracy-batch",
        lambda: nx.accuracy([[0.2, 0.8]], [0, 1]),
        ValueError,
        r"accuracy: y has 2 labels for the 1 rows of y_hat",
    ),
    (
        "accuracy-3d",
        lambda: nx.accuracy(np.zeros((2, 2, 2)), [0, 1]),
        ValueError,
        r"accuracy: y_hat must be \(n, q\)",
    ),
    (
        "kl-shapes",
        lambda: nx.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]),
        ValueError,
        r"kl_divergence: p has shape \(2,\) but q has shape \(3,\)",
    ),
    # labels
    (
        "ce-label-float",
        lambda: nx.cross_entropy([[0.2, 0.8]], [1.5]),
        ValueError,
        r"cross_entropy: y has label 1.5 at index 0, which is not an integer",
    ),
    (
        "ce-label-range",
        lambda: nx.cross_entropy([[0.2, 0.8]], [2]),
        ValueError,
        r"cross_entropy: y has label 2, out of range for 2 classes",
    ),
    (
        "ce-label-negative",
        lambda: nx.cross_entropy([[0.2, 0.8]], [-1]),
        ValueError,
        r"cross_entropy: y has a negative label -1",
    ),
    (
        "ce-label-bool",
        lambda: nx.cross_entropy([[0.2, 0.8]], [True]),
        TypeError,
        r"cross_entropy: y has boolean dtype",
    ),
    (
        "ce-label-nan",
        lambda: nx.cross_entropy([[0.2, 0.8]], [np.nan]),
        ValueError,
        r"cross_entropy: y contains nan",
    ),
    (
        "ce-label-str",
        lambda: nx.cross_entropy([[0.2, 0.8]], ["cat"]),
        TypeError,
        r"cross_entropy: y .*must hold integer class labels",
    ),
    (
        "accuracy-label-range",
        lambda: nx.accuracy([[0.2, 0.8]], [5]),
        ValueError,
        r"accuracy: y has label 5, out of range",
    ),
    (
        "accuracy-pred-float",
        lambda: nx.accuracy([0.5], [0]),
        ValueError,
        r"accuracy: y_hat has label 0.5",
    ),
    (
        "one_hot-range",
        lambda: nx.one_hot([0, 3], 3),
        ValueError,
        r"one_hot: labels has label 3, out of range",
    ),
    (
        "one_hot-float",
        lambda: nx.one_hot([0.5], 3),
        ValueError,
        r"one_hot: labels has label 0.5 .* not an integer",
    ),
    ("one_hot-bool", lambda: nx.one_hot(True, 3), TypeError, r"one_hot: labels is a boolean"),
    ("one_hot-None", lambda: nx.one_hot(None, 3), TypeError, r"one_hot: labels is None"),
    (
        "one_hot-zero-classes",
        lambda: nx.one_hot([0], 0),
        ValueError,
        r"one_hot: num_classes must be >= 1, got 0",
    ),
    (
        "one_hot-float-classes",
        lambda: nx.one_hot([0], 3.0),
        TypeError,
        r"one_hot: num_classes must be an int",
    ),
    (
        "one_hot-bool-classes",
        lambda: nx.one_hot([0], True),
        TypeError,
        r"one_hot: num_classes must be an int",
    ),
    ("one_hot-empty", lambda: nx.one_hot([], 3), ValueError, r"one_hot: labels is empty"),
    # non-finite logits
    (
        "softmax-nan",
        lambda: nx.softmax([1.0, np.nan]),
        ValueError,
        r"softmax: o contains nan at index 1",
    ),
    (
        "softmax-inf",
        lambda: nx.softmax([[1.0, np.inf]]),
        ValueError,
        r"softmax: o contains inf at index \(0, 1\)",
    ),
    (
        "softmax-neg-inf",
        lambda: nx.softmax([1.0, -np.inf]),
        ValueError,
        r"softmax: o contains -inf",
    ),
    (
        "log_softmax-nan",
        lambda: nx.log_softmax([np.nan, np.nan]),
        ValueError,
        r"log_softmax: o contains nan",
    ),
    (
        "logsumexp-inf",
        lambda: nx.logsumexp([np.inf, 1.0]),
        ValueError,
        r"logsumexp: o contains inf",
    ),
    (
        "ce-logits-nan",
        lambda: nx.cross_entropy([[np.nan, 1.0]], [0], from_logits=True),
        ValueError,
        r"cross_entropy: y_hat \(logits\) contains nan",
    ),
    (
        "accuracy-nan",
        lambda: nx.accuracy([[np.nan, 1.0]], [0]),
        ValueError,
        r"accuracy: y_hat contains nan",
    ),
    # "probabilities" that are not
    (
        "ce-probs-unnormalised",
        lambda: nx.cross_entropy([[0.2, 0.9]], [0]),
        ValueError,
        r"cross_entropy: y_hat is not normalised: .*sum to 1\.1.*from_logits=True",
    ),
    (
        "ce-probs-negative",
        lambda: nx.cross_entropy([[-0.2, 1.2]], [0]),
        ValueError,
        r"cross_entropy: y_hat has a negative probability -0\.2",
    ),
    (
        "ce-logits-as-probs",
        lambda: nx.cross_entropy([[2.0, -1.0, 0.5]], [0]),
        ValueError,
        r"cross_entropy: y_hat has a negative probability",
    ),
    (
        "ce-dense-unnormalised",
        lambda: nx.cross_entropy([[0.2, 0.8]], [[0.5, 0.6]]),
        ValueError,
        r"cross_entropy: y is not normalised",
    ),
    (
        "ce-probs-nan",
        lambda: nx.cross_entropy([[np.nan, 0.5]], [0]),
        ValueError,
        r"cross_entropy: y_hat contains nan",
    ),
    (
        "entropy-unnormalised",
        lambda: nx.entropy([0.5, 0.6]),
        ValueError,
        r"entropy: p is not normalised",
    ),
    (
        "entropy-negative",
        lambda: nx.entropy([1.5, -0.5]),
        ValueError,
        r"entropy: p has a negative probability",
    ),
    (
        "kl-q-unnormalised",
        lambda: nx.kl_divergence([0.5, 0.5], [0.5, 0.6]),
        ValueError,
        r"kl_divergence: q is not normalised",
    ),
    (
        "entropy-float32-tolerance",
        lambda: nx.entropy(np.array([0.5, 0.5002], np.float32)),
        ValueError,
        r"entropy: p is not normalised: .*tolerance 0\.0001 for float32",
    ),
    # base
    (
        "entropy-base-1",
        lambda: nx.entropy([0.5, 0.5], base=1),
        ValueError,
        r"entropy: base must be positive and not 1",
    ),
    (
        "entropy-base-negative",
        lambda: nx.entropy([0.5, 0.5], base=-2),
        ValueError,
        r"entropy: base must be positive",
    ),
    (
        "kl-base-str",
        lambda: nx.kl_divergence([0.5, 0.5], [0.5, 0.5], base="2"),
        TypeError,
        r"kl_divergence: base must be None",
    ),
    (
        "ce-base-1",
        lambda: nx.cross_entropy([[0.5, 0.5]], [0], base=1),
        ValueError,
        r"cross_entropy: base must be positive and not 1, got 1",
    ),
    (
        "ce-base-str",
        lambda: nx.cross_entropy([[0.5, 0.5]], [0], base="2"),
        TypeError,
        r"cross_entropy: base must be None \(nats\) or a positive number",
    ),
    (
        "ce-base-bool",
        lambda: nx.cross_entropy([[0.5, 0.5]], [0], base=True),
        TypeError,
        r"cross_entropy: base must be None",
    ),
    (
        "ce-base-inf",
        lambda: nx.cross_entropy([[0.5, 0.5]], [0], base=np.inf),
        ValueError,
        r"cross_entropy: base must be positive and not 1, got inf",
    ),
    # realsoftmax_gap
    (
        "gap-lam-zero",
        lambda: nx.realsoftmax_gap([2.0, 1.0], 0.0),
        ValueError,
        r"realsoftmax_gap: lam must be > 0, got 0\.0",
    ),
    (
        "gap-lam-nan",
        lambda: nx.realsoftmax_gap([2.0, 1.0], np.nan),
        ValueError,
        r"realsoftmax_gap: lam must be finite, got nan",
    ),
    (
        "gap-lam-str",
        lambda: nx.realsoftmax_gap([2.0, 1.0], "1"),
        TypeError,
        r"realsoftmax_gap: lam must be a real number, got '1'",
    ),
    (
        "gap-2d",
        lambda: nx.realsoftmax_gap([[2.0, 1.0]], 1.0),
        ValueError,
        r"realsoftmax_gap: logits must be 1-D, got shape \(1, 2\)",
    ),
    (
        "gap-inf",
        lambda: nx.realsoftmax_gap([2.0, np.inf], 1.0),
        ValueError,
        r"realsoftmax_gap: logits contains inf at index 1",
    ),
    (
        "gap-empty",
        lambda: nx.realsoftmax_gap([], 1.0),
        ValueError,
        r"realsoftmax_gap: logits is empty",
    ),
    (
        "gap-None",
        lambda: nx.realsoftmax_gap(None, 1.0),
        TypeError,
        r"realsoftmax_gap: logits is None",
    ),
]


BAD_ND = [
    (
        "softmax-nan",
        lambda: nx.softmax(nd.array([[1.0, np.nan]])),
        ValueError,
        r"softmax: o contains nan",
    ),
    (
        "ce-logits-inf",
        lambda: nx.cross_entropy(nd.array([[np.inf, 1.0]]), nd.array([0]), from_logits=True),
        ValueError,
        r"cross_entropy: y_hat \(logits\) contains inf",
    ),
    (
        "ce-label-float",
        lambda: nx.cross_entropy(nd.array([[0.0, 1.0]]), nd.array([0.5]), from_logits=True),
        ValueError,
        r"cross_entropy: y has label 0.5",
    ),
    (
        "ce-label-range",
        lambda: nx.cross_entropy(nd.array([[0.0, 1.0]]), nd.array([2]), from_logits=True),
        ValueError,
        r"cross_entropy: y has label 2, out of range for 2 classes",
    ),
    (
        "ce-batch",
        lambda: nx.cross_entropy(nd.array([[0.0, 1.0]]), nd.array([0, 1]), from_logits=True),
        ValueError,
        r"cross_entropy: y has 2 labels for the 1 rows of y_hat",
    ),
    (
        "ce-1d",
        lambda: nx.cross_entropy(nd.array([0.0, 1.0]), nd.array([0]), from_logits=True),
        ValueError,
        r"cross_entropy: y_hat must be 2-D",
    ),
    (
        "ce-probs-unnormalised",
        lambda: nx.cross_entropy(nd.array([[0.5, 0.6]]), nd.array([0])),
        ValueError,
        r"cross_entropy: y_hat is not normalised",
    ),
    (
        "one_hot-range",
        lambda: nx.one_hot(nd.array([3]), 3),
        ValueError,
        r"one_hot: labels has label 3",
    ),
    (
        "accuracy-nan",
        lambda: nx.accuracy(nd.array([[np.nan, 1.0]]), nd.array([0])),
        ValueError,
        r"accuracy: y_hat contains nan",
    ),
    (
        "entropy-negative",
        lambda: nx.entropy(nd.array([1.5, -0.5])),
        ValueError,
        r"entropy: p has a negative",
    ),
    (
        "mx-numpy",
        lambda: nx.softmax(mx.np.array([1.0, 2.0])),
        TypeError,
        r"softmax: o is an mxnet.numpy ndarray",
    ),
    (
        "bool-ndarray",
        lambda: nx.softmax(nd.array([1, 0], dtype="bool")),
        TypeError,
        r"softmax: o has boolean dtype",
    ),
]


@pytest.mark.parametrize(
    ("call", "exc", "pattern"),
    [b[1:] for b in BAD + BAD_ND],
    ids=[b[0] for b in BAD] + [f"ndarray-{b[0]}" for b in BAD_ND],
)
def test_bad_input_raises_a_named_error(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_ndarray_values_are_always_checked():
    # there is no switch to turn the value checks of NDArray outputs off: NaN never reaches a loss
    # silently
    with pytest.raises(
        ValueError, match=r"cross_entropy: y_hat \(logits\) contains nan at index \(0, 0\)"
    ):
        nx.cross_entropy(nd.array([[np.nan, 1.0]]), nd.array([0]), from_logits=True)
    with pytest.raises(ValueError, match=r"kl_divergence: q has a negative probability"):
        nx.kl_divergence(nd.array([0.5, 0.5]), nd.array([1.5, -0.5]))


def test_probability_tolerance_accepts_rounding_but_not_sloppiness():
    # float32 softmax output sums to 1 only up to rounding: must be accepted
    p32 = sp_softmax(np.random.default_rng(0).normal(size=(64, 1000)), axis=1).astype(np.float32)
    assert np.isfinite(nx.entropy(p32)).all()
    assert np.isfinite(nx.cross_entropy(p32, np.zeros(64, int))).all()
    # 1/3 typed by hand is fine in float64; a 1e-3 slip is not
    assert nx.entropy([1 / 3, 1 / 3, 1 / 3]) == pytest.approx(np.log(3))
    with pytest.raises(ValueError, match="not normalised"):
        nx.entropy([0.333, 0.333, 0.333])


@pytest.mark.parametrize(
    ("labels", "pattern"),
    [
        ([0.0, np.inf], r"cross_entropy: y contains inf at index 1"),
        ([0.0, -np.inf], r"cross_entropy: y contains -inf at index 1"),
        ([1.0, -0.5], r"cross_entropy: y has label -0.5 at index 1, which is not an integer"),
        ([1.0, 1e30], r"cross_entropy: y has label 1\d{30}, out of range for 3 classes"),
        ([1.0, -1e30], r"cross_entropy: y has a negative label"),
        ([1.0, -1.0], r"cross_entropy: y has a negative label -1"),
    ],
)
@pytest.mark.parametrize("kind", ["numpy", "ndarray"])
def test_float_labels_fast_path_still_diagnoses_every_bad_label(labels, pattern, kind):
    # _validation validates float labels by one int64 round trip; values that do not survive it
    # (inf, fractions, huge numbers) must still get the precise message of the slow path
    y = np.array(labels, dtype=np.float32 if kind == "ndarray" else np.float64)
    y = nd.array(y) if kind == "ndarray" else y
    o = np.zeros((2, 3), np.float32)
    with pytest.raises(ValueError, match=pattern):
        nx.cross_entropy(nd.array(o) if kind == "ndarray" else o, y, from_logits=True)


# both sides of _validation.ELEMENTWISE_LIMIT (elementwise / sum-first)
@pytest.mark.parametrize("size", [10, validation.ELEMENTWISE_LIMIT + 1])
def test_check_finite_small_and_large_arrays(size):
    o = np.zeros((1, size), np.float32)
    assert np.isfinite(nx.log_softmax(o)).all()
    # finite, but its sum overflows: must not be reported
    big = np.full((1, size), 3e38, np.float32)
    assert np.isfinite(nx.logsumexp(big)).all()
    for bad, text in ((np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")):
        o[0, size - 1] = bad
        with pytest.raises(
            ValueError, match=rf"log_softmax: o contains {text} at index \(0, {size - 1}\)"
        ):
            nx.log_softmax(o)
