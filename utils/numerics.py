"""Numerically careful softmax, cross-entropy and information-theory helpers for the notebooks.

Every function takes NumPy arrays, (nested) lists or MXNet ``NDArray`` s and returns the same kind
(list → NumPy; ``NDArray`` results come from ``mxnet.nd`` operators, on the autograd tape). Float
dtypes are kept; integers become float64 (NumPy) or float32 (``NDArray``). Each function validates
its arguments once, with one entry of :mod:`utils._validation` (which documents the errors), then
computes with private helpers: ``scipy.special`` for NumPy, ``mxnet.nd`` otherwise. No public
function calls another; :mod:`utils.calibration` reuses the private NumPy cross-entropy.

* ``softmax``, ``log_softmax`` and ``logsumexp`` shift by the maximum: finite for any finite logits
  (±1e300 in float64, ±1e30 in float32). ``log_softmax`` is ``o − logsumexp(o)``, never
  ``log(softmax(o))``.
* From probabilities, ``cross_entropy`` of an exact zero is ``+inf`` (honest, not clipped), as is
  ``kl_divergence`` where q = 0 < p; 0·log 0 = 0. No function returns NaN: NaN/inf inputs are
  rejected. ``cross_entropy``, ``entropy`` and ``kl_divergence`` give nats, or bits with
  ``base=2``.
* MXNet 1.9's float32 ``log_softmax`` kernel is inexact (its float32 exp/log give 1.4e-6 even for
  the single logit ``[[0]]``, so a perfect prediction would get loss −1.4e-6); for float32
  ``NDArray`` s the kernel computes in float64 and rounds back once. Costs: ``bench/README.md``.
* ``realsoftmax_gap`` is the Python reference of the live figure's ``realSoftmaxGap``
  (``utils/widgets/formulas.js``).
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
from scipy import special

from . import _validation as validation

# Any: mxnet.nd.NDArray (MXNet is imported only by the caller)
ArrayLike = np.ndarray | list | tuple | Any


def _nd():
    return sys.modules["mxnet"].nd


def _as_nd(x, like):
    """``x`` as an ``NDArray`` on ``like``'s context (``NDArray`` s pass through unchanged)."""
    return x if validation.is_ndarray(x) else _nd().array(x, ctx=like.context, dtype=like.dtype)


def _nd_log_softmax(o, axis: int, keep: bool = True):
    """``nd.log_softmax`` of logits ``o`` with a float64 result; ``keep`` rounds back to ``o``'s
    dtype (one differentiable cast)."""
    nd = _nd()
    if o.dtype == np.float64:
        return nd.log_softmax(o, axis=axis)
    if o.dtype == np.float32:  # still one operator: the kernel subtracts max + log Σ exp in float64
        out = nd.log_softmax(o, axis=axis, dtype="float64")
    else:  # float16: upcast the input (the float16 kernel also warns about accumulation on stderr)
        out = nd.log_softmax(o.astype("float64"), axis=axis)
    return out.astype(o.dtype) if keep else out


def _np_softmax(o: np.ndarray, axis: int) -> np.ndarray:
    # In place: ~1.5× faster than scipy.special.softmax, which allocates three temporaries
    # (bench/README.md).
    out = np.subtract(o, o.max(axis=axis, keepdims=True))
    np.exp(out, out=out)
    out /= out.sum(axis=axis, keepdims=True)
    return out


def _nd_logsumexp(o, axis: int):
    nd = _nd()
    # stop_gradient: ∂/∂o of the result is then exactly softmax(o)
    top = nd.stop_gradient(nd.max(o, axis=axis, keepdims=True))
    lse = nd.log(nd.sum(nd.exp(nd.broadcast_sub(o, top)), axis=axis))
    return lse + top.reshape(lse.shape)


# "0.0 - x" rather than "-x" below: a perfect prediction has loss 0.0, not -0.0 (printed "-0.").


def _np_cross_entropy(
    y_hat: np.ndarray, target: np.ndarray, dense: bool, from_logits: bool
) -> np.ndarray:
    """Per-row cross-entropy in nats of scores ``y_hat`` (n, q) and ``target``: (n,) int64 labels,
    or (n, q) probability rows if ``dense``. Also :func:`utils.calibration.nll`'s kernel."""
    if dense:
        target = target.astype(y_hat.dtype, copy=False)
        if from_logits:
            terms = target * special.log_softmax(y_hat, axis=1)
        else:
            terms = special.xlogy(target, y_hat)  # 0·log 0 = 0
        return (0.0 - terms.sum(axis=1)).astype(y_hat.dtype, copy=False)
    picked = y_hat[np.arange(len(target)), target]
    if from_logits:
        return special.logsumexp(y_hat, axis=1) - picked
    with np.errstate(divide="ignore"):
        return 0.0 - np.log(picked)


