""":mod:`utils.numerics` on MXNet ``NDArray`` s: finiteness and exactness in float32, gradients on
the autograd tape, agreement with MXNet's own operators and Gluon's loss, and the kind/dtype/shape
of every result.

Every reference value is computed independently (SciPy, MXNet, or a formula written out here).
"""

from __future__ import annotations

import mxnet as mx
import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from mxnet import autograd, gluon, nd
from scipy.special import log_softmax as sp_log_softmax
from scipy.special import logsumexp as sp_logsumexp
from scipy.special import softmax as sp_softmax

from utils.numerics import cross_entropy, entropy, kl_divergence, log_softmax, logsumexp, softmax

from .numerics_strategies import given_examples, logits_and_labels, prob_rows

# --------------------------------------------------------------------------------------------------
# finiteness and exactness for huge logits
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "big"),
    [(np.float64, 1e4), (np.float64, 1e300), (np.float32, 1e4), (np.float32, 1e30)],
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
    np.testing.assert_allclose(
        as_np(cross_entropy(o, y, from_logits=True)), [2 * big, 0.0], rtol=1e-6, atol=1e-6
    )


@given_examples(logits_and_labels(np.float32, bound=30.0))
def test_float32_ndarray_loss_is_never_negative_and_matches_float64(data):
    # MXNet's float32 kernel rounds max + log Σ exp to float32, so a loss can come out as −1e-6;
    # ours asks the kernel for a float64 result and rounds it back once
    o_np, y_np = data
    ref = sp_log_softmax(o_np.astype(np.float64), axis=1)
    np.testing.assert_allclose(log_softmax(nd.array(o_np)).asnumpy(), ref, rtol=1e-5, atol=1e-5)
    assert np.all(log_softmax(nd.array(o_np)).asnumpy() <= 0)
    loss = cross_entropy(nd.array(o_np), nd.array(y_np), from_logits=True).asnumpy()
    assert loss.dtype == np.float32 and np.all(loss >= 0) and not np.signbit(loss).any()
    np.testing.assert_allclose(loss, -ref[np.arange(len(y_np)), y_np], rtol=1e-5, atol=1e-5)


def test_a_dominant_float32_logit_gives_loss_exactly_zero_where_mxnet_gives_a_negative_loss():
    o, y = nd.array([[20.0, 0.0, 0.0]]), nd.array([0])
    # the reason for the float64 detour
    assert (-nd.pick(nd.log_softmax(o), y, axis=-1)).asscalar() < 0
    assert log_softmax(o).asnumpy()[0, 0] == 0.0
    loss = cross_entropy(o, y, from_logits=True).asnumpy()
    assert loss[0] == 0.0 and not np.signbit(loss[0])


# --------------------------------------------------------------------------------------------------
# cross-entropy on NDArrays, and its gradient
# --------------------------------------------------------------------------------------------------


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


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_in_bits_on_ndarrays(dtype):
    # softmax rows (1/2, 1/2), (3/4, 1/4)
    o = np.array([[0.0, 0.0], [np.log(3.0), 0.0]], dtype=dtype)
    y = np.array([0, 1])
    bits = cross_entropy(nd.array(o, dtype=dtype), nd.array(y), from_logits=True, base=2)
    assert isinstance(bits, nd.NDArray) and bits.dtype == dtype
    np.testing.assert_allclose(bits.asnumpy(), [1.0, 2.0], rtol=1e-6)
    p = nd.array([[0.5, 0.5], [0.75, 0.25]], dtype=dtype)
    np.testing.assert_allclose(
        cross_entropy(p, nd.array(y), base=2).asnumpy(), [1.0, 2.0], rtol=1e-6
    )


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


@given_examples(logits_and_labels(np.float32, bound=30.0), st.booleans())
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
    np.testing.assert_allclose(
        loss.asnumpy(),
        sp_logsumexp(o_np, axis=1) - o_np[np.arange(len(y_np)), y_np],
        rtol=1e-5,
        atol=1e-5,
    )


@given_examples(prob_rows(), st.data())
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
    dO = sp_softmax(o, axis=1) - np.eye(3)[y.asnumpy().astype(int)]
    np.testing.assert_allclose(
        net.weight.grad().asnumpy(), dO.T @ X.asnumpy(), rtol=1e-4, atol=1e-5
    )
    np.testing.assert_allclose(net.bias.grad().asnumpy(), dO.sum(axis=0), rtol=1e-4, atol=1e-5)


# --------------------------------------------------------------------------------------------------
# agreement with MXNet's own operators
# --------------------------------------------------------------------------------------------------


@given_examples(logits_and_labels(np.float32, bound=30.0))
def test_agrees_with_mxnet_softmax_log_softmax_and_gluon_loss(data):
    o_np, y_np = data
    o = nd.array(o_np)
    np.testing.assert_allclose(softmax(o_np), nd.softmax(o).asnumpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(log_softmax(o_np), nd.log_softmax(o).asnumpy(), rtol=1e-5, atol=1e-5)
    gluon_sparse = gluon.loss.SoftmaxCrossEntropyLoss()(o, nd.array(y_np)).asnumpy()
    np.testing.assert_allclose(
        cross_entropy(o_np, y_np, from_logits=True), gluon_sparse, rtol=1e-5, atol=1e-5
    )
    np.testing.assert_allclose(
        cross_entropy(o, nd.array(y_np), from_logits=True).asnumpy(),
        gluon_sparse,
        rtol=1e-5,
        atol=1e-5,
    )


@given_examples(prob_rows(), st.data())
def test_agrees_with_gluon_loss_for_dense_probability_labels(t, data):
    o_np = data.draw(hnp.arrays(np.float64, t.shape, elements=st.floats(-30, 30)))
    gluon_dense = gluon.loss.SoftmaxCrossEntropyLoss(sparse_label=False)(
        nd.array(o_np, dtype="float64"), nd.array(t, dtype="float64")
    ).asnumpy()
    np.testing.assert_allclose(
        cross_entropy(o_np, t, from_logits=True), gluon_dense, rtol=1e-9, atol=1e-9
    )


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


# --------------------------------------------------------------------------------------------------
# return kinds and dtypes
# --------------------------------------------------------------------------------------------------


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
    ("kind", "dtype"),
    [
        ("list", None),
        ("numpy", np.float32),
        ("numpy", np.float64),
        ("ndarray", np.float32),
        ("ndarray", np.float64),
    ],
)
def test_return_kind_dtype_and_shape(name, kind, dtype):
    fn, shape = CALLS[name]
    data = P if name in ("cross_entropy(probs)", "entropy", "kl_divergence") else O
    a = _make(kind, dtype, data)

    # integer labels in the same kind as the input (MXNet pipelines give float32 labels)
    def labels(values):
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


def test_mixed_kinds_follow_y_hat():
    o = np.array(O)
    out = cross_entropy(o, nd.array(Y), from_logits=True)
    assert isinstance(out, np.ndarray)
    out_nd = cross_entropy(nd.array(O, dtype="float64"), np.array(Y), from_logits=True)
    assert isinstance(out_nd, nd.NDArray)
    np.testing.assert_allclose(out_nd.asnumpy(), out, rtol=1e-12)
    out_nd = cross_entropy(nd.array(O, dtype="float64"), np.eye(3)[Y], from_logits=True)
    np.testing.assert_allclose(out_nd.asnumpy(), out, rtol=1e-12)
