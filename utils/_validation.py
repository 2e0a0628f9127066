"""Every input check of :mod:`utils`, in one place and one style.

Two layers:

* **Primitives** check one argument (or one rule between two) and return it ready to use:
  :func:`integer`, :func:`real_number`, :func:`positive_number`, :func:`nonnegative_number`,
  :func:`fraction`, :func:`flag`, :func:`log_base`, :func:`host_array`, :func:`real_array`,
  :func:`finite_array`, :func:`finite`, :func:`min_length`, :func:`axis_index`,
  :func:`probabilities` (one tolerance table, :data:`SUM_TOLERANCE`), :func:`labels` (the one
  class-label checker) and :func:`labels_match_rows`, :func:`length`, :func:`strings`,
  :func:`value_range` and :func:`weights`.
  The live figures (:mod:`utils.widgets`) call these for their traits, through
  ``utils.widgets._base``, which re-raises the errors as widget errors.
* **Entries**, one per public function of ``numerics``, ``calibration``, ``digits``,
  ``toy_images``, ``plotting`` and ``tables``, named ``<function>_args``: each checks all
  arguments of one call and returns them as a ``NamedTuple`` (one value alone is returned as it
  is).

Every message has one form, ``"<function>: <argument> …"``, e.g.
``"make_toy_images: n_per_class must be >= 1, got 0"`` (a live figure puts its class name first:
``"TemperatureSoftmax: T must be > 0, got -1.0"``). ``TypeError`` means the wrong kind of thing
(None, strings, booleans, complex, ragged lists, ``mxnet.numpy`` arrays); ``ValueError`` a bad
value (rank, shape, empty, NaN/inf, labels that are negative, too large or not whole numbers,
probabilities that are negative or whose slices do not sum to 1 within :data:`SUM_TOLERANCE`).

``NDArray`` values are checked on one host copy (``asnumpy``), which waits only for the array's
producer. MXNet is never imported here: if the caller has not, nothing is an ``NDArray``.
"""

from __future__ import annotations

import math
import numbers
import sys
import warnings
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

#: Finiteness is checked elementwise up to this many values; a larger array is summed first (no
#: boolean temporary), and only a non-finite sum leads to the elementwise check.
ELEMENTWISE_LIMIT = 1 << 16

#: Allowed |sum − 1| of a probability vector, by dtype (float32 softmax rounds each entry to ~1e-7).
SUM_TOLERANCE = {
    np.dtype(np.float16): 1e-2,
    np.dtype(np.float32): 1e-4,
    np.dtype(np.float64): 1e-6,
}


# --------------------------------------------------------------------------------------------------
# numbers
# --------------------------------------------------------------------------------------------------


def is_ndarray(value: Any) -> bool:
    """Whether ``value`` is a legacy MXNet ``NDArray`` (False whenever MXNet is not imported)."""
    mx = sys.modules.get("mxnet")
    return mx is not None and isinstance(value, mx.nd.NDArray)


def is_real_scalar(value: Any) -> bool:
    """Whether ``value`` is one real number (``int``, ``float``, a NumPy scalar; not a boolean)."""
    # NumPy scalars register as numbers.Real; booleans are numbers too, but never meant as one.
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def integer(fn: str, name: str, value: Any, minimum: int, maximum: int | None = None) -> int:
    """``value`` as an ``int`` in ``minimum .. maximum``; booleans and floats are refused."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{fn}: {name} must be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{fn}: {name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{fn}: {name} must be <= {maximum}, got {value}")
    return int(value)


def real_number(fn: str, name: str, value: Any) -> float:
    """A finite real number as a Python ``float``."""
    if not is_real_scalar(value):
        raise TypeError(f"{fn}: {name} must be a real number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{fn}: {name} must be finite, got {number}")
    return number


def positive_number(fn: str, name: str, value: Any) -> float:
    """A finite number > 0 (a temperature, λ, a bound)."""
    number = real_number(fn, name, value)
    if not number > 0:
        raise ValueError(f"{fn}: {name} must be > 0, got {number}")
    return number


def nonnegative_number(fn: str, name: str, value: Any) -> float:
    """A finite number >= 0 (a noise level, a weight)."""
    number = real_number(fn, name, value)
    if number < 0:
        raise ValueError(f"{fn}: {name} must be >= 0, got {number}")
    return number


def fraction(fn: str, name: str, value: Any) -> float:
    """A number strictly between 0 and 1 (a share of a data set)."""
    number = real_number(fn, name, value)
    if not 0.0 < number < 1.0:
        raise ValueError(f"{fn}: {name} must be strictly between 0 and 1, got {number}")
    return number


def flag(fn: str, name: str, value: Any) -> bool:
    """``True`` or ``False`` (NumPy booleans too), nothing that merely converts to one."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{fn}: {name} must be True or False, got {value!r}")
    return bool(value)


