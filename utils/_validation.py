"""Input validation for :mod:`utils.numerics`: one ``*_args`` function per public function.

Each checks all arguments of one call and returns them ready to compute with. Messages start with the public
function's name and say what is wrong: ``TypeError`` for the wrong kind of thing (None, strings, booleans, complex,
ragged lists, ``mxnet.numpy`` arrays), ``ValueError`` for a bad value (rank, shape, empty, NaN/inf, labels that are
negative, too large or not whole numbers, probabilities that are negative or whose slices do not sum to 1 within
1e-2/1e-4/1e-6 for float16/32/64). ``NDArray`` values are checked on one host copy (``asnumpy``), which waits only
for the array's producer. MXNet is never imported here: if the caller has not, nothing is an ``NDArray``.
"""

from __future__ import annotations

import numbers
import sys
import warnings
from typing import Any

import numpy as np

_SMALL = 1 << 16  # finiteness: elementwise up to this size; larger arrays are summed first (no boolean temporary)
_PROB_TOL = {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-6}
Host = tuple[np.ndarray, bool]  # an argument's values as NumPy, and whether it was an NDArray


def is_ndarray(x: Any) -> bool:
    mx = sys.modules.get("mxnet")
    return mx is not None and isinstance(x, mx.nd.NDArray)