def _nd_cross_entropy(y_hat, target, dense: bool, from_logits: bool):
    nd = _nd()
    target = _as_nd(target, y_hat)
    if from_logits:
        log_p = _nd_log_softmax(y_hat, 1, keep=False)
        if dense:
            loss = nd.sum(target.astype(log_p.dtype, copy=False) * log_p, axis=-1)
        else:
            loss = nd.pick(log_p, target, axis=-1)
        return 0.0 - loss if y_hat.dtype == np.float64 else (0.0 - loss).astype(y_hat.dtype)
    if dense:
        target = target.astype(y_hat.dtype, copy=False)
        terms = nd.where(target > 0, target * nd.log(y_hat), nd.zeros_like(y_hat))
        return 0.0 - nd.sum(terms, axis=-1)
    return 0.0 - nd.log(nd.pick(y_hat, target, axis=-1))


def _np_entropy(p: np.ndarray, axis: int) -> np.ndarray:
    return special.entr(p).sum(axis=axis).astype(p.dtype, copy=False)  # entr(0) = 0, entr ≥ 0


def _np_kl(p: np.ndarray, q: np.ndarray, axis: int) -> np.ndarray:
    dtype = np.result_type(p.dtype, q.dtype)
    terms = special.xlogy(p, p) - special.xlogy(p, q)  # 0 where p = 0; +inf where q = 0 < p
    # maximum: rounding can give −1e−17 for p ≈ q
    return np.maximum(terms.sum(axis=axis), 0).astype(dtype, copy=False)


def _nd_entropy(p, axis: int):
    nd = _nd()
    return nd.sum(nd.where(p > 0, -p * nd.log(p), nd.zeros_like(p)), axis=axis)


def _nd_kl(p, q, axis: int):
    nd = _nd()
    q = _as_nd(q, p).astype(p.dtype, copy=False)
    terms = nd.where(p > 0, p * (nd.log(p) - nd.log(q)), nd.zeros_like(p))
    return nd.relu(nd.sum(terms, axis=axis))


def _in_base(nats, base: float | None, is_nd: bool):
    """Nats → units of ``base`` (``None``: nats, unchanged)."""
    if base is None:
        return nats
    return nats / (float(np.log(base)) if is_nd else nats.dtype.type(np.log(base)))


def _information(nats, base: float | None, is_nd: bool):
    """An entropy or divergence in ``base`` units, −0.0 as 0.0; a 0-d NumPy result as a scalar."""
    value = _in_base(nats + 0.0, base, is_nd)
    return value if is_nd else value[()]


# --- public API -----------------------------------------------------------------------------------


def softmax(o: ArrayLike, axis: int = -1):
    """Softmax along ``axis``: ``exp(o_j − max o) / Σ_k exp(o_k − max o)``; same shape as ``o``.

    Entries in [0, 1] summing to 1 along ``axis``; shifting ``o`` changes nothing. Raises on
    NaN/inf logits.
    """
    args = validation.logits_args("softmax", o, axis)
    if args.is_ndarray:
        return _nd().softmax(args.array, axis=args.axis)
    return _np_softmax(args.array, args.axis)


def log_softmax(o: ArrayLike, axis: int = -1):
    """Log-softmax along ``axis``: ``o_j − logsumexp(o)``; same shape, finite even where softmax
    underflows."""
    args = validation.logits_args("log_softmax", o, axis)
    if args.is_ndarray:
        return _nd_log_softmax(args.array, args.axis)
    return special.log_softmax(args.array, axis=args.axis)


def logsumexp(o: ArrayLike, axis: int = -1):
    """``log Σ_j exp(o_j)`` reducing ``axis``, in [max o, max o + log q].

    A 1-D NumPy input gives a NumPy scalar; an ``NDArray`` keeps MXNet's convention (1-D input →
    shape ``(1,)``).
    """
    args = validation.logits_args("logsumexp", o, axis)
    if args.is_ndarray:
        return _nd_logsumexp(args.array, args.axis)
    return special.logsumexp(args.array, axis=args.axis)