def log_base(fn: str, value: Any) -> float | None:
    """The ``base`` of a logarithm: ``None`` (nats) or a finite number > 0 other than 1."""
    if value is None:
        return None
    if not is_real_scalar(value):
        raise TypeError(
            f"{fn}: base must be None (nats) or a positive number such as 2 (bits), got {value!r}"
        )
    base = float(value)
    if not (math.isfinite(base) and base > 0 and base != 1):
        raise ValueError(f"{fn}: base must be positive and not 1, got {value!r}")
    return base


# --------------------------------------------------------------------------------------------------
# arrays
# --------------------------------------------------------------------------------------------------


class HostArray(NamedTuple):
    """An argument's values as a NumPy array, and whether the argument was an ``NDArray``."""

    values: np.ndarray
    is_ndarray: bool


class RealArray(NamedTuple):
    """A checked real array: ``values`` on the host (integers as float64) for the checks, ``array``
    to compute with (``values``, or the ``NDArray`` itself, integers as float32: MXNet's default).
    """

    values: np.ndarray
    array: Any
    is_ndarray: bool


def _first_true(mask: np.ndarray) -> tuple[int, ...]:
    """The index of the first True entry of ``mask`` (which has one)."""
    return tuple(int(k) for k in np.argwhere(mask)[0])


def _shown(index: tuple[int, ...]) -> Any:
    """An index as a message shows it: ``3`` for a 1-D array, ``(0, 3)`` otherwise."""
    return index[0] if len(index) == 1 else index


