"""Numerically careful softmax, cross-entropy and information-theory helpers for the book's notebooks.

Every function accepts NumPy arrays, (nested) Python lists or MXNet ``NDArray`` s and returns the same kind:
NumPy in → NumPy out, list in → NumPy out, ``NDArray`` in → ``NDArray`` out (built from ``mxnet.nd`` operators,
so it stays on the autograd tape — ``cross_entropy(net(X), y, from_logits=True).backward()`` gives
∂ℓ/∂o = softmax(o) − onehot(y)). The float dtype is kept (float32 → float32, float64 → float64); integer input
is promoted to float64 (NumPy) or float32 (MXNet's default). ``accuracy`` always returns a Python ``float``.

Numerics
    * ``softmax``, ``log_softmax`` and ``logsumexp`` subtract the maximum first, so they are finite for any finite
      logits (|o| = 1e4 or 1e300 in float64, 1e30 in float32; −inf, +inf and NaN are rejected). ``log_softmax`` is ``o − logsumexp(o)``, never
      ``log(softmax(o))``, and ``cross_entropy(..., from_logits=True)`` is ``logsumexp(o) − o_y``.
    * From *probabilities*, ``cross_entropy`` is ``−log ŷ_y``: an exact zero gives ``+inf`` — the honest value,
      not a clipped number. Likewise ``kl_divergence`` is ``+inf`` where q = 0 < p. In entropy and KL,
      0·log 0 = 0. No function returns NaN: inputs that would produce one are rejected.

Validation (see :mod:`utils._validation`)
    Bad input raises ``TypeError`` (None, strings, booleans, complex, ragged lists) or ``ValueError`` (wrong rank
    or shape, empty arrays, mismatched batch sizes, NaN/inf logits, labels that are negative, ≥ q or not whole
    numbers such as 1.5, "probabilities" that are negative or whose rows do not sum to 1 within a dtype-aware
    tolerance: 1e-6 float64, 1e-4 float32, 1e-2 float16). Messages start with the function's name.

Checks on ``NDArray`` s without stalling MXNet
    MXNet runs operators asynchronously; reading values back (``asnumpy``/``asscalar``) blocks until the array
    is computed. The policy, chosen by measurement (``bench/numerics_bench.py``):

    * shape, rank and dtype checks are always on — they need no data;
    * labels are always value-checked on the host (``y.asnumpy()``): a label batch is input data, already
      materialised, so copying it waits for nothing but itself, and it is tiny (n integers);
    * the network's output (logits or probabilities) is value-checked on the host too (NaN/inf; ≥ 0 and rows
      summing to 1 for probabilities): one small device-to-host copy per call, which waits only for the forward
      pass that produced it. ``accuracy`` must return a Python float anyway, so it copies scores and labels
      once and does all its work in NumPy — no MXNet operators at all.

    Why this is cheap: in a small model the cost is dominated by dispatching MXNet operators, not by waiting or
    copying. Copying a ready 64×10 array to NumPy costs ~8 µs, and NumPy checks on 64 labels a few µs, whereas
    each ``nd`` operator costs tens of µs to dispatch (hundreds on a loaded machine). The hand-written accuracy
    ``(o.argmax(1) == y).sum().asscalar()`` dispatches four operators; ours dispatches none, which pays for
    the checks. Measured by ``bench/numerics_bench.py::check_overhead`` (digits-sized softmax regression,
    440 steps, raw and checked loops alternating), medians of three runs on a shared 2-CPU machine (load ~1):
    utils/raw wall-time ratio 1.12 (per-round range 0.74–1.90), CPU-time ratio 1.07, i.e. ~0.13 ms/step more
    (it was 1.22 / 1.20 / ~0.28 ms before the host-side checks were trimmed: ``np.isfinite(a).all()`` instead
    of a sum inside ``np.errstate`` for small arrays, float labels validated by one int64 round trip).
    Where the rest goes (isolated timings, 64×10 float32 batch): the checks cost ~44 µs of Python per
    ``cross_entropy`` call and ``accuracy`` ~49 µs in all, against ~260 µs for the four-operator raw accuracy;
    the extra float64→float32 ``Cast`` below costs ~150 µs per step forward + backward and is the largest item.
    The host copy of the logits does not stall the pipeline measurably: deferring it until after the loss
    operators were dispatched made no difference beyond the ±10 % noise.

    MXNet's float32 ``log_softmax`` kernel is off by up to ~3e-6 (it returns +1.4e-6 instead of 0 for a dominant
    logit, i.e. a slightly *negative* loss for a perfect prediction, and gradients ~2e-5 off relative). So for
    float32 ``NDArray`` s, ``log_softmax`` and ``cross_entropy(..., from_logits=True)`` ask the same operator for a
    float64 result (``nd.log_softmax(o, dtype="float64")``, accurate) and round the (n,) loss back to float32 once:
    one extra differentiable ``Cast`` per call. MXNet has no operator that negates or picks *and* changes the
    dtype, so no formulation with fewer operators is as accurate (``nd.norm(..., out_dtype=...)`` would be one,
    but in MXNet 1.9 it fails at run time for float64 input with a float32 out_dtype).

    Set ``utils.numerics.CHECK_NDARRAY_VALUES = False`` to skip the value checks of network outputs (shape, dtype
    and label checks stay on) — e.g. for very large outputs in a tight loop.
"""

