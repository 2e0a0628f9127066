"""Numerically careful softmax, cross-entropy and information-theory helpers for the book's notebooks.

Every function takes NumPy arrays, (nested) lists or MXNet ``NDArray`` s and returns the same kind (list → NumPy;
``NDArray`` results come from ``mxnet.nd`` operators, on the autograd tape). Float dtypes are kept; integers become
float64 (NumPy) or float32 (``NDArray``). Each function validates its arguments once (:mod:`utils._validation`
documents the errors), then computes with private helpers: ``scipy.special`` for NumPy, ``mxnet.nd`` otherwise.

* ``softmax``, ``log_softmax`` and ``logsumexp`` shift by the maximum: finite for any finite logits (±1e300 in
  float64, ±1e30 in float32). ``log_softmax`` is ``o − logsumexp(o)``, never ``log(softmax(o))``.
* From probabilities, ``cross_entropy`` of an exact zero is ``+inf`` (honest, not clipped), as is
  ``kl_divergence`` where q = 0 < p; 0·log 0 = 0. No function returns NaN: NaN/inf inputs are rejected.
* MXNet's float32 ``log_softmax`` rounds ``max + log Σ exp`` to float32 (a perfect prediction would get loss
  −1.4e-6), so for float32 ``NDArray`` s the kernel returns float64, rounded back once. Costs: ``bench/README.md``.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
from scipy import special

from . import _validation as _v

ArrayLike = np.ndarray | list | tuple | Any  # Any: mxnet.nd.NDArray (MXNet is imported only by the caller)


def _nd():
    return sys.modules["mxnet"].nd


def _as_nd(x, like):
    """``x`` as an ``NDArray`` on ``like``'s context (``NDArray`` s pass through unchanged)."""
    return x if _v.is_ndarray(x) else _nd().array(x, ctx=like.context, dtype=like.dtype)


def _nd_log_softmax(a, axis: int, keep: bool = True):
    """``nd.log_softmax`` with a float64 result; ``keep`` rounds back to ``a``'s dtype (one differentiable cast)."""
    nd = _nd()
    if a.dtype == np.float64:
        return nd.log_softmax(a, axis=axis)
    if a.dtype == np.float32:  # still one operator: the kernel subtracts max + log Σ exp in float64
        out = nd.log_softmax(a, axis=axis, dtype="float64")
    else:  # float16: upcast the input (the float16 kernel also warns about accumulation on stderr)
        out = nd.log_softmax(a.astype("float64"), axis=axis)
    return out.astype(a.dtype) if keep else out


def _np_softmax(a: np.ndarray, axis: int) -> np.ndarray:
    # In place: ~1.5× faster than scipy.special.softmax, which allocates three temporaries (bench/README.md).
    out = np.subtract(a, a.max(axis=axis, keepdims=True))
    np.exp(out, out=out)
    out /= out.sum(axis=axis, keepdims=True)
    return out


def _nd_logsumexp(a, axis: int):
    nd = _nd()
    m = nd.stop_gradient(nd.max(a, axis=axis, keepdims=True))  # ∂/∂o of the result is then exactly softmax(o)
    lse = nd.log(nd.sum(nd.exp(nd.broadcast_sub(a, m)), axis=axis))
    return lse + m.reshape(lse.shape)


# "0.0 - x" rather than "-x" below: a perfect prediction has loss 0.0, not -0.0 (which prints as "-0.").


def _np_cross_entropy(a: np.ndarray, t: np.ndarray, dense: bool, from_logits: bool) -> np.ndarray:
    if dense:
        t = t.astype(a.dtype, copy=False)
        terms = t * special.log_softmax(a, axis=1) if from_logits else special.xlogy(t, a)  # 0·log 0 = 0
        return (0.0 - terms.sum(axis=1)).astype(a.dtype, copy=False)
    picked = a[np.arange(len(t)), t]
    if from_logits:
        return special.logsumexp(a, axis=1) - picked
    with np.errstate(divide="ignore"):
        return 0.0 - np.log(picked)


def _nd_cross_entropy(a, t, dense: bool, from_logits: bool):
    nd = _nd()
    t = _as_nd(t, a)
    if from_logits:
        ls = _nd_log_softmax(a, 1, keep=False)
        loss = nd.sum(t.astype(ls.dtype, copy=False) * ls, axis=-1) if dense else nd.pick(ls, t, axis=-1)
        return 0.0 - loss if a.dtype == np.float64 else (0.0 - loss).astype(a.dtype)
    if dense:
        t = t.astype(a.dtype, copy=False)
        return 0.0 - nd.sum(nd.where(t > 0, t * nd.log(a), nd.zeros_like(a)), axis=-1)
    return 0.0 - nd.log(nd.pick(a, t, axis=-1))


def _np_entropy(p: np.ndarray, axis: int) -> np.ndarray:
    return special.entr(p).sum(axis=axis).astype(p.dtype, copy=False)  # entr(0) = 0, entr ≥ 0


def _np_kl(p: np.ndarray, q: np.ndarray, axis: int) -> np.ndarray:
    dtype = np.result_type(p.dtype, q.dtype)
    terms = special.xlogy(p, p) - special.xlogy(p, q)  # 0 where p = 0; +inf where q = 0 < p
    return np.maximum(terms.sum(axis=axis), 0).astype(dtype, copy=False)  # rounding can give −1e−17 for p ≈ q