def host_array(fn: str, name: str, value: Any, expected: str) -> HostArray:
    """``value`` as NumPy (an ``NDArray`` copied to the host once); ``expected`` names what fits.

    Only the kind is checked here: None, strings, ``mxnet.numpy`` arrays and ragged nested lists
    raise ``TypeError``.
    """
    if isinstance(value, np.ndarray):
        return HostArray(value, False)
    if value is None or isinstance(value, (str, bytes)):
        kind = "None" if value is None else f"a string ({value!r:.40})"
        raise TypeError(f"{fn}: {name} is {kind}; expected {expected}")
    if is_ndarray(value):
        if type(value).__module__.startswith("mxnet.numpy"):
            raise TypeError(
                f"{fn}: {name} is an mxnet.numpy ndarray; pass a legacy NDArray or a NumPy array"
            )
        return HostArray(value.asnumpy(), True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NumPy 1.23 only warns on ragged lists (dtype object)
            return HostArray(np.asarray(value), False)
    except (ValueError, TypeError) as err:
        raise TypeError(
            f"{fn}: {name} ({type(value).__name__}) is not a rectangular array of numbers: {err}"
        ) from None


def _not_boolean(fn: str, name: str, host: HostArray, hint: str) -> None:
    if host.values.dtype.kind == "b":
        raise TypeError(f"{fn}: {name} has boolean dtype; {hint}")


def real_array(
    fn: str, name: str, value: Any, ndim: int | None = None, host: HostArray | None = None
) -> RealArray:
    """A non-empty array of real numbers, of rank ``ndim`` if given (at least 1-D).

    Float dtypes are kept; integers become float64 (NumPy) or float32 (``NDArray``). ``host``:
    :func:`host_array` of ``value`` if the caller has it already.
    """
    host = host or host_array(fn, name, value, "an array of numbers")
    _not_boolean(fn, name, host, "cast it to a float type first")
    values = host.values
    kind = values.dtype.kind
    if kind == "c":
        raise TypeError(f"{fn}: {name} is complex; expected real numbers")
    if kind not in "iuf":
        raise TypeError(
            f"{fn}: {name} ({type(value).__name__} of dtype {values.dtype}) is not an array of "
            "real numbers (strings, None or ragged nested lists?)"
        )
    if ndim is not None and values.ndim != ndim:
        raise ValueError(f"{fn}: {name} must be {ndim}-D, got shape {values.shape}")
    if values.ndim == 0:
        raise ValueError(f"{fn}: {name} must be at least 1-D, got shape {values.shape}")
    if values.size == 0:
        raise ValueError(f"{fn}: {name} is empty (shape {values.shape})")
    if kind != "f":
        values = values.astype(np.float64)
        if host.is_ndarray:
            return RealArray(values, value.astype("float32"), True)
        return RealArray(values, values, False)
    return RealArray(values, value if host.is_ndarray else values, host.is_ndarray)


def finite(fn: str, name: str, values: np.ndarray) -> None:
    """No NaN or ±inf in ``values``; the message shows the first one and its index."""
    if values.size <= ELEMENTWISE_LIMIT:
        ok = np.isfinite(values).all()  # a training step's path: np.errstate would cost as much
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            ok = np.isfinite(values.sum()) or np.isfinite(values).all()  # a sum can overflow
    if not ok:
        index = _first_true(~np.isfinite(values))
        raise ValueError(
            f"{fn}: {name} contains {values[index]} at index {_shown(index)}; values must be finite"
        )


def finite_array(fn: str, name: str, value: Any, ndim: int, min_entries: int = 1) -> np.ndarray:
    """A finite float64 array of rank ``ndim`` with at least ``min_entries`` along its last axis."""
    values = real_array(fn, name, value, ndim=ndim).values
    min_length(fn, name, values, min_entries)
    finite(fn, name, values)
    return values.astype(np.float64, copy=False)


def min_length(fn: str, name: str, values: np.ndarray, minimum: int, what: str = "entries") -> None:
    """At least ``minimum`` entries along the last axis (``what`` names them, e.g. "classes")."""
    if values.shape[-1] < minimum:
        raise ValueError(f"{fn}: {name} needs at least {minimum} {what}, got shape {values.shape}")


def axis_index(fn: str, axis: Any, ndim: int) -> int:
    """``axis`` of an array with ``ndim`` dimensions, as an index in ``0 .. ndim − 1``."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{fn}: axis must be an int, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{fn}: axis {axis} is out of range for an array with {ndim} dimension(s)")
    return int(axis) % ndim


def probabilities(fn: str, name: str, values: np.ndarray, axis: int, hint: str = "") -> None:
    """Every slice along ``axis`` is finite, >= 0 and sums to 1 within :data:`SUM_TOLERANCE`.

    ``hint`` ends the message of a slice that does not sum to 1 (what the caller probably meant).
    """
    finite(fn, name, values)
    if (values < 0).any():
        index = _first_true(values < 0)
        raise ValueError(
            f"{fn}: {name} has a negative probability {values[index]} at index {_shown(index)}"
        )
    sums = np.atleast_1d(values.sum(axis=axis, dtype=np.float64))
    tolerance = SUM_TOLERANCE.get(values.dtype, SUM_TOLERANCE[np.dtype(np.float64)])
    off = np.abs(sums - 1.0) > tolerance
    if off.any():
        index = _first_true(off)
        which = f" (slice {_shown(index)})" if values.ndim > 1 else ""
        raise ValueError(
            f"{fn}: {name} is not normalised: probabilities along axis {axis} sum to "
            f"{sums[index]:.6g}{which}, not 1 (tolerance {tolerance:g} for {values.dtype})"
            + (f"; {hint}" if hint else "")
        )


# --------------------------------------------------------------------------------------------------
# class labels
# --------------------------------------------------------------------------------------------------


def _label_bounds(fn: str, name: str, lowest: Any, highest: Any, num_classes: int | None) -> None:
    if lowest < 0:
        raise ValueError(
            f"{fn}: {name} has a negative label {int(lowest)}; labels must be in 0..num_classes-1"
        )
    if num_classes is not None and highest >= num_classes:
        raise ValueError(
            f"{fn}: {name} has label {int(highest)}, out of range for {num_classes} classes "
            f"(valid: 0..{num_classes - 1})"
        )


def labels(
    fn: str,
    name: str,
    value: Any,
    *,
    num_classes: int | None = None,
    ndim: int | None = 1,
    rows: int | None = None,
    rows_of: str = "y_hat",
    whole_floats: bool = True,
    host: HostArray | None = None,
) -> np.ndarray:
    """Class labels in ``0 .. num_classes − 1`` as int64: THE label check of ``utils``.

    Integers, or (``whole_floats``) floats holding whole numbers, as MXNet pipelines give.
    ``ndim``: the rank required (None: any); ``rows``: the number of rows of ``rows_of`` that the
    labels must match; ``host``: :func:`host_array` of ``value`` if the caller has it already.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{fn}: {name} is a boolean; expected integer class labels (cast with int(...))"
        )
    host = host or host_array(fn, name, value, "integer class labels")
    _not_boolean(fn, name, host, "class labels must be integers (cast with .astype(int))")
    values = host.values
    kind = values.dtype.kind
    if kind not in ("iuf" if whole_floats else "iu"):
        raise TypeError(f"{fn}: {name} (dtype {values.dtype}) must hold integer class labels")
    if ndim is not None and values.ndim != ndim:
        hint = " (flatten it with .reshape(-1))" if values.ndim == 2 and 1 in values.shape else ""
        raise ValueError(
            f"{fn}: {name} must be a {ndim}-D array of class labels, got shape {values.shape}{hint}"
        )
    if values.size == 0:
        raise ValueError(f"{fn}: {name} is empty (shape {values.shape})")
    if rows is not None and len(values) != rows:
        raise ValueError(f"{fn}: {name} has {len(values)} labels for the {rows} rows of {rows_of}")
    as_int = values.astype(np.int64)
    # Float labels: one cast and one comparison. Whole numbers survive the round trip; NaN, ±inf,
    # fractions and huge values (which NumPy 1.23 casts to garbage, silently) do not, and are
    # diagnosed here.
    if kind == "f" and (as_int != values).any():
        lowest, highest = values.min(), values.max()
        finite(fn, name, values)
        fractional = values != np.round(values)
        if fractional.any():
            index = _first_true(fractional)
            raise ValueError(
                f"{fn}: {name} has label {values[index]} at index {_shown(index)}, "
                "which is not an integer"
            )
    else:
        lowest, highest = as_int.min(), as_int.max()
    _label_bounds(fn, name, lowest, highest, num_classes)
    return as_int


