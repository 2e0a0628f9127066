"""Input validation for :mod:`utils.numerics`.

Every helper takes the public function's name (``fn``) and the argument's name, so that an error reads like
``cross_entropy: y has label 1.5 at index 0, which is not an integer`` — it says *which* function and *what* is
wrong. Validation errors are :class:`TypeError` (wrong kind of thing: ``None``, strings, booleans, complex numbers,
``mxnet.numpy`` arrays) or :class:`ValueError` (right kind, bad value: wrong rank or shape, empty, NaN/inf, labels
out of range or not integral, "probabilities" that are negative or do not sum to 1).

MXNet is imported lazily: if ``mxnet`` has not been imported by the caller, nothing here can be an ``NDArray``, so
NumPy-only notebooks never pay for importing MXNet.

Cost model for ``NDArray`` inputs (see the module docstring of :mod:`utils.numerics` for the policy):
:func:`labels_to_numpy` copies the (small, already computed) label array to the host, which waits only for that
array's own producer — not for the network's forward pass; :func:`check_finite` / :func:`check_probabilities` on a
network *output* use :func:`nd_values`, which is the one place where a pipeline sync can happen.
"""

from __future__ import annotations

import math
import numbers
import sys
import warnings
from typing import Any

import numpy as np

__all__ = [
    "as_float",
    "check_axis",
    "check_finite",
    "check_num_classes",
    "check_probabilities",
    "check_same_batch",
    "is_ndarray",
    "labels_to_numpy",
    "nd_values",
    "prob_tolerance",
]

#: Arrays up to this many elements are value-checked elementwise (``np.isfinite(a).all()``), larger ones by a sum.
_SMALL = 1 << 16

#: Allowed |row sum − 1| for a probability vector, by dtype (rounding in the producer, not sloppiness, must pass).
_PROB_TOL = {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-6}


def _mx():
    """Return the ``mxnet`` module if the caller has already imported it, else ``None`` (never imports it)."""
    return sys.modules.get("mxnet")


def is_ndarray(x: Any) -> bool:
    """True for a legacy ``mxnet.nd.NDArray`` (``mxnet.numpy`` arrays are rejected by :func:`as_float`)."""
    mx = _mx()
    return mx is not None and isinstance(x, mx.nd.NDArray)


def _describe(x: Any) -> str:
    return type(x).__name__


def as_float(x: Any, fn: str, name: str, *, ndim: int | None = None, min_ndim: int = 1):
    """Validate ``x`` as a non-empty numeric array and return ``(array, is_nd)``.

    NumPy/list input becomes a floating NumPy array: float16/32/64 keep their dtype, integers become float64.
    ``NDArray`` input stays an ``NDArray`` (integers are cast to float32, MXNet's default). Booleans, complex
    numbers, strings, ``None`` and ragged lists raise :class:`TypeError`; wrong rank and empty arrays raise
    :class:`ValueError`. Values (NaN/inf) are *not* looked at here — see :func:`check_finite`.
    """
    if x is None:
        raise TypeError(f"{fn}: {name} is None; expected an array of numbers")
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{fn}: {name} is a string ({x!r:.40}); expected an array of numbers")
    mx = _mx()
    if mx is not None and isinstance(x, mx.nd.NDArray):
        if type(x).__module__.startswith("mxnet.numpy"):
            raise TypeError(
                f"{fn}: {name} is an mxnet.numpy ndarray; pass a legacy NDArray (x.as_nd_ndarray()) or NumPy array"
            )
        is_nd = True
        kind = np.dtype(x.dtype).kind
        if kind == "b":
            raise TypeError(f"{fn}: {name} has boolean dtype; cast it to a float type first")
        if kind in "iu":
            x = x.astype("float32")
        elif kind != "f":
            raise TypeError(f"{fn}: {name} has dtype {np.dtype(x.dtype)}; expected a real number type")
        arr = x
    else:
        is_nd = False
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # numpy 1.23 warns (not raises) on ragged nested lists
                arr = np.asarray(x)
        except (ValueError, TypeError) as err:
            raise TypeError(f"{fn}: {name} ({_describe(x)}) is not a rectangular array of numbers: {err}") from None
        kind = arr.dtype.kind
        if kind == "b":
            raise TypeError(f"{fn}: {name} has boolean dtype; cast it to a float type first")
        if kind in "iu":
            arr = arr.astype(np.float64)
        elif kind == "c":
            raise TypeError(f"{fn}: {name} is complex; expected real numbers")
        elif kind != "f":
            raise TypeError(
                f"{fn}: {name} ({_describe(x)} of dtype {arr.dtype}) is not an array of real numbers "
                "(strings, None or ragged nested lists?)"
            )
    shape = tuple(arr.shape)
    if ndim is not None and len(shape) != ndim:
        raise ValueError(f"{fn}: {name} must be {ndim}-D, got shape {shape}")
    if len(shape) < min_ndim:
        raise ValueError(f"{fn}: {name} must have at least {min_ndim} dimension(s), got shape {shape}")
    if math.prod(shape) == 0:
        raise ValueError(f"{fn}: {name} is empty (shape {shape})")
    return arr, is_nd