def _nd_entropy(p, axis: int):
    nd = _nd()
    return nd.sum(nd.where(p > 0, -p * nd.log(p), nd.zeros_like(p)), axis=axis)


def _nd_kl(p, q, axis: int):
    nd = _nd()
    q = _as_nd(q, p).astype(p.dtype, copy=False)
    return nd.relu(nd.sum(nd.where(p > 0, p * (nd.log(p) - nd.log(q)), nd.zeros_like(p)), axis=axis))


def _in_base(h, base: float | None, is_nd: bool):
    """Nats → ``base`` units, and −0.0 → 0.0; a 0-d NumPy result becomes a NumPy scalar."""
    h = h + 0.0
    if base is not None:
        h = h / (float(np.log(base)) if is_nd else h.dtype.type(np.log(base)))
    return h if is_nd else h[()]


# --- public API ---------------------------------------------------------------------------------------------------


def softmax(o: ArrayLike, axis: int = -1):
    """Softmax along ``axis``: ``exp(o_j − max o) / Σ_k exp(o_k − max o)``; same shape as ``o``.

    Entries in [0, 1] summing to 1 along ``axis``; shifting ``o`` changes nothing. Raises on NaN/inf logits.
    """
    a, ax, is_nd = _v.logits_args("softmax", o, axis)
    return _nd().softmax(a, axis=ax) if is_nd else _np_softmax(a, ax)


def log_softmax(o: ArrayLike, axis: int = -1):
    """Log-softmax along ``axis``: ``o_j − logsumexp(o)``; same shape, finite even where softmax underflows."""
    a, ax, is_nd = _v.logits_args("log_softmax", o, axis)
    return _nd_log_softmax(a, ax) if is_nd else special.log_softmax(a, axis=ax)


def logsumexp(o: ArrayLike, axis: int = -1):
    """``log Σ_j exp(o_j)`` reducing ``axis``, in [max o, max o + log q].

    A 1-D NumPy input gives a NumPy scalar; an ``NDArray`` keeps MXNet's convention (1-D input → shape ``(1,)``).
    """
    a, ax, is_nd = _v.logits_args("logsumexp", o, axis)
    return _nd_logsumexp(a, ax) if is_nd else special.logsumexp(a, axis=ax)


def one_hot(labels: ArrayLike, num_classes: int):
    """One-hot float32 rows of shape ``labels.shape + (num_classes,)``: 1 at each label, 0 elsewhere.

    Labels are whole numbers in ``0 .. num_classes − 1`` (integers, or floats like 2.0 from MXNet pipelines).
    """
    y, q = _v.one_hot_args(labels, num_classes)
    if _v.is_ndarray(labels):
        return _nd().one_hot(labels, depth=q, dtype="float32")
    return np.eye(q, dtype=np.float32)[y]


def cross_entropy(y_hat: ArrayLike, y: ArrayLike, *, from_logits: bool = False):
    """Per-sample cross-entropy ``ℓ_i = −Σ_j y_ij log ŷ_ij``, shape ``(n,)``.

    ``y_hat`` (n, q): probabilities, or logits with ``from_logits=True`` (then ``ℓ_i = logsumexp(o_i) − o_{i,y_i}``,
    finite for finite logits). ``y``: (n,) integer labels or (n, q) probability rows (terms with y_ij = 0 count
    as 0). From probabilities, ŷ = 0 where y > 0 gives ``+inf``. For ``NDArray`` logits ∂ℓ/∂o = softmax(o) − y.
    """
    a, t, dense, is_nd = _v.cross_entropy_args(y_hat, y, from_logits)
    return (_nd_cross_entropy if is_nd else _np_cross_entropy)(a, t, dense, bool(from_logits))


def entropy(p: ArrayLike, base: float | None = None, axis: int = -1):
    """Entropy ``H[p] = −Σ_j p_j log p_j`` along ``axis`` (0·log 0 = 0): nats, or bits with ``base=2``.

    ``p`` holds probability vectors along ``axis`` (≥ 0, summing to 1). A 1-D NumPy input gives a NumPy scalar.
    """
    a, _, is_nd, ax, b = _v.distributions_args("entropy", p, None, base, axis)
    return _in_base((_nd_entropy if is_nd else _np_entropy)(a, ax), b, is_nd)


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float | None = None, axis: int = -1):
    """KL divergence ``D(p‖q) = Σ_j p_j (log p_j − log q_j)`` along ``axis``: ≥ 0, and 0 iff p = q.

    Terms with p_j = 0 count as 0; ``+inf`` where q_j = 0 < p_j. Nats, or bits with ``base=2``. The result follows
    ``p``'s kind; ``cross_entropy`` ``H(p, q) = H[p] + D(p‖q)``.
    """
    a, c, is_nd, ax, b = _v.distributions_args("kl_divergence", p, q, base, axis)
    return _in_base((_nd_kl if is_nd else _np_kl)(a, c, ax), b, is_nd)


def accuracy(y_hat: ArrayLike, y: ArrayLike) -> float:
    """Fraction of correct predictions as a Python float: ``(1/n) Σ_i [argmax_j ŷ_ij == y_i]``.

    ``y_hat`` is (n, q) scores (probabilities or logits) or (n,) predicted labels; ``y`` is (n,) integer labels.
    """
    pred, labels = _v.accuracy_args(y_hat, y)
    return np.count_nonzero(pred == labels) / labels.shape[0]