def labels_match_rows(fn: str, name: str, checked: list[int], rows_of: str, rows: list) -> None:
    """Checked labels against checked score rows: one label per row, each below the row width."""
    length(fn, name, checked, len(rows), f"rows of {rows_of}")
    _label_bounds(fn, name, min(checked), max(checked), len(rows[0]))


# --------------------------------------------------------------------------------------------------
# sequences: counts, names, slider ranges, weights
# --------------------------------------------------------------------------------------------------


def length(fn: str, name: str, value: Sequence, expected: int, what: str) -> None:
    """``value`` has ``expected`` entries, one per ``what`` (e.g. "labels", "rows of logits")."""
    if len(value) != expected:
        raise ValueError(f"{fn}: {name} has {len(value)} entries for {expected} {what}")


def strings(fn: str, name: str, value: Any) -> list[str]:
    """A non-empty list (or tuple) of strings, e.g. class names."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{fn}: {name} must be a list of strings, got {value!r}")
    if not all(isinstance(entry, str) for entry in value):
        raise TypeError(f"{fn}: {name} must be a list of strings, got {value!r}")
    if len(value) == 0:
        raise ValueError(f"{fn}: {name} is empty")
    return list(value)


def value_range(
    fn: str, name: str, value: Any, *, positive: bool = False, nonnegative: bool = False
) -> list[float]:
    """A slider's ``(min, max)`` or ``(min, max, step)``: min < max, step > 0.

    ``positive`` / ``nonnegative``: every entry must be > 0 / min must be >= 0.
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{fn}: {name} must be (min, max) or (min, max, step), got {value!r}")
    if len(value) not in (2, 3):
        raise ValueError(f"{fn}: {name} must be (min, max) or (min, max, step), got {value!r}")
    check = positive_number if positive else real_number
    bounds = [check(fn, f"{name}[{i}]", entry) for i, entry in enumerate(value)]
    if nonnegative and bounds[0] < 0:
        raise ValueError(f"{fn}: {name}[0] must be >= 0, got {bounds[0]}")
    if not bounds[0] < bounds[1]:
        raise ValueError(f"{fn}: {name} needs min < max, got {value!r}")
    if len(bounds) == 3 and not bounds[2] > 0:
        raise ValueError(f"{fn}: {name} step must be > 0, got {bounds[2]}")
    return bounds


