"""Calibration of a classifier's probabilities: reliability bins, expected calibration error and
temperature scaling.

A classifier is *calibrated* when, among the samples it predicts with confidence about ``c`` (its
largest probability), a fraction of about ``c`` is classified correctly. The functions here work on
NumPy arrays (an MXNet ``NDArray`` is accepted too and copied to NumPy) and compute in float64:

* :func:`reliability_bins` — per equal-width confidence bin: sample count, mean confidence,
  accuracy (the bars of a reliability diagram);
* :func:`expected_calibration_error` — ECE = Σₖ (nₖ / n) · |accuracyₖ − confidenceₖ|;
* :func:`nll` — mean negative log-likelihood of the labels under ``softmax(logits / T)``, computed
  by the NumPy kernel of :func:`utils.numerics.cross_entropy`;
* :func:`fit_temperature` — the temperature ``T > 0`` that minimises :func:`nll` (temperature
  scaling).

Bins are right-closed, ``(k/B, (k+1)/B]``, and the first one also holds a confidence of exactly 0
(which cannot occur: the largest of ``q`` probabilities is at least ``1/q``). These are the
definitions of Guo et al. (2017), *On Calibration of Modern Neural Networks*. They are also the
reference for the book's interactive temperature figure, so keep the names and the conventions
stable.

:func:`reliability_bins` and :func:`expected_calibration_error` take probabilities; :func:`nll` and
:func:`fit_temperature` take logits (log-probabilities work too, since ``softmax(log p) = p``).

Errors (checked by :mod:`utils._validation`, as for :mod:`utils.numerics`): :class:`TypeError` for
the wrong kind of argument (``None``, strings, booleans, complex arrays, a float ``n_bins``),
:class:`ValueError` for a bad value (wrong rank or shape, empty, fewer than 2 classes, NaN/inf,
probabilities that are negative or whose rows do not sum to 1 within their dtype's tolerance (the
same as for :func:`utils.cross_entropy`), labels that are not integers or out of range, ``T <= 0``,
``n_bins < 1``). Messages read ``"<function>: <argument> …"``.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from . import _validation as validation
from . import numerics

__all__ = [
    "ReliabilityBins",
    "expected_calibration_error",
    "fit_temperature",
    "nll",
    "reliability_bins",
]

#: Default search interval of :func:`fit_temperature`.
TEMPERATURE_BOUNDS = (0.05, 20.0)


class ReliabilityBins(NamedTuple):
    """Per-bin statistics of a reliability diagram, each of shape ``(n_bins,)`` except ``edges``.

    ``edges`` (``n_bins + 1`` values from 0 to 1) are the bin boundaries; ``count`` (int64) the
    number of samples whose confidence falls in the bin; ``confidence`` their mean confidence and
    ``accuracy`` the fraction of them classified correctly (both NaN for an empty bin).
    """

    edges: np.ndarray
    count: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray


def reliability_bins(probs: Any, labels: Any, n_bins: int = 10) -> ReliabilityBins:
    """Split the samples into ``n_bins`` equal-width bins of confidence and summarise each bin.

    Parameters
    ----------
    probs:
        Predicted probabilities, shape ``(n, q)`` with ``q >= 2``; every row non-negative and
        summing to 1.
    labels:
        True class indices ``0 … q-1``, shape ``(n,)`` (integers, or floats with integral values).
    n_bins:
        Number of bins on [0, 1], at least 1. Bin ``k`` is ``(k/n_bins, (k+1)/n_bins]``.

    Returns
    -------
    ReliabilityBins
        ``edges`` (``n_bins + 1``), and per bin ``count``, mean ``confidence`` and ``accuracy``
        (NaN if empty). The confidence of a sample is its largest probability; it is correct when
        the argmax equals its label.
    """
    return _bins(validation.reliability_bins_args("reliability_bins", probs, labels, n_bins))


def _bins(args: validation.BinsArgs) -> ReliabilityBins:
    confidence = args.probs.max(axis=1)
    correct = (args.probs.argmax(axis=1) == args.labels).astype(np.float64)
    edges = np.linspace(0.0, 1.0, args.n_bins + 1)
    # right=True: edges[k-1] < c <= edges[k]; only the interior edges, so c = 0 goes to the first
    # bin and c = 1 to the last
    index = np.digitize(confidence, edges[1:-1], right=True)
    count = np.bincount(index, minlength=args.n_bins).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_confidence = np.bincount(index, weights=confidence, minlength=args.n_bins) / count
        accuracy = np.bincount(index, weights=correct, minlength=args.n_bins) / count
    return ReliabilityBins(edges, count, mean_confidence, accuracy)


def expected_calibration_error(probs: Any, labels: Any, n_bins: int = 10) -> float:
    """Expected calibration error: ``Σₖ (nₖ / n) · |accuracyₖ − confidenceₖ|`` over non-empty bins.

    Same arguments as :func:`reliability_bins`. The result lies in [0, 1]; 0 means that in every
    bin the accuracy equals the mean confidence. It depends on ``n_bins`` (more bins, fewer samples
    per bin, a noisier estimate).
    """
    fn = "expected_calibration_error"
    bins = _bins(validation.reliability_bins_args(fn, probs, labels, n_bins))
    full = bins.count > 0
    shares = bins.count[full] / bins.count.sum()
    return float(np.sum(shares * np.abs(bins.accuracy[full] - bins.confidence[full])))


def nll(logits: Any, labels: Any, T: float = 1.0) -> float:
    """Mean negative log-likelihood ``-(1/n) Σᵢ log softmax(logitsᵢ / T)[labelᵢ]``, in nats.

    Parameters
    ----------
    logits:
        Unnormalised scores (logits, not probabilities), shape ``(n, q)`` with ``q >= 2``, finite.
        Any finite matrix is a valid logit matrix, so probabilities passed by mistake are not
        detected: pass ``log(probs)``.
    labels:
        True class indices ``0 … q-1``, shape ``(n,)``.
    T:
        Temperature, a positive finite number (``T = 1`` is the model as trained).

    The mean of :func:`utils.cross_entropy` ``(logits / T, labels, from_logits=True)`` (the same
    NumPy kernel): log-sum-exp after subtracting each row's maximum, so large logits and small ``T``
    never overflow.
    """
    args = validation.nll_args(logits, labels, T)
    return _mean_nll(args.logits, args.labels, args.T)


def _mean_nll(logits: np.ndarray, labels: np.ndarray, T: float) -> float:
    losses = numerics._np_cross_entropy(logits / T, labels, dense=False, from_logits=True)
    return float(np.mean(losses))


def fit_temperature(
    logits: Any, labels: Any, bounds: tuple[float, float] = TEMPERATURE_BOUNDS
) -> float:
    """Temperature scaling: the ``T`` in ``bounds`` minimising :func:`nll` ``(logits, labels, T)``.

    A one-dimensional bounded minimisation (``scipy.optimize.minimize_scalar``, method
    ``"bounded"``) over ``log T``, so that halving and doubling ``T`` are equally far apart. The
    mean NLL is a convex function of ``1/T`` (a log-sum-exp minus a linear term), hence unimodal in
    ``log T``, so the minimum found is the global one within ``bounds``. Fit it on held-out data (a
    validation set), never on the training set — there the trained model already has a low NLL —
    nor on the test set.

    Parameters
    ----------
    logits, labels:
        As in :func:`nll`.
    bounds:
        ``(T_min, T_max)`` with ``0 < T_min < T_max`` (finite). Default ``(0.05, 20)``.

    Returns
    -------
    float
        The fitted temperature. ``T > 1`` softens the probabilities (the model was over-confident),
        ``T < 1`` sharpens them (under-confident). Dividing the logits by ``T`` does not change
        their argmax, so accuracy is unchanged. If the result lies at a bound, the NLL still
        decreases toward that bound (e.g. perfectly separated data push ``T`` toward 0): widen
        ``bounds`` or question the data.
    """
    from scipy.optimize import minimize_scalar

    args = validation.fit_temperature_args(logits, labels, bounds)
    result = minimize_scalar(
        lambda log_T: _mean_nll(args.logits, args.labels, math.exp(log_T)),
        bounds=(math.log(args.lower), math.log(args.upper)),
        method="bounded",
        options={"xatol": 1e-8},
    )
    return float(math.exp(result.x))
