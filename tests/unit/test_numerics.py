"""Tests of :mod:`utils.numerics`: the chapter's identities as properties, finiteness for huge logits,
agreement with MXNet's own operators, return kinds/dtypes, and one named error for every kind of bad input.

Every reference value is computed independently (SciPy, MXNet, or a formula written out here), never by calling
the function under test a second time.
"""

from __future__ import annotations

import subprocess
import sys

import mxnet as mx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from mxnet import autograd, gluon, nd
from scipy.special import log_softmax as sp_log_softmax
from scipy.special import logsumexp as sp_logsumexp
from scipy.special import softmax as sp_softmax

import utils
from utils import numerics
from utils.numerics import (
    accuracy,
    cross_entropy,
    entropy,
    kl_divergence,
    log_softmax,
    logsumexp,
    one_hot,
    softmax,
)

# ----------------------------------------------------------------------------------------------------------------
# strategies
# ----------------------------------------------------------------------------------------------------------------

# Examples per property (derandomized by the profile in conftest.py); 60 keeps the file well under 20 s.
EXAMPLES = 60
SHAPES = hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=8)


def logits(dtype=np.float64, bound=50.0):
    width = 32 if dtype == np.float32 else 64
    bound = float(np.float32(bound)) if width == 32 else bound  # hypothesis wants bounds exact in float32
    return hnp.arrays(dtype, SHAPES, elements=st.floats(-bound, bound, width=width))


@st.composite
def logits_and_labels(draw, dtype=np.float64, bound=50.0):
    o = draw(logits(dtype, bound))
    y = draw(hnp.arrays(np.int64, o.shape[0], elements=st.integers(0, o.shape[1] - 1)))
    return o, y


@st.composite
def prob_rows(draw, shape=None, min_value=0.0):
    """Probability rows (float64): non-negative weights normalised in float64, possibly with exact zeros."""
    if shape is None:
        shape = draw(SHAPES)
    w = draw(hnp.arrays(np.float64, shape, elements=st.floats(min_value, 1.0)))
    w[:, 0] += 1e-3  # every row has some mass
    return w / w.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------------------------------------------------------
# softmax family: the chapter's identities
# ----------------------------------------------------------------------------------------------------------------


@settings(max_examples=EXAMPLES)
@given(logits(np.float64, bound=1e4))
def test_softmax_rows_are_probability_vectors(o):
    p = softmax(o)
    assert p.shape == o.shape and p.dtype == np.float64
    assert np.all(p >= 0) and np.all(p <= 1)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@settings(max_examples=EXAMPLES)
@given(logits(np.float32, bound=1e30))
def test_softmax_float32_rows_sum_to_one_even_for_huge_logits(o):
    p = softmax(o)
    assert p.dtype == np.float32 and np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-5)


@settings(max_examples=EXAMPLES)
@given(logits(np.float64), st.floats(-100, 100))
def test_softmax_is_shift_invariant(o, c):
    np.testing.assert_allclose(softmax(o + c), softmax(o), rtol=1e-9, atol=1e-12)


@settings(max_examples=EXAMPLES)
@given(logits(np.float64, bound=1e4))
def test_softmax_keeps_the_largest_logit_most_probable(o):
    p = softmax(o)
    top = o.argmax(axis=1)
    np.testing.assert_array_equal(p[np.arange(len(p)), top], p.max(axis=1))