def nd_values(x) -> np.ndarray:
    """Host copy of an ``NDArray`` (waits for the array's producer — the only sync point of the checks)."""
    return x.asnumpy()


def check_axis(axis: Any, ndim: int, fn: str) -> int:
    """Normalise ``axis`` to ``0 <= axis < ndim``; reject non-integers and out-of-range axes."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (numbers.Integral, np.integer)):
        raise TypeError(f"{fn}: axis must be an int, got {axis!r}")
    axis = int(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{fn}: axis {axis} is out of range for an array with {ndim} dimension(s)")
    return axis % ndim


def check_finite(a: np.ndarray, fn: str, name: str) -> None:
    """Raise ``ValueError`` naming the first NaN/inf entry of ``a`` (a NumPy array)."""
    # Small arrays (a batch of logits): one ufunc + one reduction; this is the per-step path of the training loop,
    # where entering np.errstate alone costs as much as the whole test. Large arrays: one reduction, no boolean
    # temporary — NaN and ±inf reach the sum; if it is not finite (or merely overflowed), look element by element.
    if a.size <= _SMALL:
        if not np.isfinite(a).all():
            _raise_nonfinite(a, fn, name)
        return
    with np.errstate(over="ignore", invalid="ignore"):
        total = a.sum()
    if not np.isfinite(total) and not np.isfinite(a).all():
        _raise_nonfinite(a, fn, name)


def _raise_nonfinite(a: np.ndarray, fn: str, name: str) -> None:
    bad = np.argwhere(~np.isfinite(a))[0]
    where = tuple(int(i) for i in bad) if a.ndim > 1 else int(bad[0])
    raise ValueError(f"{fn}: {name} contains {a[tuple(bad)]} at index {where}; values must be finite")


def prob_tolerance(dtype) -> float:
    """Tolerance on |Σp − 1| for the given float dtype (1e-2 float16, 1e-4 float32, 1e-6 float64)."""
    return _PROB_TOL.get(np.dtype(dtype), 1e-6)


def check_probabilities(p: np.ndarray, fn: str, name: str, axis: int = -1) -> None:
    """Every slice of ``p`` along ``axis`` must be a probability vector: finite, ≥ 0 and summing to 1 (dtype tol)."""
    check_finite(p, fn, name)
    if (p < 0).any():
        bad = np.argwhere(p < 0)[0]
        where = tuple(int(i) for i in bad) if p.ndim > 1 else int(bad[0])
        raise ValueError(f"{fn}: {name} has a negative probability {p[tuple(bad)]} at index {where}")
    s = p.sum(axis=axis, dtype=np.float64)
    tol = prob_tolerance(p.dtype)
    off = np.abs(s - 1.0) > tol
    if off.any():
        bad = np.argwhere(np.atleast_1d(off))[0]
        worst = np.atleast_1d(s)[tuple(bad)]
        which = "" if np.ndim(s) == 0 else f" (slice {tuple(int(i) for i in bad) if np.ndim(s) > 1 else int(bad[0])})"
        hint = "; pass logits with from_logits=True or apply softmax first" if fn == "cross_entropy" else ""
        raise ValueError(
            f"{fn}: {name} is not normalised: probabilities along axis {axis} sum to {worst:.6g}{which}, "
            f"not 1 (tolerance {tol:g} for {p.dtype}){hint}"
        )


def labels_to_numpy(y: Any, fn: str, name: str, *, num_classes: int | None = None, ndim: int | None = 1) -> np.ndarray:
    """Validate class labels and return them as an int64 NumPy array.

    Accepts integer arrays and float arrays holding whole numbers (MXNet data pipelines hand out float32
    labels), as NumPy, lists or ``NDArray``. Rejects booleans (ambiguous: cast explicitly), non-integral values
    like 1.5, NaN/inf, negatives, and — when ``num_classes`` is given — labels ``>= num_classes``.
    """
    if y is None:
        raise TypeError(f"{fn}: {name} is None; expected integer class labels")
    if isinstance(y, (str, bytes)):
        raise TypeError(f"{fn}: {name} is a string ({y!r:.40}); expected integer class labels")
    if isinstance(y, (bool, np.bool_)):
        raise TypeError(f"{fn}: {name} is a boolean; expected integer class labels (cast with int(...))")
    if is_ndarray(y):
        if type(y).__module__.startswith("mxnet.numpy"):
            raise TypeError(f"{fn}: {name} is an mxnet.numpy ndarray; pass a legacy NDArray or NumPy array")
        a = nd_values(y)  # labels are input data: this waits only for their own copy, not the forward pass
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                a = np.asarray(y)
        except (ValueError, TypeError) as err:
            raise TypeError(f"{fn}: {name} is not a rectangular array of labels: {err}") from None
    kind = a.dtype.kind
    if kind == "b":
        raise TypeError(f"{fn}: {name} has boolean dtype; class labels must be integers (cast with .astype(int))")
    if kind not in "iuf":
        raise TypeError(f"{fn}: {name} (dtype {a.dtype}) must hold integer class labels")
    if ndim is not None and a.ndim != ndim:
        hint = " (flatten it with .reshape(-1))" if ndim == 1 and a.ndim == 2 and 1 in a.shape else ""
        raise ValueError(f"{fn}: {name} must be a {ndim}-D array of class labels, got shape {a.shape}{hint}")
    if a.size == 0:
        raise ValueError(f"{fn}: {name} is empty (shape {a.shape})")
    labels = a.astype(np.int64)
    # Float labels: one cast and one comparison on the hot path. Whole numbers in int64 range survive the round
    # trip; NaN, ±inf, fractions and huge values (cast to garbage by NumPy 1.23, silently) do not, and are
    # diagnosed below. (NumPy ≥ 1.24 would warn on casting NaN; MXNet 1.9 pins NumPy < 1.24.)
    if kind == "f" and (labels != a).any():
        lo, hi = a.min(), a.max()  # NaN propagates to both
        if not (np.isfinite(lo) and np.isfinite(hi)):
            _raise_nonfinite(a, fn, name)
        frac = a != np.round(a)
        if frac.any():
            i = np.argwhere(frac)[0]
            where = tuple(int(k) for k in i) if a.ndim > 1 else int(i[0])
            raise ValueError(f"{fn}: {name} has label {a[tuple(i)]} at index {where}, which is not an integer")
    else:
        lo, hi = labels.min(), labels.max()
    lo, hi = int(lo), int(hi)
    if lo < 0:
        raise ValueError(f"{fn}: {name} has a negative label {lo}; labels must be in 0..num_classes-1")
    if num_classes is not None and hi >= num_classes:
        raise ValueError(
            f"{fn}: {name} has label {hi}, out of range for {num_classes} classes (valid: 0..{num_classes - 1})"
        )
    return labels


def check_num_classes(num_classes: Any, fn: str) -> int:
    """``num_classes`` must be an int ≥ 1 (not a bool, not a float)."""
    if isinstance(num_classes, (bool, np.bool_)) or not isinstance(num_classes, (numbers.Integral, np.integer)):
        raise TypeError(f"{fn}: num_classes must be an int, got {num_classes!r}")
    if num_classes < 1:
        raise ValueError(f"{fn}: num_classes must be >= 1, got {num_classes}")
    return int(num_classes)


def check_same_batch(n_hat: int, n_y: int, fn: str, name_hat: str = "y_hat", name_y: str = "y") -> None:
    """The two arguments must describe the same number of examples."""
    if n_hat != n_y:
        raise ValueError(f"{fn}: batch sizes differ: {name_hat} has {n_hat} rows but {name_y} has {n_y}")