def integer(value: Any, name: str, minimum: int) -> int:
    """``value`` as an ``int`` ≥ ``minimum``; ``name`` starts the message. Bools and floats raise ``TypeError``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _first(mask: np.ndarray) -> tuple[tuple, Any]:
    """Index of the first True of ``mask``, as a tuple (to index with) and as it reads in a message."""
    i = tuple(int(k) for k in np.argwhere(mask)[0])
    return i, i[0] if len(i) == 1 else i


def _host(x: Any, fn: str, name: str, what: str) -> Host:
    """``(values as a NumPy array, is_nd)``; an ``NDArray`` is copied to the host once."""
    if isinstance(x, np.ndarray):
        return x, False
    if x is None or isinstance(x, (str, bytes)):
        kind = "None" if x is None else f"a string ({x!r:.40})"
        raise TypeError(f"{fn}: {name} is {kind}; expected {what}")
    if is_ndarray(x):
        if type(x).__module__.startswith("mxnet.numpy"):
            raise TypeError(f"{fn}: {name} is an mxnet.numpy ndarray; pass a legacy NDArray or a NumPy array")
        return x.asnumpy(), True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NumPy 1.23 only warns on ragged nested lists (dtype object)
            return np.asarray(x), False
    except (ValueError, TypeError) as err:
        raise TypeError(f"{fn}: {name} ({type(x).__name__}) is not a rectangular array of numbers: {err}") from None


def _host_not_bool(x: Any, fn: str, name: str, what: str, h: Host | None, hint: str) -> Host:
    """``h`` or ``_host(x)``, refusing a boolean dtype (``hint`` says what to do instead)."""
    v, is_nd = h or _host(x, fn, name, what)
    if v.dtype.kind == "b":
        raise TypeError(f"{fn}: {name} has boolean dtype; {hint}")
    return v, is_nd


def _real(x: Any, fn: str, name: str, ndim: int | None = None, h: Host | None = None) -> tuple[np.ndarray, Any, bool]:
    """A non-empty real array → ``(host values, array to compute with, is_nd)``; ``h``: ``_host(x)`` if known.

    Float dtypes are kept; integers become float64 (NumPy) or float32 (``NDArray``, MXNet's default).
    """
    v, is_nd = _host_not_bool(x, fn, name, "an array of numbers", h, "cast it to a float type first")
    kind = v.dtype.kind
    if kind == "c":
        raise TypeError(f"{fn}: {name} is complex; expected real numbers")
    if kind not in "iuf":
        raise TypeError(
            f"{fn}: {name} ({type(x).__name__} of dtype {v.dtype}) is not an array of real numbers "
            "(strings, None or ragged nested lists?)"
        )
    if ndim is not None and v.ndim != ndim:
        raise ValueError(f"{fn}: {name} must be {ndim}-D, got shape {v.shape}")
    if v.ndim == 0:
        raise ValueError(f"{fn}: {name} must have at least 1 dimension(s), got shape {v.shape}")
    if v.size == 0:
        raise ValueError(f"{fn}: {name} is empty (shape {v.shape})")
    if kind != "f":
        v = v.astype(np.float64)
        return (v, x.astype("float32"), True) if is_nd else (v, v, False)
    return v, (x if is_nd else v), is_nd


def _axis(axis: Any, ndim: int, fn: str) -> int:
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{fn}: axis must be an int, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{fn}: axis {axis} is out of range for an array with {ndim} dimension(s)")
    return int(axis) % ndim


def _finite(v: np.ndarray, fn: str, name: str) -> None:
    if v.size <= _SMALL:
        ok = np.isfinite(v).all()  # the per-step path of a training loop: entering np.errstate costs as much
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            ok = np.isfinite(v.sum()) or np.isfinite(v).all()  # a finite sum may still overflow
    if not ok:
        i, at = _first(~np.isfinite(v))
        raise ValueError(f"{fn}: {name} contains {v[i]} at index {at}; values must be finite")


def _probabilities(v: np.ndarray, fn: str, name: str, axis: int) -> None:
    """Every slice along ``axis`` is finite, ≥ 0 and sums to 1 within the dtype's tolerance."""
    _finite(v, fn, name)
    if (v < 0).any():
        i, at = _first(v < 0)
        raise ValueError(f"{fn}: {name} has a negative probability {v[i]} at index {at}")
    s = np.atleast_1d(v.sum(axis=axis, dtype=np.float64))
    tol = _PROB_TOL.get(v.dtype, 1e-6)
    if (np.abs(s - 1.0) > tol).any():
        i, at = _first(np.abs(s - 1.0) > tol)
        which = f" (slice {at})" if v.ndim > 1 else ""
        hint = "; pass logits with from_logits=True or apply softmax first" if name == "y_hat" else ""
        raise ValueError(
            f"{fn}: {name} is not normalised: probabilities along axis {axis} sum to {s[i]:.6g}{which}, "
            f"not 1 (tolerance {tol:g} for {v.dtype}){hint}"
        )


def _labels(
    x: Any, fn: str, name: str, q: int | None = None, ndim: int | None = 1, n: int | None = None, h: Host | None = None
) -> np.ndarray:
    """Class labels in 0..q−1 as int64, from integers or floats holding whole numbers (as MXNet pipelines give).

    ``n``: the number of rows of ``y_hat`` (the labels must match it); ``h``: ``_host(x)`` if known.
    """
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{fn}: {name} is a boolean; expected integer class labels (cast with int(...))")
    a, _ = _host_not_bool(
        x, fn, name, "integer class labels", h, "class labels must be integers (cast with .astype(int))"
    )
    kind = a.dtype.kind
    if kind not in "iuf":
        raise TypeError(f"{fn}: {name} (dtype {a.dtype}) must hold integer class labels")
    if ndim is not None and a.ndim != ndim:
        hint = " (flatten it with .reshape(-1))" if a.ndim == 2 and 1 in a.shape else ""
        raise ValueError(f"{fn}: {name} must be a {ndim}-D array of class labels, got shape {a.shape}{hint}")
    if a.size == 0:
        raise ValueError(f"{fn}: {name} is empty (shape {a.shape})")
    if n is not None and len(a) != n:
        raise ValueError(f"{fn}: batch sizes differ: y_hat has {n} rows but {name} has {len(a)}")
    labels = a.astype(np.int64)
    # Float labels: one cast and one comparison. Whole numbers survive the round trip; NaN, ±inf, fractions and
    # huge values (which NumPy 1.23 casts to garbage, silently) do not, and are diagnosed here.
    if kind == "f" and (labels != a).any():
        lo, hi = a.min(), a.max()
        _finite(a, fn, name)
        if (a != np.round(a)).any():
            i, at = _first(a != np.round(a))
            raise ValueError(f"{fn}: {name} has label {a[i]} at index {at}, which is not an integer")
    else:
        lo, hi = labels.min(), labels.max()
    if lo < 0:
        raise ValueError(f"{fn}: {name} has a negative label {int(lo)}; labels must be in 0..num_classes-1")
    if q is not None and hi >= q:
        raise ValueError(f"{fn}: {name} has label {int(hi)}, out of range for {q} classes (valid: 0..{q - 1})")
    return labels


# --- one entry point per public function ------------------------------------------------------------------------


def logits_args(fn: str, o: Any, axis: Any) -> tuple[Any, int, bool]:
    """softmax, log_softmax, logsumexp: finite logits ``o`` → ``(array, axis in 0..ndim-1, is_nd)``."""
    v, a, is_nd = _real(o, fn, "o")
    ax = _axis(axis, v.ndim, fn)
    _finite(v, fn, "o")
    return a, ax, is_nd


def one_hot_args(labels: Any, num_classes: Any) -> tuple[np.ndarray, int]:
    """one_hot: ``(int64 labels of any shape, num_classes)``."""
    q = integer(num_classes, "one_hot: num_classes", 1)
    return _labels(labels, "one_hot", "labels", q=q, ndim=None), q


def cross_entropy_args(y_hat: Any, y: Any, from_logits: Any) -> tuple[Any, Any, bool, bool]:
    """cross_entropy: ``(y_hat (n, q), t, dense, is_nd)``; t: ``y`` if an NDArray, else (n,) int64 or (n, q) rows."""
    fn = "cross_entropy"
    if not isinstance(from_logits, (bool, np.bool_)):
        raise TypeError(f"{fn}: from_logits must be True or False, got {from_logits!r}")
    v, a, is_nd = _real(y_hat, fn, "y_hat", ndim=2)
    host = _host(y, fn, "y", "integer class labels or probability rows")
    dense = host[0].ndim == 2
    if dense:
        tv, t, _ = _real(y, fn, "y", ndim=2, h=host)
        if tv.shape != v.shape:
            hint = "; for integer labels flatten y with .reshape(-1)" if tv.shape[1] == 1 else ""
            raise ValueError(
                f"{fn}: y has shape {tv.shape} but y_hat has shape {v.shape}; "
                f"probability labels must match y_hat (or pass integer labels of shape (n,)){hint}"
            )
        _probabilities(tv, fn, "y", axis=1)
        t = t if is_nd else tv
    else:
        t = _labels(y, fn, "y", q=v.shape[1], n=len(v), h=host)
        t = y if is_nd and host[1] else t
    if from_logits:
        _finite(v, fn, "y_hat (logits)")
    else:
        _probabilities(v, fn, "y_hat", axis=1)
    return a, t, dense, is_nd


def distributions_args(fn: str, p: Any, q: Any, base: Any, axis: Any) -> tuple[Any, Any, bool, int, float | None]:
    """entropy (``q=None``), kl_divergence: ``(p, q, is_nd, axis, base)``; ``q`` as NumPy unless both are NDArrays."""
    if base is not None:
        if isinstance(base, (bool, np.bool_)) or not isinstance(base, numbers.Real):
            raise TypeError(f"{fn}: base must be None (nats) or a positive number such as 2 (bits), got {base!r}")
        if not (np.isfinite(base) and base > 0 and base != 1):
            raise ValueError(f"{fn}: base must be positive and not 1, got {base!r}")
    pv, pa, p_nd = _real(p, fn, "p")
    if q is not None:
        qv, qa, q_nd = _real(q, fn, "q")
        if qv.shape != pv.shape:
            raise ValueError(f"{fn}: p has shape {pv.shape} but q has shape {qv.shape}; they must match")
    ax = _axis(axis, pv.ndim, fn)
    _probabilities(pv, fn, "p", ax)
    if q is not None:
        _probabilities(qv, fn, "q", ax)
        q = qa if (p_nd and q_nd) else qv
    return pa, q, p_nd, ax, None if base is None else float(base)


def accuracy_args(y_hat: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """accuracy: ``(predicted labels, true labels)``, both int64 (n,); ``y_hat`` is (n, q) scores or (n,) labels."""
    fn = "accuracy"
    host = _host(y_hat, fn, "y_hat", "an array of numbers")
    if host[0].ndim == 2:
        v, _, _ = _real(y_hat, fn, "y_hat", ndim=2, h=host)
        _finite(v, fn, "y_hat")
        return v.argmax(axis=1), _labels(y, fn, "y", q=v.shape[1], n=len(v))
    if host[0].ndim == 1:
        return _labels(y_hat, fn, "y_hat", h=host), _labels(y, fn, "y", n=len(host[0]))
    raise ValueError(f"{fn}: y_hat must be (n, q) scores or (n,) predicted labels, got {host[0].ndim}-D input")