def one_hot(labels: ArrayLike, num_classes: int):
    """One-hot float32 rows of shape ``labels.shape + (num_classes,)``: 1 at each label, else 0.

    Labels are whole numbers in ``0 .. num_classes − 1`` (integers, or floats like 2.0 from MXNet
    pipelines).
    """
    args = validation.one_hot_args(labels, num_classes)
    if validation.is_ndarray(labels):
        return _nd().one_hot(labels, depth=args.num_classes, dtype="float32")
    return np.eye(args.num_classes, dtype=np.float32)[args.labels]


def cross_entropy(
    y_hat: ArrayLike, y: ArrayLike, *, from_logits: bool = False, base: float | None = None
):
    """Per-sample cross-entropy ``ℓ_i = −Σ_j y_ij log ŷ_ij``, shape ``(n,)``: nats, or bits with
    ``base=2``.

    ``y_hat`` (n, q): probabilities, or logits with ``from_logits=True`` (then
    ``ℓ_i = logsumexp(o_i) − o_{i,y_i}``, finite for finite logits). ``y``: (n,) integer labels or
    (n, q) probability rows (terms with y_ij = 0 count as 0). From probabilities, ŷ = 0 where
    y > 0 gives ``+inf``. For ``NDArray`` logits ∂ℓ/∂o = softmax(o) − y (in nats).
    """
    args = validation.cross_entropy_args(y_hat, y, from_logits, base)
    compute = _nd_cross_entropy if args.is_ndarray else _np_cross_entropy
    loss = compute(args.y_hat, args.target, args.dense, args.from_logits)
    return _in_base(loss, args.base, args.is_ndarray)


def entropy(p: ArrayLike, base: float | None = None, axis: int = -1):
    """Entropy ``H[p] = −Σ_j p_j log p_j`` along ``axis`` (0·log 0 = 0): nats, or bits with
    ``base=2``.

    ``p`` holds probability vectors along ``axis`` (≥ 0, summing to 1). A 1-D NumPy input gives a
    NumPy scalar.
    """
    args = validation.distributions_args("entropy", p, None, base, axis)
    compute = _nd_entropy if args.is_ndarray else _np_entropy
    return _information(compute(args.p, args.axis), args.base, args.is_ndarray)


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float | None = None, axis: int = -1):
    """KL divergence ``D(p‖q) = Σ_j p_j (log p_j − log q_j)`` along ``axis``: ≥ 0, and 0 iff p = q.

    Terms with p_j = 0 count as 0; ``+inf`` where q_j = 0 < p_j. Nats, or bits with ``base=2``.
    The result follows ``p``'s kind; ``cross_entropy`` ``H(p, q) = H[p] + D(p‖q)``.
    """
    args = validation.distributions_args("kl_divergence", p, q, base, axis)
    compute = _nd_kl if args.is_ndarray else _np_kl
    return _information(compute(args.p, args.q, args.axis), args.base, args.is_ndarray)


def accuracy(y_hat: ArrayLike, y: ArrayLike) -> float:
    """Fraction of correct predictions as a Python float: ``(1/n) Σ_i [argmax_j ŷ_ij == y_i]``.

    ``y_hat`` is (n, q) scores (probabilities or logits) or (n,) predicted labels; ``y`` is (n,)
    integer labels.
    """
    args = validation.accuracy_args(y_hat, y)
    return np.count_nonzero(args.predicted == args.labels) / args.labels.shape[0]


def realsoftmax_gap(logits: ArrayLike, lam: float) -> float:
    """The RealSoftMax gap ``λ⁻¹ log Σ_j exp(λ o_j) − max o`` of 1-D logits, as a Python float.

    Computed as ``λ⁻¹ log1p(Σ_{j≠k} exp(λ (o_j − o_k)))`` with ``k = argmax o``: the log1p form
    keeps full relative precision when the gap is tiny, where ``logsumexp(λ o) / λ − max o`` would
    cancel to 0. The gap lies in ``[0, log(n) / λ]`` (0 for a single logit), so RealSoftMax tends to
    the maximum as λ grows. ``logits``: finite, any float or integer dtype (computed in float64);
    ``lam``: a finite number > 0. The live figure ``LogSumExpGap`` computes the same in JavaScript.
    """
    args = validation.realsoftmax_gap_args(logits, lam)
    top = int(np.argmax(args.logits))
    rest = np.delete(args.logits, top)
    with np.errstate(over="ignore"):  # λ·(o_j − o_k) → −inf for a huge λ: exp gives 0, as it should
        terms = np.exp(args.lam * (rest - args.logits[top]))
    return float(np.log1p(terms.sum()) / args.lam)