from __future__ import annotations

import numbers
import sys
import warnings
from typing import Any

import numpy as np

from ._validation import (
    as_float,
    check_axis,
    check_finite,
    check_num_classes,
    check_probabilities,
    check_same_batch,
    is_ndarray,
    labels_to_numpy,
    nd_values,
)

__all__ = [
    "CHECK_NDARRAY_VALUES",
    "accuracy",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "one_hot",
    "softmax",
]

#: Value-check network outputs given as ``NDArray`` (NaN/inf, probability rows). Labels are always checked.
CHECK_NDARRAY_VALUES = True

ArrayLike = np.ndarray | list | tuple | Any  # Any: mxnet.nd.NDArray (MXNet is imported lazily)


def _nd():
    return sys.modules["mxnet"].nd


def _check_values_finite(a, is_nd: bool, fn: str, name: str) -> None:
    if not is_nd:
        check_finite(a, fn, name)
    elif CHECK_NDARRAY_VALUES:
        check_finite(nd_values(a), fn, name)


def _check_values_prob(a, is_nd: bool, fn: str, name: str, axis: int) -> None:
    if not is_nd:
        check_probabilities(a, fn, name, axis)
    elif CHECK_NDARRAY_VALUES:
        check_probabilities(nd_values(a), fn, name, axis)


def _nd_log_softmax(a, axis: int, keep: bool = True):
    """``nd.log_softmax`` with float64 output for float32/float16 input (see "MXNet's float32 log_softmax").

    For float32 this is still one operator (``dtype="float64"`` makes the kernel compute and store in float64);
    ``keep=True`` rounds the result back to the input dtype with one cast.
    """
    nd = _nd()
    dt = np.dtype(a.dtype)
    if dt == np.float64:
        return nd.log_softmax(a, axis=axis)
    if dt == np.float32:
        out = nd.log_softmax(a, axis=axis, dtype="float64")
    else:  # float16: upcast the input (the float16 kernel also warns about accumulation on stderr)
        out = nd.log_softmax(a.astype("float64"), axis=axis)
    return out.astype(a.dtype) if keep else out


def _nd_round(x, like):
    """Round a float64 intermediate back to ``like``'s dtype (one differentiable cast)."""
    return x if np.dtype(like.dtype) == np.float64 else x.astype(like.dtype)


def _max_checked(a: np.ndarray, axis: int, fn: str, name: str) -> np.ndarray:
    """``a.max(axis, keepdims=True)`` plus a cheap finiteness test (NaN and +inf reach the max, −inf the min)."""
    m = a.max(axis=axis, keepdims=True)
    if not (np.isfinite(m).all() and np.isfinite(a.min())):
        check_finite(a, fn, name)  # raises with the position of the first bad value
    return m


def _ndim(x: Any) -> int:
    if is_ndarray(x):
        return x.ndim
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.ndim(x)
    except (ValueError, TypeError):
        return -1  # let the validators produce the error message


def _check_base(base: Any, fn: str) -> float | None:
    if base is None:
        return None
    if isinstance(base, (bool, np.bool_)) or not isinstance(base, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"{fn}: base must be None (nats) or a positive number such as 2 (bits), got {base!r}")
    b = float(base)
    if not (np.isfinite(b) and b > 0 and b != 1):
        raise ValueError(f"{fn}: base must be positive and not 1, got {base!r}")
    return b