@settings(max_examples=EXAMPLES)
@given(logits(np.float64))
def test_softmax_family_matches_scipy(o):
    np.testing.assert_allclose(softmax(o), sp_softmax(o, axis=-1), rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(log_softmax(o), sp_log_softmax(o, axis=-1), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(logsumexp(o), sp_logsumexp(o, axis=-1), rtol=1e-12, atol=1e-15)


@settings(max_examples=EXAMPLES)
@given(logits(np.float64))
def test_log_softmax_is_o_minus_logsumexp_and_logsumexp_is_bounded(o):
    lse = logsumexp(o, axis=1)
    np.testing.assert_allclose(log_softmax(o), o - lse[:, None], rtol=1e-12, atol=1e-9)
    q = o.shape[1]
    assert np.all(lse >= o.max(axis=1) - 1e-9) and np.all(lse <= o.max(axis=1) + np.log(q) + 1e-9)


def test_axis_argument_reduces_the_right_axis():
    o = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(softmax(o, axis=0), sp_softmax(o, axis=0))
    np.testing.assert_allclose(log_softmax(o, axis=0), sp_log_softmax(o, axis=0))
    np.testing.assert_allclose(logsumexp(o, axis=0), sp_logsumexp(o, axis=0))
    np.testing.assert_allclose(logsumexp(o, axis=-1), [np.log(np.e + np.e**2), np.log(np.e**3 + np.e**5)])


def test_source_example_softmax_values():
    # o = (0.1, 10, 0.1): class index 1 (닭) gets almost all the mass
    p = softmax([0.1, 10.0, 0.1])
    e = np.exp([0.1, 10.0, 0.1])
    np.testing.assert_allclose(p, e / e.sum(), rtol=1e-14)
    assert p.argmax() == 1


# ----------------------------------------------------------------------------------------------------------------
# finiteness for huge logits
# ----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "big"), [(np.float64, 1e4), (np.float64, 1e300), (np.float32, 1e4), (np.float32, 1e30)]
)
@pytest.mark.parametrize("kind", ["numpy", "ndarray"])
def test_huge_logits_stay_finite_and_exact(dtype, big, kind):
    o_np = np.array([[big, -big, 0.0], [-big, -big, big]], dtype=dtype)
    y_np = np.array([1, 2])
    o = nd.array(o_np, dtype=dtype) if kind == "ndarray" else o_np
    y = nd.array(y_np) if kind == "ndarray" else y_np
    as_np = (lambda a: a.asnumpy()) if kind == "ndarray" else np.asarray
    p = as_np(softmax(o))
    np.testing.assert_array_equal(p, [[1, 0, 0], [0, 0, 1]])
    for out in (log_softmax(o), logsumexp(o), cross_entropy(o, y, from_logits=True)):
        out = as_np(out)
        assert out.dtype == dtype and np.isfinite(out).all()
    # exact values: log_softmax(o)_j = o_j − max o here (the other terms vanish), CE = max o − o_y
    np.testing.assert_allclose(as_np(logsumexp(o)), [big, big], rtol=1e-6)
    np.testing.assert_allclose(as_np(cross_entropy(o, y, from_logits=True)), [2 * big, 0.0], rtol=1e-6, atol=1e-6)


def test_naive_formula_would_overflow_where_ours_does_not():
    o = np.array([[1000.0, 0.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(o) / np.exp(o).sum()
    assert np.isnan(naive).any()  # the reason for the max shift
    np.testing.assert_allclose(softmax(o), [[1.0, np.exp(-1000.0)]])
    np.testing.assert_allclose(log_softmax(o), [[0.0, -1000.0]])


# ----------------------------------------------------------------------------------------------------------------
# cross-entropy
# ----------------------------------------------------------------------------------------------------------------


@settings(max_examples=EXAMPLES)
@given(logits_and_labels(np.float64, bound=1e4))
def test_cross_entropy_from_logits_is_logsumexp_minus_true_logit(data):
    o, y = data
    ce = cross_entropy(o, y, from_logits=True)
    ref = sp_logsumexp(o, axis=1) - o[np.arange(len(y)), y]
    assert ce.shape == y.shape and np.isfinite(ce).all() and np.all(ce >= -1e-9)
    np.testing.assert_allclose(ce, ref, rtol=1e-12, atol=1e-9)


@settings(max_examples=EXAMPLES)
@given(logits_and_labels(np.float64, bound=20.0))
def test_cross_entropy_from_probabilities_matches_from_logits(data):
    o, y = data
    p = sp_softmax(o, axis=1)
    np.testing.assert_allclose(cross_entropy(p, y), cross_entropy(o, y, from_logits=True), rtol=1e-9, atol=1e-9)
    # dense one-hot labels give the same loss as integer labels
    np.testing.assert_allclose(cross_entropy(p, np.eye(o.shape[1])[y]), -np.log(p[np.arange(len(y)), y]), rtol=1e-12)


def test_cross_entropy_source_example():
    # ŷ = (0.1, 0.8, 0.1), y = 닭 (index 1): ℓ = −log 0.8
    assert cross_entropy([[0.1, 0.8, 0.1]], [1])[0] == pytest.approx(-np.log(0.8), rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_from_probabilities_on_ndarrays(dtype):
    p = np.array([[0.1, 0.8, 0.1], [0.25, 0.25, 0.5], [1.0, 0.0, 0.0]], dtype=dtype)
    y = np.array([1, 2, 1])
    expected = [-np.log(0.8), -np.log(0.5), np.inf]
    sparse = cross_entropy(nd.array(p, dtype=dtype), nd.array(y))
    dense = cross_entropy(nd.array(p, dtype=dtype), nd.array(np.eye(3)[y], dtype=dtype))
    for out in (sparse, dense):
        assert isinstance(out, nd.NDArray) and out.dtype == dtype
        np.testing.assert_allclose(out.asnumpy(), expected, rtol=1e-6)


def test_a_perfect_prediction_has_loss_plus_zero_not_minus_zero():
    for out in (
        cross_entropy([[1.0, 0.0]], [0]),
        cross_entropy([[1.0, 0.0]], [[1.0, 0.0]]),
        cross_entropy([[0.0, -1e4]], [0], from_logits=True),
        cross_entropy(nd.array([[1.0, 0.0]]), nd.array([0])).asnumpy(),
        cross_entropy(nd.array([[1.0, 0.0]]), nd.array([[1.0, 0.0]])).asnumpy(),
        cross_entropy(nd.array([[0.0, -1e4]]), nd.array([0]), from_logits=True).asnumpy(),
    ):
        assert out[0] == 0.0 and not np.signbit(out[0])  # "-0." in a notebook would puzzle a reader


def test_cross_entropy_of_an_exact_zero_probability_is_inf_not_nan():
    ce = cross_entropy(np.array([[1.0, 0.0], [0.5, 0.5]]), [1, 0])
    assert ce[0] == np.inf and ce[1] == pytest.approx(np.log(2))
    # dense labels: 0·log 0 = 0, but p > 0 where ŷ = 0 is +inf
    ce = cross_entropy([[1.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [0.5, 0.5]])
    assert ce[0] == 0.0 and ce[1] == np.inf
    ce_nd = cross_entropy(nd.array([[1.0, 0.0]]), nd.array([[1.0, 0.0]])).asnumpy()
    assert ce_nd[0] == 0.0


@settings(max_examples=EXAMPLES)
@given(logits_and_labels(np.float32, bound=30.0), st.booleans())
def test_cross_entropy_gradient_is_softmax_minus_onehot(data, dense):
    o_np, y_np = data
    o = nd.array(o_np)
    o.attach_grad()
    q = o_np.shape[1]
    y = nd.array(np.eye(q, dtype=np.float32)[y_np]) if dense else nd.array(y_np)
    with autograd.record():
        loss = cross_entropy(o, y, from_logits=True)
    loss.backward()
    expected = sp_softmax(o_np.astype(np.float64), axis=1) - np.eye(q)[y_np]
    np.testing.assert_allclose(o.grad.asnumpy(), expected, atol=2e-6)
    np.testing.assert_allclose(loss.asnumpy(), sp_logsumexp(o_np, axis=1) - o_np[np.arange(len(y_np)), y_np],
                               rtol=1e-5, atol=1e-5)


@settings(max_examples=EXAMPLES)
@given(prob_rows(), st.data())
def test_cross_entropy_gradient_with_soft_labels(t, data):
    o_np = data.draw(hnp.arrays(np.float64, t.shape, elements=st.floats(-20, 20)))
    o = nd.array(o_np, dtype="float64")
    o.attach_grad()
    with autograd.record():
        loss = cross_entropy(o, nd.array(t, dtype="float64"), from_logits=True)
    loss.backward()
    # ∂/∂o of −Σ t log softmax(o) = softmax(o) − t when Σ t = 1
    np.testing.assert_allclose(o.grad.asnumpy(), sp_softmax(o_np, axis=1) - t, atol=1e-9)


def test_training_step_through_a_gluon_layer_is_differentiable():
    mx.random.seed(0)
    net = gluon.nn.Dense(3)
    net.initialize()
    X = nd.array(np.random.default_rng(0).normal(size=(5, 4)))
    y = nd.array([0, 1, 2, 1, 0])
    with autograd.record():
        loss = cross_entropy(net(X), y, from_logits=True)
    loss.backward()
    o = net(X).asnumpy()
    dO = (sp_softmax(o, axis=1) - np.eye(3)[y.asnumpy().astype(int)])
    np.testing.assert_allclose(net.weight.grad().asnumpy(), dO.T @ X.asnumpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(net.bias.grad().asnumpy(), dO.sum(axis=0), rtol=1e-4, atol=1e-5)


# ----------------------------------------------------------------------------------------------------------------
# agreement with MXNet's own operators
# ----------------------------------------------------------------------------------------------------------------


@settings(max_examples=EXAMPLES)
@given(logits_and_labels(np.float32, bound=30.0))
def test_agrees_with_mxnet_softmax_log_softmax_and_gluon_loss(data):
    o_np, y_np = data
    o = nd.array(o_np)
    np.testing.assert_allclose(softmax(o_np), nd.softmax(o).asnumpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(log_softmax(o_np), nd.log_softmax(o).asnumpy(), rtol=1e-5, atol=1e-5)
    gluon_sparse = gluon.loss.SoftmaxCrossEntropyLoss()(o, nd.array(y_np)).asnumpy()
    np.testing.assert_allclose(cross_entropy(o_np, y_np, from_logits=True), gluon_sparse, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(cross_entropy(o, nd.array(y_np), from_logits=True).asnumpy(), gluon_sparse,
                               rtol=1e-5, atol=1e-5)


@settings(max_examples=EXAMPLES)
@given(prob_rows(), st.data())
def test_agrees_with_gluon_loss_for_dense_probability_labels(t, data):
    o_np = data.draw(hnp.arrays(np.float64, t.shape, elements=st.floats(-30, 30)))
    gluon_dense = gluon.loss.SoftmaxCrossEntropyLoss(sparse_label=False)(
        nd.array(o_np, dtype="float64"), nd.array(t, dtype="float64")
    ).asnumpy()
    np.testing.assert_allclose(cross_entropy(o_np, t, from_logits=True), gluon_dense, rtol=1e-9, atol=1e-9)


# ----------------------------------------------------------------------------------------------------------------
# information theory
# ----------------------------------------------------------------------------------------------------------------


@settings(max_examples=EXAMPLES)
@given(prob_rows(), st.data())
def test_kl_is_nonnegative_and_zero_only_for_equal_distributions(p, data):
    q = data.draw(prob_rows(shape=p.shape))
    d = kl_divergence(p, q)
    assert d.shape == (p.shape[0],) and np.all(d >= 0)
    np.testing.assert_array_equal(kl_divergence(p, p), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ref = np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - np.log(q)), 0).sum(axis=1)
    np.testing.assert_allclose(d, ref, rtol=1e-9, atol=1e-12)


@settings(max_examples=EXAMPLES)
@given(prob_rows(), st.data())
def test_cross_entropy_is_entropy_plus_kl(p, data):
    q = data.draw(prob_rows(shape=p.shape, min_value=1e-3))  # q > 0 everywhere, so everything is finite
    np.testing.assert_allclose(cross_entropy(q, p), entropy(p) + kl_divergence(p, q), rtol=1e-9, atol=1e-12)


@settings(max_examples=EXAMPLES)
@given(prob_rows())
def test_entropy_in_bits_is_nats_over_ln2_and_bounded_by_log_q(p):
    h = entropy(p)
    np.testing.assert_allclose(entropy(p, base=2), h / np.log(2), rtol=1e-12)
    assert np.all(h >= 0) and np.all(h <= np.log(p.shape[1]) + 1e-12)
    ref = -np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0).sum(axis=1)
    np.testing.assert_allclose(h, ref, rtol=1e-12, atol=1e-15)


def test_entropy_and_kl_known_values_and_conventions():
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert entropy([0.25] * 4, base=2) == pytest.approx(2.0)
    assert entropy([1.0, 0.0]) == 0.0  # 0·log 0 = 0, and not −0.0
    assert np.signbit(entropy([1.0, 0.0])) == np.False_
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf  # q = 0 < p
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2))  # p = 0 terms vanish
    assert kl_divergence([1.0, 0.0], [0.5, 0.5], base=2) == pytest.approx(1.0)
    # along another axis: columns are distributions
    cols = np.array([[0.5, 1.0], [0.5, 0.0]])
    np.testing.assert_allclose(entropy(cols, axis=0), [np.log(2), 0.0])


def test_entropy_and_kl_on_ndarrays():
    p = nd.array([[0.5, 0.5], [1.0, 0.0]])
    q = nd.array([[0.25, 0.75], [0.5, 0.5]])
    h = entropy(p, base=2)
    assert isinstance(h, nd.NDArray)
    np.testing.assert_allclose(h.asnumpy(), [1.0, 0.0], atol=1e-7)
    assert not np.signbit(h.asnumpy()).any()
    d = kl_divergence(p, q).asnumpy()
    np.testing.assert_allclose(d, [0.5 * np.log(2) + 0.5 * np.log(2 / 3), np.log(2)], rtol=1e-6)
    assert kl_divergence(nd.array([0.5, 0.5]), nd.array([1.0, 0.0])).asnumpy()[0] == np.inf


# ----------------------------------------------------------------------------------------------------------------
# one_hot and accuracy
# ----------------------------------------------------------------------------------------------------------------


def test_one_hot_values_kinds_and_book_class_order():
    # index 0 = 고양이 → (1,0,0), 1 = 닭 → (0,1,0), 2 = 강아지 → (0,0,1)
    oh = one_hot([0, 1, 2, 1], 3)
    assert isinstance(oh, np.ndarray) and oh.dtype == np.float32
    np.testing.assert_array_equal(oh, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]])
    assert one_hot(np.array([[0, 1], [1, 1]]), 2).shape == (2, 2, 2)
    assert one_hot(2, 3).tolist() == [0, 0, 1]
    oh_nd = one_hot(nd.array([2, 0]), 3)
    assert isinstance(oh_nd, nd.NDArray) and oh_nd.dtype == np.float32
    np.testing.assert_array_equal(oh_nd.asnumpy(), [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(one_hot(np.array([1.0, 0.0], dtype=np.float32), 2), [[0, 1], [1, 0]])


@settings(max_examples=EXAMPLES)
@given(logits_and_labels(np.float64, bound=5.0))
def test_accuracy_is_the_fraction_of_argmax_hits(data):
    o, y = data
    o = np.round(o)  # ties happen; the first maximal index is the prediction, as in argmax
    expected = sum(int(np.argmax(row) == label) for row, label in zip(o, y)) / len(y)
    assert accuracy(o, y) == expected
    assert accuracy(nd.array(o, dtype="float64"), nd.array(y)) == expected


def test_accuracy_from_scores_and_from_predicted_labels():
    scores = np.array([[0.1, 0.8, 0.1], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.0, 0.4, 0.6]])
    y = [1, 0, 1, 2]
    acc = accuracy(scores, y)
    assert type(acc) is float and acc == 0.75
    assert accuracy([1, 0, 2, 2], y) == 0.75
    assert type(accuracy(nd.array(scores), nd.array(y))) is float
    assert accuracy(nd.array(scores), nd.array(y)) == 0.75
    assert accuracy(scores, nd.array(y)) == 0.75
    assert accuracy(nd.array([1, 0, 2, 2]), np.array(y)) == 0.75


# ----------------------------------------------------------------------------------------------------------------
# return kinds and dtypes
# ----------------------------------------------------------------------------------------------------------------

O = [[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]]
P = [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]
Y = [1, 2]

CALLS = {
    "softmax": (lambda a, t: softmax(a), (2, 3)),
    "log_softmax": (lambda a, t: log_softmax(a), (2, 3)),
    "logsumexp": (lambda a, t: logsumexp(a), (2,)),
    "cross_entropy(logits)": (lambda a, t: cross_entropy(a, t(Y), from_logits=True), (2,)),
    "cross_entropy(probs)": (lambda a, t: cross_entropy(a, t(Y)), (2,)),
    "entropy": (lambda a, t: entropy(a), (2,)),
    "kl_divergence": (lambda a, t: kl_divergence(a, a), (2,)),
}


def _make(kind, dtype, data):
    if kind == "list":
        return data
    if kind == "numpy":
        return np.array(data, dtype=dtype)
    return nd.array(data, dtype=dtype)


@pytest.mark.parametrize("name", list(CALLS))
@pytest.mark.parametrize(
    ("kind", "dtype"), [("list", None), ("numpy", np.float32), ("numpy", np.float64),
                        ("ndarray", np.float32), ("ndarray", np.float64)]
)
def test_return_kind_dtype_and_shape(name, kind, dtype):
    fn, shape = CALLS[name]
    data = P if name in ("cross_entropy(probs)", "entropy", "kl_divergence") else O
    a = _make(kind, dtype, data)

    def labels(values):  # integer labels in the same kind as the input (MXNet pipelines give float32 labels)
        return _make(kind, np.int64 if kind == "numpy" else np.float32, values)

    out = fn(a, labels)
    expected_dtype = np.float64 if dtype is None else dtype
    if kind == "ndarray":
        assert isinstance(out, nd.NDArray)
        out_np = out.asnumpy()
    else:
        assert isinstance(out, np.ndarray)
        out_np = out
    assert out_np.dtype == expected_dtype and out_np.shape == shape and np.isfinite(out_np).all()


def test_integer_input_is_promoted_to_float():
    assert softmax([1, 2, 3]).dtype == np.float64
    assert softmax(np.array([[1, 2]], dtype=np.int32)).dtype == np.float64
    assert softmax(nd.array([[1, 2]], dtype="int32")).dtype == np.float32


def test_scalar_results_for_one_dimensional_numpy_input():
    assert np.ndim(logsumexp([0.0, 0.0])) == 0 and logsumexp([0.0, 0.0]) == pytest.approx(np.log(2))
    assert np.ndim(entropy([0.5, 0.5])) == 0
    assert np.ndim(kl_divergence([0.5, 0.5], [0.5, 0.5])) == 0


def test_mixed_kinds_follow_y_hat():
    o = np.array(O)
    out = cross_entropy(o, nd.array(Y), from_logits=True)
    assert isinstance(out, np.ndarray)
    out_nd = cross_entropy(nd.array(O, dtype="float64"), np.array(Y), from_logits=True)
    assert isinstance(out_nd, nd.NDArray)
    np.testing.assert_allclose(out_nd.asnumpy(), out, rtol=1e-12)
    out_nd = cross_entropy(nd.array(O, dtype="float64"), np.eye(3)[Y], from_logits=True)
    np.testing.assert_allclose(out_nd.asnumpy(), out, rtol=1e-12)


def test_numpy_only_use_does_not_import_mxnet():
    code = "import sys, utils; utils.softmax([1.0, 2.0]); utils.cross_entropy([[0.5, 0.5]], [0]); " \
           "print('mxnet' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    assert out.stdout.strip() == "False"


def test_utils_reexports_the_numerics_api():
    for name in ("softmax", "log_softmax", "logsumexp", "one_hot", "cross_entropy", "entropy", "kl_divergence",
                 "accuracy"):
        assert getattr(utils, name) is getattr(numerics, name)


# ----------------------------------------------------------------------------------------------------------------
# bad input: every case raises, and the message names the function and the problem
# ----------------------------------------------------------------------------------------------------------------

BAD = [
    # non-numeric input
    ("softmax-None", lambda: softmax(None), TypeError, r"softmax: o is None"),
    ("softmax-str", lambda: softmax("1, 2"), TypeError, r"softmax: o is a string"),
    ("softmax-strs", lambda: softmax(["a", "b"]), TypeError, r"softmax: .*not an array of real numbers"),
    ("softmax-ragged", lambda: softmax([[1.0, 2.0], [3.0]]), TypeError, r"softmax: .*(ragged|rectangular)"),
    ("softmax-bool", lambda: softmax([True, False]), TypeError, r"softmax: o has boolean dtype"),
    ("softmax-complex", lambda: softmax([1j, 2.0]), TypeError, r"softmax: o is complex"),
    ("ce-None-labels", lambda: cross_entropy([[0.5, 0.5]], None), TypeError, r"cross_entropy: y is None"),
    ("accuracy-None", lambda: accuracy(None, [0]), TypeError, r"accuracy: y_hat is None"),
    ("accuracy-str", lambda: accuracy("ab", [0]), TypeError, r"accuracy: y_hat is a string"),
    # empty, rank, shape, axis
    ("softmax-empty", lambda: softmax([]), ValueError, r"softmax: o is empty"),
    ("softmax-empty-rows", lambda: softmax(np.zeros((3, 0))), ValueError, r"softmax: o is empty"),
    ("softmax-0d", lambda: softmax(3.0), ValueError, r"softmax: o must have at least 1 dimension"),
    ("softmax-axis", lambda: softmax([1.0, 2.0], axis=1), ValueError, r"softmax: axis 1 is out of range"),
    ("softmax-axis-type", lambda: softmax([1.0, 2.0], axis=0.0), TypeError, r"softmax: axis must be an int"),
    ("logsumexp-empty", lambda: logsumexp(np.empty((0, 3))), ValueError, r"logsumexp: o is empty"),
    ("ce-1d-yhat", lambda: cross_entropy([0.2, 0.8], [1]), ValueError, r"cross_entropy: y_hat must be 2-D"),
    ("ce-batch", lambda: cross_entropy([[0.2, 0.8]], [0, 1]), ValueError,
     r"cross_entropy: batch sizes differ: y_hat has 1 rows but y has 2"),
    ("ce-dense-shape", lambda: cross_entropy([[0.2, 0.8]], [[0.2, 0.3, 0.5]]), ValueError,
     r"cross_entropy: y has shape \(1, 3\) but y_hat has shape \(1, 2\)"),
    ("ce-column-labels", lambda: cross_entropy([[0.2, 0.8], [0.5, 0.5]], [[1], [0]]), ValueError,
     r"cross_entropy: .*reshape\(-1\)"),
    ("ce-3d-labels", lambda: cross_entropy([[0.2, 0.8]], np.zeros((1, 1, 1), int)), ValueError,
     r"cross_entropy: y must be a 1-D array of class labels"),
    ("ce-from-logits-type", lambda: cross_entropy([[0.2, 0.8]], [0], from_logits="yes"), TypeError,
     r"cross_entropy: from_logits must be True or False"),
    ("accuracy-batch", lambda: accuracy([[0.2, 0.8]], [0, 1]), ValueError, r"accuracy: batch sizes differ"),
    ("accuracy-3d", lambda: accuracy(np.zeros((2, 2, 2)), [0, 1]), ValueError, r"accuracy: y_hat must be \(n, q\)"),
    ("kl-shapes", lambda: kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), ValueError,
     r"kl_divergence: p has shape \(2,\) but q has shape \(3,\)"),
    # labels
    ("ce-label-float", lambda: cross_entropy([[0.2, 0.8]], [1.5]), ValueError,
     r"cross_entropy: y has label 1.5 at index 0, which is not an integer"),
    ("ce-label-range", lambda: cross_entropy([[0.2, 0.8]], [2]), ValueError,
     r"cross_entropy: y has label 2, out of range for 2 classes"),
    ("ce-label-negative", lambda: cross_entropy([[0.2, 0.8]], [-1]), ValueError,
     r"cross_entropy: y has a negative label -1"),
    ("ce-label-bool", lambda: cross_entropy([[0.2, 0.8]], [True]), TypeError,
     r"cross_entropy: y has boolean dtype"),
    ("ce-label-nan", lambda: cross_entropy([[0.2, 0.8]], [np.nan]), ValueError, r"cross_entropy: y contains nan"),
    ("ce-label-str", lambda: cross_entropy([[0.2, 0.8]], ["cat"]), TypeError,
     r"cross_entropy: y .*must hold integer class labels"),
    ("accuracy-label-range", lambda: accuracy([[0.2, 0.8]], [5]), ValueError, r"accuracy: y has label 5, out of range"),
    ("accuracy-pred-float", lambda: accuracy([0.5], [0]), ValueError, r"accuracy: y_hat has label 0.5"),
    ("one_hot-range", lambda: one_hot([0, 3], 3), ValueError, r"one_hot: labels has label 3, out of range"),
    ("one_hot-float", lambda: one_hot([0.5], 3), ValueError, r"one_hot: labels has label 0.5 .* not an integer"),
    ("one_hot-bool", lambda: one_hot(True, 3), TypeError, r"one_hot: labels is a boolean"),
    ("one_hot-None", lambda: one_hot(None, 3), TypeError, r"one_hot: labels is None"),
    ("one_hot-zero-classes", lambda: one_hot([0], 0), ValueError, r"one_hot: num_classes must be >= 1, got 0"),
    ("one_hot-float-classes", lambda: one_hot([0], 3.0), TypeError, r"one_hot: num_classes must be an int"),
    ("one_hot-bool-classes", lambda: one_hot([0], True), TypeError, r"one_hot: num_classes must be an int"),
    ("one_hot-empty", lambda: one_hot([], 3), ValueError, r"one_hot: labels is empty"),
    # non-finite logits
    ("softmax-nan", lambda: softmax([1.0, np.nan]), ValueError, r"softmax: o contains nan at index 1"),
    ("softmax-inf", lambda: softmax([[1.0, np.inf]]), ValueError, r"softmax: o contains inf at index \(0, 1\)"),
    ("softmax-neg-inf", lambda: softmax([1.0, -np.inf]), ValueError, r"softmax: o contains -inf"),
    ("log_softmax-nan", lambda: log_softmax([np.nan, np.nan]), ValueError, r"log_softmax: o contains nan"),
    ("logsumexp-inf", lambda: logsumexp([np.inf, 1.0]), ValueError, r"logsumexp: o contains inf"),
    ("ce-logits-nan", lambda: cross_entropy([[np.nan, 1.0]], [0], from_logits=True), ValueError,
     r"cross_entropy: y_hat \(logits\) contains nan"),
    ("accuracy-nan", lambda: accuracy([[np.nan, 1.0]], [0]), ValueError, r"accuracy: y_hat contains nan"),
    # "probabilities" that are not
    ("ce-probs-unnormalised", lambda: cross_entropy([[0.2, 0.9]], [0]), ValueError,
     r"cross_entropy: y_hat is not normalised: .*sum to 1\.1.*from_logits=True"),
    ("ce-probs-negative", lambda: cross_entropy([[-0.2, 1.2]], [0]), ValueError,
     r"cross_entropy: y_hat has a negative probability -0\.2"),
    ("ce-logits-as-probs", lambda: cross_entropy([[2.0, -1.0, 0.5]], [0]), ValueError,
     r"cross_entropy: y_hat has a negative probability"),
    ("ce-dense-unnormalised", lambda: cross_entropy([[0.2, 0.8]], [[0.5, 0.6]]), ValueError,
     r"cross_entropy: y is not normalised"),
    ("ce-probs-nan", lambda: cross_entropy([[np.nan, 0.5]], [0]), ValueError, r"cross_entropy: y_hat contains nan"),
    ("entropy-unnormalised", lambda: entropy([0.5, 0.6]), ValueError, r"entropy: p is not normalised"),
    ("entropy-negative", lambda: entropy([1.5, -0.5]), ValueError, r"entropy: p has a negative probability"),
    ("kl-q-unnormalised", lambda: kl_divergence([0.5, 0.5], [0.5, 0.6]), ValueError,
     r"kl_divergence: q is not normalised"),
    ("entropy-float32-tolerance", lambda: entropy(np.array([0.5, 0.5002], np.float32)), ValueError,
     r"entropy: p is not normalised: .*tolerance 0\.0001 for float32"),
    # base
    ("entropy-base-1", lambda: entropy([0.5, 0.5], base=1), ValueError, r"entropy: base must be positive and not 1"),
    ("entropy-base-negative", lambda: entropy([0.5, 0.5], base=-2), ValueError, r"entropy: base must be positive"),
    ("kl-base-str", lambda: kl_divergence([0.5, 0.5], [0.5, 0.5], base="2"), TypeError,
     r"kl_divergence: base must be None"),
]


@pytest.mark.parametrize(("call", "exc", "pattern"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_raises_a_named_error(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


BAD_ND = [
    ("softmax-nan", lambda: softmax(nd.array([[1.0, np.nan]])), ValueError, r"softmax: o contains nan"),
    ("ce-logits-inf", lambda: cross_entropy(nd.array([[np.inf, 1.0]]), nd.array([0]), from_logits=True),
     ValueError, r"cross_entropy: y_hat \(logits\) contains inf"),
    ("ce-label-float", lambda: cross_entropy(nd.array([[0.0, 1.0]]), nd.array([0.5]), from_logits=True),
     ValueError, r"cross_entropy: y has label 0.5"),
    ("ce-label-range", lambda: cross_entropy(nd.array([[0.0, 1.0]]), nd.array([2]), from_logits=True),
     ValueError, r"cross_entropy: y has label 2, out of range for 2 classes"),
    ("ce-batch", lambda: cross_entropy(nd.array([[0.0, 1.0]]), nd.array([0, 1]), from_logits=True),
     ValueError, r"cross_entropy: batch sizes differ"),
    ("ce-1d", lambda: cross_entropy(nd.array([0.0, 1.0]), nd.array([0]), from_logits=True),
     ValueError, r"cross_entropy: y_hat must be 2-D"),
    ("ce-probs-unnormalised", lambda: cross_entropy(nd.array([[0.5, 0.6]]), nd.array([0])),
     ValueError, r"cross_entropy: y_hat is not normalised"),
    ("one_hot-range", lambda: one_hot(nd.array([3]), 3), ValueError, r"one_hot: labels has label 3"),
    ("accuracy-nan", lambda: accuracy(nd.array([[np.nan, 1.0]]), nd.array([0])), ValueError,
     r"accuracy: y_hat contains nan"),
    ("entropy-negative", lambda: entropy(nd.array([1.5, -0.5])), ValueError, r"entropy: p has a negative"),
    ("mx-numpy", lambda: softmax(mx.np.array([1.0, 2.0])), TypeError, r"softmax: o is an mxnet.numpy ndarray"),
    ("bool-ndarray", lambda: softmax(nd.array([1, 0], dtype="bool")), TypeError, r"softmax: o has boolean dtype"),
]


@pytest.mark.parametrize(("call", "exc", "pattern"), [b[1:] for b in BAD_ND], ids=[b[0] for b in BAD_ND])
def test_bad_ndarray_input_raises_a_named_error(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_ndarray_value_checks_can_be_switched_off_but_labels_are_still_checked(monkeypatch):
    monkeypatch.setattr(numerics, "CHECK_NDARRAY_VALUES", False)
    out = cross_entropy(nd.array([[np.nan, 1.0]]), nd.array([0]), from_logits=True)  # no error: documented opt-out
    assert np.isnan(out.asnumpy()).all()
    with pytest.raises(ValueError, match=r"cross_entropy: y has label 2, out of range"):
        cross_entropy(nd.array([[0.0, 1.0]]), nd.array([2]), from_logits=True)
    with pytest.raises(ValueError, match=r"softmax: o contains nan"):  # NumPy input is always checked
        softmax(np.array([np.nan, 1.0]))


def test_probability_tolerance_accepts_rounding_but_not_sloppiness():
    # float32 softmax output sums to 1 only up to rounding: must be accepted
    p32 = sp_softmax(np.random.default_rng(0).normal(size=(64, 1000)), axis=1).astype(np.float32)
    assert np.isfinite(entropy(p32)).all()
    assert np.isfinite(cross_entropy(p32, np.zeros(64, int))).all()
    # 1/3 typed by hand is fine in float64; a 1e-3 slip is not
    assert entropy([1 / 3, 1 / 3, 1 / 3]) == pytest.approx(np.log(3))
    with pytest.raises(ValueError, match="not normalised"):
        entropy([0.333, 0.333, 0.333])


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
    # checks.labels_to_numpy validates float labels by one int64 round trip; values that do not survive it
    # (inf, fractions, huge numbers) must still get the precise message of the slow path
    y = np.array(labels, dtype=np.float32 if kind == "ndarray" else np.float64)
    y = nd.array(y) if kind == "ndarray" else y
    o = np.zeros((2, 3), np.float32)
    with pytest.raises(ValueError, match=pattern):
        cross_entropy(nd.array(o) if kind == "ndarray" else o, y, from_logits=True)


@pytest.mark.parametrize("size", [10, (1 << 16) + 1])  # both sides of checks._SMALL (elementwise / sum-first)
def test_check_finite_small_and_large_arrays(size):
    o = np.zeros((1, size), np.float32)
    assert np.isfinite(log_softmax(o)).all()
    big = np.full((1, size), 3e38, np.float32)  # finite, but its sum overflows: must not be reported
    assert np.isfinite(logsumexp(big)).all()
    for bad, text in ((np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")):
        o[0, size - 1] = bad
        with pytest.raises(ValueError, match=rf"log_softmax: o contains {text} at index \(0, {size - 1}\)"):
            log_softmax(o)