def weights(fn: str, name: str, value: Any, *, allow_all_zero: bool = True) -> np.ndarray:
    """Unnormalised weights of a distribution: finite, >= 0, at least 2 (float64, 1-D).

    ``allow_all_zero=False`` also refuses all zeros (they cannot be normalised).
    """
    values = finite_array(fn, name, value, 1, min_entries=2)
    if (values < 0).any():
        index = _first_true(values < 0)
        raise ValueError(f"{fn}: {name} must be >= 0, got {values[index]} at index {index[0]}")
    if not allow_all_zero and not values.sum() > 0:
        raise ValueError(f"{fn}: {name} must not all be 0 (they are normalised to probabilities)")
    return values


# ==================================================================================================
# one entry per public function
# ==================================================================================================

# --- utils.numerics -------------------------------------------------------------------------------


class LogitsArgs(NamedTuple):
    array: Any  # NumPy array or NDArray to compute with
    axis: int  # in 0 .. ndim − 1
    is_ndarray: bool


def logits_args(fn: str, o: Any, axis: Any) -> LogitsArgs:
    """softmax, log_softmax, logsumexp: finite logits ``o`` and the ``axis`` to reduce."""
    logits = real_array(fn, "o", o)
    axis = axis_index(fn, axis, logits.values.ndim)
    finite(fn, "o", logits.values)
    return LogitsArgs(logits.array, axis, logits.is_ndarray)


class OneHotArgs(NamedTuple):
    labels: np.ndarray  # int64, any shape
    num_classes: int


def one_hot_args(labels_value: Any, num_classes: Any) -> OneHotArgs:
    """one_hot: labels of any shape, in ``0 .. num_classes − 1``."""
    classes = integer("one_hot", "num_classes", num_classes, 1)
    checked = labels("one_hot", "labels", labels_value, num_classes=classes, ndim=None)
    return OneHotArgs(checked, classes)


class CrossEntropyArgs(NamedTuple):
    y_hat: Any  # (n, q) NumPy array or NDArray to compute with
    target: Any  # (n,) int64 labels or (n, q) rows; the NDArray y itself if y_hat and y are both
    dense: bool  # target holds probability rows
    is_ndarray: bool
    from_logits: bool
    base: float | None


def cross_entropy_args(y_hat: Any, y: Any, from_logits: Any, base: Any) -> CrossEntropyArgs:
    """cross_entropy: scores ``y_hat`` (n, q), labels or probability rows ``y``, flags."""
    fn = "cross_entropy"
    from_logits = flag(fn, "from_logits", from_logits)
    base = log_base(fn, base)
    scores = real_array(fn, "y_hat", y_hat, ndim=2)
    host = host_array(fn, "y", y, "integer class labels or probability rows")
    dense = host.values.ndim == 2
    if dense:
        rows = real_array(fn, "y", y, ndim=2, host=host)
        if rows.values.shape != scores.values.shape:
            hint = (
                "; for integer labels flatten y with .reshape(-1)"
                if rows.values.shape[1] == 1
                else ""
            )
            raise ValueError(
                f"{fn}: y has shape {rows.values.shape} but y_hat has shape "
                f"{scores.values.shape}; probability labels must match y_hat (or pass integer "
                f"labels of shape (n,)){hint}"
            )
        probabilities(fn, "y", rows.values, axis=1)
        target = rows.array if scores.is_ndarray else rows.values
    else:
        n, q = scores.values.shape
        target = labels(fn, "y", y, num_classes=q, rows=n, host=host)
        if scores.is_ndarray and host.is_ndarray:
            target = y
    if from_logits:
        finite(fn, "y_hat (logits)", scores.values)
    else:
        hint = "pass logits with from_logits=True or apply softmax first"
        probabilities(fn, "y_hat", scores.values, axis=1, hint=hint)
    return CrossEntropyArgs(scores.array, target, dense, scores.is_ndarray, from_logits, base)


class DistributionArgs(NamedTuple):
    p: Any  # NumPy array or NDArray to compute with
    q: Any  # None (entropy); NumPy, or an NDArray if p and q both are
    axis: int
    is_ndarray: bool  # p is an NDArray
    base: float | None