# ---------------------------------------------------------------------------------------------------------------
# softmax family
# ---------------------------------------------------------------------------------------------------------------


def softmax(o: ArrayLike, axis: int = -1):
    """Softmax along ``axis``: ``softmax(o)_j = exp(o_j − max o) / Σ_k exp(o_k − max o)``.

    Entries are in [0, 1] and sum to 1 along ``axis``; adding a constant to ``o`` changes nothing; the largest
    logit keeps the largest probability. Finite for any finite ``o``.
    """
    fn = "softmax"
    a, is_nd = as_float(o, fn, "o")
    ax = check_axis(axis, a.ndim, fn)
    if is_nd:
        _check_values_finite(a, True, fn, "o")
        return _nd().softmax(a, axis=ax)
    m = _max_checked(a, ax, fn, "o")
    out = np.subtract(a, m)
    np.exp(out, out=out)
    out /= out.sum(axis=ax, keepdims=True)
    return out


def log_softmax(o: ArrayLike, axis: int = -1):
    """Log-softmax along ``axis``: ``log_softmax(o)_j = o_j − logsumexp(o)`` (never ``log(softmax(o))``).

    Finite for any finite ``o``, even where ``softmax`` underflows to 0.
    """
    fn = "log_softmax"
    a, is_nd = as_float(o, fn, "o")
    ax = check_axis(axis, a.ndim, fn)
    if is_nd:
        _check_values_finite(a, True, fn, "o")
        return _nd_log_softmax(a, ax)
    m = _max_checked(a, ax, fn, "o")
    out = np.subtract(a, m)
    s = np.exp(out).sum(axis=ax, keepdims=True)
    out -= np.log(s)
    return out


def logsumexp(o: ArrayLike, axis: int = -1):
    """``logsumexp(o) = log Σ_j exp(o_j) = max o + log Σ_j exp(o_j − max o)``, reducing ``axis``.

    Lies in [max o, max o + log q] for q entries. A 1-D NumPy input gives a NumPy scalar; an ``NDArray`` keeps
    MXNet's shape convention (a 1-D input gives shape ``(1,)``).
    """
    fn = "logsumexp"
    a, is_nd = as_float(o, fn, "o")
    ax = check_axis(axis, a.ndim, fn)
    if is_nd:
        _check_values_finite(a, True, fn, "o")
        nd = _nd()
        m = nd.stop_gradient(nd.max(a, axis=ax, keepdims=True))  # ∂/∂o of the result is then exactly softmax(o)
        lse = nd.log(nd.sum(nd.exp(nd.broadcast_sub(a, m)), axis=ax))
        return lse + m.reshape(lse.shape)
    m = _max_checked(a, ax, fn, "o")
    e = np.subtract(a, m)
    np.exp(e, out=e)
    s = e.sum(axis=ax, keepdims=True)
    np.log(s, out=s)
    s += m
    return np.squeeze(s, axis=ax)[()]


# ---------------------------------------------------------------------------------------------------------------
# labels
# ---------------------------------------------------------------------------------------------------------------


def one_hot(labels: ArrayLike, num_classes: int):
    """One-hot rows: ``one_hot(y, q)[i, j] = 1 if y_i == j else 0``, dtype float32, shape ``labels.shape + (q,)``.

    Labels must be whole numbers in ``0 .. q−1`` (integer arrays, or floats like 2.0 as MXNet pipelines produce).
    """
    fn = "one_hot"
    q = check_num_classes(num_classes, fn)
    y = labels_to_numpy(labels, fn, "labels", num_classes=q, ndim=None)
    if is_ndarray(labels):
        return _nd().one_hot(labels, depth=q, dtype="float32")
    return np.eye(q, dtype=np.float32)[y]


# ---------------------------------------------------------------------------------------------------------------
# losses
# ---------------------------------------------------------------------------------------------------------------


