"""Calibration of a classifier's probabilities: reliability bins, expected calibration error, temperature scaling.

A classifier is *calibrated* when, among the samples it predicts with confidence about ``c`` (its largest
probability), a fraction of about ``c`` is classified correctly. The functions here work on NumPy arrays (an MXNet
``NDArray`` is accepted too and copied to NumPy) and compute in float64:

* :func:`reliability_bins` — per equal-width confidence bin: sample count, mean confidence, accuracy
  (the bars of a reliability diagram);
* :func:`expected_calibration_error` — ECE = Σₖ (nₖ / n) · |accuracyₖ − confidenceₖ|;
* :func:`nll` — mean negative log-likelihood of the labels under ``softmax(logits / T)``;
* :func:`fit_temperature` — the temperature ``T > 0`` that minimises :func:`nll` (temperature scaling).

Bins are right-closed, ``(k/B, (k+1)/B]``, and the first one also holds a confidence of exactly 0 (which cannot
occur: the largest of ``q`` probabilities is at least ``1/q``). These are the definitions of Guo et al. (2017),
*On Calibration of Modern Neural Networks*. They are also the reference for the book's interactive temperature
figure, so keep the names and the conventions stable.

:func:`reliability_bins` and :func:`expected_calibration_error` take probabilities; :func:`nll` and
:func:`fit_temperature` take logits (log-probabilities work too, since ``softmax(log p) = p``).

Errors: :class:`TypeError` for the wrong kind of argument (``None``, strings, booleans, complex arrays, a float
``n_bins``), :class:`ValueError` for a bad value (wrong rank or shape, empty, NaN/inf, probabilities that are
negative or whose rows do not sum to 1, labels that are not integers or out of range, ``T <= 0``,
``n_bins < 1``). Messages start with the function's name and say what was expected and what was given.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, NamedTuple

import numpy as np
from scipy import special

__all__ = [
    "ReliabilityBins",
    "expected_calibration_error",
    "fit_temperature",
    "nll",
    "reliability_bins",
]

#: Allowed |row sum − 1| of a probability row (float32 softmax outputs round to about 1e-7 per entry).
PROB_TOLERANCE = 1e-4
#: Default search interval of :func:`fit_temperature`.
TEMPERATURE_BOUNDS = (0.05, 20.0)


class ReliabilityBins(NamedTuple):
    """Per-bin statistics of a reliability diagram, each an array of shape ``(n_bins,)`` except ``edges``.

    ``edges`` (``n_bins + 1`` values from 0 to 1) are the bin boundaries; ``count`` (int64) the number of samples
    whose confidence falls in the bin; ``confidence`` their mean confidence and ``accuracy`` the fraction of them
    classified correctly (both NaN for an empty bin).
    """

    edges: np.ndarray
    count: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray


# ---------------------------------------------------------------------------------------------------- validation


def _to_numpy(x: Any, fn: str, name: str) -> np.ndarray:
    if x is None or isinstance(x, (str, bytes, bool)):
        raise TypeError(f"{fn}: {name} must be an array, got {type(x).__name__}")
    if hasattr(x, "asnumpy"):  # mxnet NDArray
        x = x.asnumpy()
    a = np.asarray(x)
    if a.dtype == object or a.dtype.kind not in "biuf":
        raise TypeError(f"{fn}: {name} must be a real numeric array, got dtype {a.dtype}")
    return a


def _float_matrix(x: Any, fn: str, name: str) -> np.ndarray:
    a = _to_numpy(x, fn, name)
    if a.dtype.kind == "b":
        raise TypeError(f"{fn}: {name} must be a real numeric array, got dtype bool")
    if a.ndim != 2:
        raise ValueError(f"{fn}: {name} must be 2-D of shape (n_samples, n_classes), got shape {a.shape}")
    if a.shape[0] < 1 or a.shape[1] < 2:
        raise ValueError(f"{fn}: {name} needs at least 1 sample and 2 classes, got shape {a.shape}")
    a = a.astype(np.float64)
    if not np.isfinite(a).all():
        raise ValueError(f"{fn}: {name} contains NaN or infinity")
    return a


def _probabilities(probs: Any, fn: str) -> np.ndarray:
    p = _float_matrix(probs, fn, "probs")
    if (p < 0).any():
        i, j = np.argwhere(p < 0)[0]
        raise ValueError(f"{fn}: probs must be non-negative, got probs[{i}, {j}] = {p[i, j]!r}")
    err = np.abs(p.sum(axis=1) - 1.0)
    if (err > PROB_TOLERANCE).any():
        i = int(err.argmax())
        raise ValueError(
            f"{fn}: every row of probs must sum to 1 (within {PROB_TOLERANCE:g}); row {i} sums to "
            f"{p[i].sum()!r} — pass probabilities (e.g. softmax of the logits), not logits"
        )
    return p


def _labels(labels: Any, n: int, q: int, fn: str) -> np.ndarray:
    y = _to_numpy(labels, fn, "labels")
    if y.dtype.kind == "b":
        raise TypeError(f"{fn}: labels must be integer class indices, got dtype bool")
    if y.ndim != 1 or len(y) != n:
        raise ValueError(f"{fn}: labels must have shape ({n},) to match the {n} rows, got shape {y.shape}")
    if y.dtype.kind == "f" and not (whole := np.isfinite(y) & (y == np.round(y))).all():
        i = int(np.flatnonzero(~whole)[0])
        raise ValueError(f"{fn}: labels must be integer class indices, got labels[{i}] = {y[i]!r}")
    y = y.astype(np.int64)
    bad = (y < 0) | (y >= q)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{fn}: labels must be class indices 0..{q - 1}, got labels[{i}] = {y[i]}")
    return y


def _n_bins(n_bins: Any, fn: str) -> int:
    if isinstance(n_bins, bool) or not isinstance(n_bins, numbers.Integral):
        raise TypeError(f"{fn}: n_bins must be an int, got {type(n_bins).__name__}")
    if n_bins < 1:
        raise ValueError(f"{fn}: n_bins must be at least 1, got {n_bins}")
    return int(n_bins)


def _temperature(T: Any, fn: str, name: str = "T") -> float:
    if isinstance(T, bool) or not isinstance(T, numbers.Real):
        raise TypeError(f"{fn}: {name} must be a positive real number, got {type(T).__name__}")
    if not (math.isfinite(float(T)) and float(T) > 0):
        raise ValueError(f"{fn}: {name} must be positive and finite, got {T!r}")
    return float(T)


# ------------------------------------------------------------------------------------------------------ public API


def reliability_bins(probs: Any, labels: Any, n_bins: int = 10) -> ReliabilityBins:
    """Split the samples into ``n_bins`` equal-width bins of confidence and summarise each bin.

    Parameters
    ----------
    probs:
        Predicted probabilities, shape ``(n, q)`` with ``q >= 2``; every row non-negative and summing to 1.
    labels:
        True class indices ``0 … q-1``, shape ``(n,)`` (integers, or floats with integral values).
    n_bins:
        Number of bins on [0, 1], at least 1. Bin ``k`` is ``(k/n_bins, (k+1)/n_bins]``.

    Returns
    -------
    ReliabilityBins
        ``edges`` (``n_bins + 1``), and per bin ``count``, mean ``confidence`` and ``accuracy`` (NaN if empty).
        The confidence of a sample is its largest probability; it is correct when the argmax equals its label.
    """
    return _reliability_bins(probs, labels, n_bins, "reliability_bins")


def _reliability_bins(probs: Any, labels: Any, n_bins: Any, fn: str) -> ReliabilityBins:
    p = _probabilities(probs, fn)
    y = _labels(labels, p.shape[0], p.shape[1], fn)
    n_bins = _n_bins(n_bins, fn)
    conf = p.max(axis=1)
    correct = (p.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # right=True: bins[i-1] < c <= bins[i]; only interior edges, so c = 0 goes to bin 0 and c = 1 to the last bin
    idx = np.digitize(conf, edges[1:-1], right=True)
    count = np.bincount(idx, minlength=n_bins).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(idx, weights=conf, minlength=n_bins) / count
        acc = np.bincount(idx, weights=correct, minlength=n_bins) / count
    return ReliabilityBins(edges, count, mean_conf, acc)


def expected_calibration_error(probs: Any, labels: Any, n_bins: int = 10) -> float:
    """Expected calibration error: ``Σₖ (nₖ / n) · |accuracyₖ − confidenceₖ|`` over the non-empty bins.

    Same arguments as :func:`reliability_bins`. The result lies in [0, 1]; 0 means that in every bin the accuracy
    equals the mean confidence. It depends on ``n_bins`` (more bins, fewer samples per bin, a noisier estimate).
    """
    bins = _reliability_bins(probs, labels, n_bins, "expected_calibration_error")
    full = bins.count > 0
    weights = bins.count[full] / bins.count.sum()
    return float(np.sum(weights * np.abs(bins.accuracy[full] - bins.confidence[full])))


def nll(logits: Any, labels: Any, T: float = 1.0) -> float:
    """Mean negative log-likelihood ``-(1/n) Σᵢ log softmax(logitsᵢ / T)[labelᵢ]``, in nats.

    Parameters
    ----------
    logits:
        Unnormalised scores (logits, not probabilities), shape ``(n, q)`` with ``q >= 2``, finite. Any finite
        matrix is a valid logit matrix, so probabilities passed by mistake are not detected: pass ``log(probs)``.
    labels:
        True class indices ``0 … q-1``, shape ``(n,)``.
    T:
        Temperature, a positive finite number (``T = 1`` is the model as trained).

    Computed with log-sum-exp after subtracting each row's maximum, so large logits and small ``T`` never
    overflow.
    """
    fn = "nll"
    z = _float_matrix(logits, fn, "logits")
    y = _labels(labels, z.shape[0], z.shape[1], fn)
    T = _temperature(T, fn)
    return _nll(z, y, T)


def _nll(z: np.ndarray, y: np.ndarray, T: float) -> float:
    s = z / T
    return float(np.mean(special.logsumexp(s, axis=1) - s[np.arange(len(y)), y]))  # as numerics.cross_entropy


def fit_temperature(logits: Any, labels: Any, bounds: tuple[float, float] = TEMPERATURE_BOUNDS) -> float:
    """Temperature scaling: the ``T`` in ``bounds`` that minimises :func:`nll` ``(logits, labels, T)``.

    A one-dimensional bounded minimisation (``scipy.optimize.minimize_scalar``, method ``"bounded"``) over
    ``log T``, so that halving and doubling ``T`` are equally far apart. The mean NLL is a convex function of
    ``1/T`` (a log-sum-exp minus a linear term), hence unimodal in ``log T``, so the minimum found is the global one
    within ``bounds``. Fit it on held-out data (a validation set), never on the training set — there the trained
    model already has a low NLL — nor on the test set.

    Parameters
    ----------
    logits, labels:
        As in :func:`nll`.
    bounds:
        ``(T_min, T_max)`` with ``0 < T_min < T_max`` (finite). Default ``(0.05, 20)``.

    Returns
    -------
    float
        The fitted temperature. ``T > 1`` softens the probabilities (the model was over-confident), ``T < 1``
        sharpens them (under-confident). Dividing the logits by ``T`` does not change their argmax, so accuracy is
        unchanged. If the result lies at a bound, the NLL still decreases toward that bound (e.g. perfectly
        separated data push ``T`` toward 0): widen ``bounds`` or question the data.
    """
    from scipy.optimize import minimize_scalar

    fn = "fit_temperature"
    z = _float_matrix(logits, fn, "logits")
    y = _labels(labels, z.shape[0], z.shape[1], fn)
    if not (isinstance(bounds, (tuple, list)) and len(bounds) == 2):
        raise TypeError(f"{fn}: bounds must be a pair (T_min, T_max), got {bounds!r}")
    lo, hi = (_temperature(b, fn, "each bound") for b in bounds)
    if not lo < hi:
        raise ValueError(f"{fn}: bounds must satisfy T_min < T_max, got {bounds!r}")
    res = minimize_scalar(
        lambda u: _nll(z, y, math.exp(u)),
        bounds=(math.log(lo), math.log(hi)),
        method="bounded",
        options={"xatol": 1e-8},
    )
    return float(math.exp(res.x))