def distributions_args(fn: str, p: Any, q: Any, base: Any, axis: Any) -> DistributionArgs:
    """entropy (``q=None``), kl_divergence: probability vectors along ``axis``."""
    base = log_base(fn, base)
    first = real_array(fn, "p", p)
    second = real_array(fn, "q", q) if q is not None else None
    if second is not None and second.values.shape != first.values.shape:
        raise ValueError(
            f"{fn}: p has shape {first.values.shape} but q has shape {second.values.shape}; "
            "they must match"
        )
    axis = axis_index(fn, axis, first.values.ndim)
    probabilities(fn, "p", first.values, axis)
    if second is not None:
        probabilities(fn, "q", second.values, axis)
        q = second.array if (first.is_ndarray and second.is_ndarray) else second.values
    return DistributionArgs(first.array, q, axis, first.is_ndarray, base)


class AccuracyArgs(NamedTuple):
    predicted: np.ndarray  # (n,) int64
    labels: np.ndarray  # (n,) int64


def accuracy_args(y_hat: Any, y: Any) -> AccuracyArgs:
    """accuracy: (n, q) scores or (n,) predicted labels, and (n,) true labels."""
    fn = "accuracy"
    host = host_array(fn, "y_hat", y_hat, "an array of numbers")
    if host.values.ndim == 2:
        scores = real_array(fn, "y_hat", y_hat, ndim=2, host=host).values
        finite(fn, "y_hat", scores)
        n, q = scores.shape
        return AccuracyArgs(scores.argmax(axis=1), labels(fn, "y", y, num_classes=q, rows=n))
    if host.values.ndim == 1:
        predicted = labels(fn, "y_hat", y_hat, host=host)
        return AccuracyArgs(predicted, labels(fn, "y", y, rows=len(predicted)))
    raise ValueError(
        f"{fn}: y_hat must be (n, q) scores or (n,) predicted labels, "
        f"got {host.values.ndim}-D input"
    )


class GapArgs(NamedTuple):
    logits: np.ndarray  # (n,) float64, finite
    lam: float  # > 0


def realsoftmax_gap_args(logits: Any, lam: Any) -> GapArgs:
    """realsoftmax_gap: finite 1-D logits and λ > 0."""
    fn = "realsoftmax_gap"
    return GapArgs(finite_array(fn, "logits", logits, 1), positive_number(fn, "lam", lam))


# --- utils.calibration ----------------------------------------------------------------------------


class ScoresAndLabels(NamedTuple):
    scores: np.ndarray  # (n, q) float64, q >= 2
    labels: np.ndarray  # (n,) int64 in 0 .. q − 1


def _scores_and_labels(fn: str, name: str, scores: Any, labels_value: Any) -> ScoresAndLabels:
    """A finite (n, q) matrix ``name`` with q >= 2 columns, and n labels below q."""
    matrix = real_array(fn, name, scores, ndim=2).values
    min_length(fn, name, matrix, 2, "classes (columns)")
    finite(fn, name, matrix)
    n, q = matrix.shape
    checked = labels(fn, "labels", labels_value, num_classes=q, rows=n, rows_of=name)
    return ScoresAndLabels(matrix, checked)


class BinsArgs(NamedTuple):
    probs: np.ndarray  # (n, q) float64 probability rows
    labels: np.ndarray  # (n,) int64
    n_bins: int


def reliability_bins_args(fn: str, probs: Any, labels_value: Any, n_bins: Any) -> BinsArgs:
    """reliability_bins, expected_calibration_error: probability rows, labels, ``n_bins >= 1``."""
    matrix, checked = _scores_and_labels(fn, "probs", probs, labels_value)
    hint = "pass probabilities (e.g. softmax of the logits), not logits"
    probabilities(fn, "probs", matrix, axis=1, hint=hint)
    bins = integer(fn, "n_bins", n_bins, 1)
    return BinsArgs(matrix.astype(np.float64, copy=False), checked, bins)


class NllArgs(NamedTuple):
    logits: np.ndarray  # (n, q) float64
    labels: np.ndarray  # (n,) int64
    T: float


def nll_args(logits: Any, labels_value: Any, T: Any) -> NllArgs:
    """nll: finite logits, labels, a temperature ``T > 0``."""
    matrix, checked = _scores_and_labels("nll", "logits", logits, labels_value)
    temperature = positive_number("nll", "T", T)
    return NllArgs(matrix.astype(np.float64, copy=False), checked, temperature)


class FitTemperatureArgs(NamedTuple):
    logits: np.ndarray  # (n, q) float64
    labels: np.ndarray  # (n,) int64
    lower: float  # 0 < lower < upper
    upper: float