def cross_entropy(y_hat: ArrayLike, y: ArrayLike, *, from_logits: bool = False):
    """Per-example cross-entropy loss ``ℓ_i = −Σ_j y_ij log ŷ_ij``, shape ``(n,)``.

    ``y_hat`` is ``(n, q)``: probabilities, or logits ``o`` with ``from_logits=True`` (then
    ``log ŷ = log_softmax(o)`` and, for integer labels, ``ℓ_i = logsumexp(o_i) − o_{i,y_i}``, finite for any
    finite logits). ``y`` is ``(n,)`` integer labels or ``(n, q)`` probability rows (one-hot or soft labels;
    terms with ``y_ij = 0`` count as 0). From probabilities, ``ŷ_{i,y_i} = 0`` gives ``ℓ_i = +inf``.
    With NDArrays the gradient w.r.t. the logits is ``softmax(o) − y``.
    """
    fn = "cross_entropy"
    if not isinstance(from_logits, (bool, np.bool_)):
        raise TypeError(f"{fn}: from_logits must be True or False, got {from_logits!r}")
    a, is_nd = as_float(y_hat, fn, "y_hat", ndim=2)
    n, q = a.shape
    dense = _ndim(y) == 2
    if dense:
        t, t_nd = as_float(y, fn, "y", ndim=2)
        if tuple(t.shape) != (n, q):
            hint = "; for integer labels flatten y with .reshape(-1)" if t.shape[1] == 1 else ""
            raise ValueError(
                f"{fn}: y has shape {tuple(t.shape)} but y_hat has shape {(n, q)}; "
                f"probability labels must match y_hat (or pass integer labels of shape (n,)){hint}"
            )
        check_probabilities(nd_values(t) if t_nd else t, fn, "y", axis=1)
    else:
        labels = labels_to_numpy(y, fn, "y", num_classes=q)
        check_same_batch(n, labels.shape[0], fn)
    if from_logits:
        _check_values_finite(a, is_nd, fn, "y_hat (logits)")
    else:
        _check_values_prob(a, is_nd, fn, "y_hat", axis=1)

    # Below, "0.0 - x" rather than "-x": a perfect prediction then has loss 0.0, not -0.0 (which prints as "-0.").
    if is_nd:
        nd = _nd()
        if dense:
            t = t if t_nd else nd.array(t, ctx=a.context, dtype=a.dtype)
            t = t.astype(a.dtype, copy=False)
            if from_logits:
                ls = _nd_log_softmax(a, 1, keep=False)
                return _nd_round(0.0 - nd.sum(t.astype(ls.dtype) * ls, axis=-1), a)
            terms = nd.where(t > 0, t * nd.log(a), nd.zeros_like(a))
            return 0.0 - nd.sum(terms, axis=-1)
        idx = y if is_ndarray(y) else nd.array(labels, ctx=a.context, dtype=a.dtype)
        if from_logits:
            return _nd_round(0.0 - nd.pick(_nd_log_softmax(a, 1, keep=False), idx, axis=-1), a)
        return 0.0 - nd.log(nd.pick(a, idx, axis=-1))

    rows = np.arange(n)
    if dense:
        t = np.asarray(t, dtype=a.dtype)
        if from_logits:
            log_p = log_softmax(a, axis=1)
        else:
            log_p = np.zeros_like(a)
            with np.errstate(divide="ignore"):
                np.log(a, out=log_p, where=t > 0)  # log 0 = −inf only where it counts (t > 0)
        terms = np.where(t > 0, t * log_p, 0).astype(a.dtype, copy=False)
        return 0.0 - terms.sum(axis=1)
    if from_logits:
        return (logsumexp(a, axis=1) - a[rows, labels]).astype(a.dtype, copy=False)
    with np.errstate(divide="ignore"):
        return 0.0 - np.log(a[rows, labels])


# ---------------------------------------------------------------------------------------------------------------
# information theory
# ---------------------------------------------------------------------------------------------------------------