def fit_temperature_args(logits: Any, labels_value: Any, bounds: Any) -> FitTemperatureArgs:
    """fit_temperature: finite logits, labels, ``bounds = (T_min, T_max)``, 0 < T_min < T_max."""
    fn = "fit_temperature"
    matrix, checked = _scores_and_labels(fn, "logits", logits, labels_value)
    if not (isinstance(bounds, (tuple, list)) and len(bounds) == 2):
        raise TypeError(f"{fn}: bounds must be a pair (T_min, T_max), got {bounds!r}")
    lower, upper = (positive_number(fn, f"bounds[{i}]", bound) for i, bound in enumerate(bounds))
    if not lower < upper:
        raise ValueError(f"{fn}: bounds must satisfy T_min < T_max, got {bounds!r}")
    return FitTemperatureArgs(matrix.astype(np.float64, copy=False), checked, lower, upper)


# --- utils.digits ---------------------------------------------------------------------------------


class SplitArgs(NamedTuple):
    seed: int
    n_val: int  # images in the validation set
    n_test: int  # images in the test set


def load_digits_split_args(
    val_size: Any, test_size: Any, seed: Any, num_images: int, num_classes: int
) -> SplitArgs:
    """load_digits_split: two fractions of ``num_images`` leaving >= ``num_classes`` per part."""
    fn = "load_digits_split"
    val_size = fraction(fn, "val_size", val_size)
    test_size = fraction(fn, "test_size", test_size)
    seed = integer(fn, "seed", seed, 0)
    if val_size + test_size >= 1.0:
        raise ValueError(
            f"{fn}: val_size + test_size must be below 1 so that images are left for training, "
            f"got {val_size!r} + {test_size!r} = {val_size + test_size!r}"
        )
    n_val = math.ceil(val_size * num_images)
    n_test = math.ceil(test_size * num_images)
    n_train = num_images - n_val - n_test
    if min(n_train, n_val, n_test) < num_classes:
        raise ValueError(
            f"{fn}: val_size={val_size!r}, test_size={test_size!r} give {n_train} train, {n_val} "
            f"validation and {n_test} test images; each part needs at least {num_classes} so "
            "that every digit appears"
        )
    return SplitArgs(seed, n_val, n_test)


# --- utils.toy_images -----------------------------------------------------------------------------


class ToyImagesArgs(NamedTuple):
    n_per_class: int
    seed: int
    noise: float


def make_toy_images_args(n_per_class: Any, seed: Any, noise: Any) -> ToyImagesArgs:
    """make_toy_images: ``n_per_class >= 1``, ``seed >= 0``, a finite ``noise >= 0``."""
    fn = "make_toy_images"
    return ToyImagesArgs(
        integer(fn, "n_per_class", n_per_class, 1),
        integer(fn, "seed", seed, 0),
        nonnegative_number(fn, "noise", noise),
    )


def flatten_args(images: Any) -> np.ndarray:
    """flatten: images of shape (n, 2, 2), or one image (2, 2)."""
    values = np.asarray(images)
    if values.shape != (2, 2) and (values.ndim != 3 or values.shape[1:] != (2, 2)):
        raise ValueError(
            f"flatten: images must have shape (n, 2, 2) or (2, 2), got shape {values.shape}"
        )
    return values


def class_names_args(labels_value: Any, num_classes: int) -> np.ndarray:
    """class_names: integer labels below ``num_classes``, 0-D or 1-D, possibly empty."""
    fn = "class_names"
    host = host_array(fn, "labels", labels_value, "integer class labels")
    if host.values.ndim > 1:
        raise ValueError(f"{fn}: labels must be 0-D or 1-D, got shape {host.values.shape}")
    if host.values.size == 0:
        return np.zeros(0, np.int64)
    return labels(
        fn,
        "labels",
        labels_value,
        num_classes=num_classes,
        ndim=None,
        host=host,
        whole_floats=False,
    )


# --- utils.plotting -------------------------------------------------------------------------------


def bar_probs_args(probs: Any, names: Any) -> np.ndarray:
    """bar_probs: real values (flattened to 1-D) and one label per value."""
    values = real_array("bar_probs", "probs", probs).values.ravel()
    length("bar_probs", "labels", names, len(values), "probabilities")
    return values


class ShowImagesArgs(NamedTuple):
    images: list[np.ndarray]  # 2-D float arrays
    ncols: int  # columns of the grid, at most one per image


def show_images_args(images: Any, titles: Any, ncols: Any) -> ShowImagesArgs:
    """show_images: a non-empty sequence of 2-D images, one title each (if any), ``ncols >= 1``."""
    fn = "show_images"
    pictures = [np.asarray(image, dtype=float) for image in images]
    if not pictures:
        raise ValueError(f"{fn}: images is empty; give at least one image")
    for i, picture in enumerate(pictures):
        if picture.ndim != 2:
            raise ValueError(
                f"{fn}: images[{i}] must be 2-D (height, width), got shape {picture.shape}"
            )
    if titles is not None:
        length(fn, "titles", titles, len(pictures), "images")
    columns = integer(fn, "ncols", ncols, 1)
    return ShowImagesArgs(pictures, min(columns, len(pictures)))


class DrawNetworkArgs(NamedTuple):
    n_inputs: int
    n_outputs: int
    input_labels: Sequence[str]
    output_labels: Sequence[str]


def draw_network_args(
    n_inputs: Any, n_outputs: Any, input_labels: Any, output_labels: Any
) -> DrawNetworkArgs:
    """draw_network: node counts >= 1; labels default to ``$x_i$`` and ``$o_j$``, one per node."""
    fn = "draw_network"
    n_inputs = integer(fn, "n_inputs", n_inputs, 1)
    n_outputs = integer(fn, "n_outputs", n_outputs, 1)
    if input_labels is None:
        input_labels = [f"$x_{{{i + 1}}}$" for i in range(n_inputs)]
    if output_labels is None:
        output_labels = [f"$o_{{{j + 1}}}$" for j in range(n_outputs)]
    length(fn, "input_labels", input_labels, n_inputs, "inputs")
    length(fn, "output_labels", output_labels, n_outputs, "outputs")
    return DrawNetworkArgs(n_inputs, n_outputs, input_labels, output_labels)


# --- utils.tables ---------------------------------------------------------------------------------


class TableArgs(NamedTuple):
    rows: list[list[Any]]  # one list per row, each as long as header
    header: list[str]
    formats: list[str | None]  # one spec (or None) per column
    align: str | None  # one of "l", "r", "c" per column, or None (chosen from the cells)
    caption: str | None


def table_args(rows: Any, header: Any, formats: Any, align: Any, caption: Any) -> TableArgs:
    """table: a header of strings, rows as long as the header, one format and alignment each."""
    fn = "table"
    names = strings(fn, "header", header)
    columns = len(names)
    if isinstance(rows, (str, bytes)) or not isinstance(rows, (Sequence, np.ndarray)):
        raise TypeError(f"{fn}: rows must be a list of rows, got {rows!r:.60}")
    if len(rows) == 0:
        raise ValueError(f"{fn}: rows is empty; give at least one row")
    body = []
    for i, row in enumerate(rows):
        if isinstance(row, (str, bytes)) or not isinstance(row, (Sequence, np.ndarray)):
            raise TypeError(f"{fn}: rows[{i}] must be a sequence of cells, got {row!r:.60}")
        if len(row) != columns:
            raise ValueError(
                f"{fn}: rows[{i}] has {len(row)} cells for the {columns} columns of header "
                "(every row needs one value per column)"
            )
        body.append(list(row))
    if formats is None:
        specs: list[str | None] = [None] * columns
    else:
        if isinstance(formats, (str, bytes)) or not isinstance(formats, Sequence):
            raise TypeError(
                f"{fn}: formats must be a list of format specs (or None), one per column, "
                f"got {formats!r}"
            )
        length(fn, "formats", formats, columns, "columns of header")
        for i, spec in enumerate(formats):
            if spec is not None and not isinstance(spec, str):
                raise TypeError(f"{fn}: formats[{i}] must be a format spec or None, got {spec!r}")
        specs = list(formats)
    if align is not None:
        if not isinstance(align, str):
            raise TypeError(f"{fn}: align must be a string such as 'lrr', got {align!r}")
        length(fn, "align", align, columns, "columns of header")
        wrong = [letter for letter in align if letter not in "lrc"]
        if wrong:
            raise ValueError(
                f"{fn}: align has {wrong[0]!r}; use 'l' (left), 'r' (right) or 'c' (centre)"
            )
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"{fn}: caption must be a string or None, got {caption!r}")
    return TableArgs(body, names, specs, align, caption)