def entropy(p: ArrayLike, base: float | None = None, axis: int = -1):
    """Entropy ``H[p] = −Σ_j p_j log p_j`` along ``axis`` with 0·log 0 = 0; nats, or ``H / ln(base)`` (base=2: bits).

    ``p`` must hold probability vectors along ``axis`` (≥ 0, summing to 1).
    """
    fn = "entropy"
    b = _check_base(base, fn)
    a, is_nd = as_float(p, fn, "p")
    ax = check_axis(axis, a.ndim, fn)
    check_probabilities(nd_values(a) if is_nd else a, fn, "p", axis=ax)
    if is_nd:
        nd = _nd()
        h = nd.sum(nd.where(a > 0, -a * nd.log(a), nd.zeros_like(a)), axis=ax) + 0.0  # + 0.0: no "-0."
        return h / float(np.log(b)) if b is not None else h
    log_p = np.zeros_like(a)
    np.log(a, out=log_p, where=a > 0)
    h = np.maximum(-(a * log_p).sum(axis=ax), 0) + 0.0  # ≥ 0 despite rounding; + 0.0 turns −0 into 0
    if b is not None:
        h = h / a.dtype.type(np.log(b))
    return h.astype(a.dtype, copy=False)[()]


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float | None = None, axis: int = -1):
    """KL divergence ``D(p‖q) = Σ_j p_j (log p_j − log q_j)`` along ``axis``; ≥ 0, and 0 iff p = q.

    Terms with p_j = 0 count as 0; ``D = +inf`` where q_j = 0 < p_j. Nats, or bits with ``base=2``.
    Note ``cross_entropy`` ``H(p, q) = H[p] + D(p‖q)``.
    """
    fn = "kl_divergence"
    b = _check_base(base, fn)
    a, a_nd = as_float(p, fn, "p")
    c, c_nd = as_float(q, fn, "q")
    if tuple(a.shape) != tuple(c.shape):
        raise ValueError(f"{fn}: p has shape {tuple(a.shape)} but q has shape {tuple(c.shape)}; they must match")
    ax = check_axis(axis, a.ndim, fn)
    check_probabilities(nd_values(a) if a_nd else a, fn, "p", axis=ax)
    check_probabilities(nd_values(c) if c_nd else c, fn, "q", axis=ax)
    if a_nd:
        nd = _nd()
        c = c if c_nd else nd.array(c, ctx=a.context, dtype=a.dtype)
        c = c.astype(a.dtype, copy=False)
        d = nd.sum(nd.where(a > 0, a * (nd.log(a) - nd.log(c)), nd.zeros_like(a)), axis=ax)
        d = nd.relu(d) + 0.0  # rounding can give −1e−17 for p ≈ q; D ≥ 0 exactly
        return d / float(np.log(b)) if b is not None else d
    if c_nd:
        c = nd_values(c)
    dtype = np.result_type(a.dtype, c.dtype)
    a = a.astype(dtype, copy=False)
    c = c.astype(dtype, copy=False)
    pos = a > 0
    terms = np.zeros_like(a)
    with np.errstate(divide="ignore"):
        terms[pos] = a[pos] * (np.log(a[pos]) - np.log(c[pos]))  # q = 0 < p → +inf
    d = np.maximum(terms.sum(axis=ax), 0) + 0.0  # rounding can give −1e−17 for p ≈ q; D ≥ 0 exactly
    if b is not None:
        d = d / dtype.type(np.log(b))
    return d.astype(dtype, copy=False)[()]


# ---------------------------------------------------------------------------------------------------------------
# evaluation
# ---------------------------------------------------------------------------------------------------------------


def accuracy(y_hat: ArrayLike, y: ArrayLike) -> float:
    """Fraction of correct predictions ``(1/n) Σ_i [argmax_j ŷ_ij == y_i]`` as a Python float.

    ``y_hat`` is ``(n, q)`` scores/probabilities/logits (the argmax is the prediction) or ``(n,)`` predicted
    labels; ``y`` is ``(n,)`` integer labels.
    """
    fn = "accuracy"
    rank = _ndim(y_hat)
    if rank == 2:
        a, is_nd = as_float(y_hat, fn, "y_hat", ndim=2)
        if is_nd:
            a = nd_values(a)  # accuracy returns a float, so this sync is needed anyway
        check_finite(a, fn, "y_hat")
        pred = a.argmax(axis=1)
        labels = labels_to_numpy(y, fn, "y", num_classes=a.shape[1])
    elif rank == 1:
        pred = labels_to_numpy(y_hat, fn, "y_hat")
        labels = labels_to_numpy(y, fn, "y")
    elif rank == -1 or y_hat is None or isinstance(y_hat, (str, bytes)):
        as_float(y_hat, fn, "y_hat")  # raises the precise TypeError
        raise TypeError(f"{fn}: y_hat is not an array of numbers")  # pragma: no cover
    else:
        raise ValueError(
            f"{fn}: y_hat must be (n, q) scores or (n,) predicted labels, got {rank}-D input"
        )
    check_same_batch(pred.shape[0], labels.shape[0], fn)
    return float(np.count_nonzero(pred == labels)) / labels.shape[0]
