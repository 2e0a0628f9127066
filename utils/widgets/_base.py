"""The shared base of the live figures: ESM bundling, theme CSS and input validation."""

from __future__ import annotations

import math
import numbers
import re
import reprlib
import warnings
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets as t

HERE = Path(__file__).resolve().parent

# `import { a, b } from "./name.js";` on a line of its own — the only import form the widget files use.
_IMPORT = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"\./([\w-]+\.js)";[ \t]*\n', re.MULTILINE)


def bundle(filename: str) -> str:
    """Return ``filename``'s source with each relative import replaced by the imported file's source.

    The saved widget state stores a widget's ESM as one string, and the static page imports it from a blob:
    URL, from which a relative ``import "./formulas.js"`` cannot resolve. So the Python class inlines its
    helpers at class-definition time: every ``import { … } from "./x.js";`` line is replaced by the text of
    ``x.js`` (recursively, each file once; its ``export`` keywords stay, harmless in a module). The ``.js``
    files themselves stay real ES modules, so the browser tests import ``formulas.js`` directly.
    """
    seen: set[str] = set()

    def expand(name: str) -> str:
        seen.add(name)
        source = (HERE / name).read_text(encoding="utf-8")

        def inline(match: re.Match[str]) -> str:
            dep = match.group(1)
            return "" if dep in seen else f"// ---- inlined from {dep} ----\n{expand(dep)}\n// ---- end {dep} ----\n"

        return _IMPORT.sub(inline, source)

    return expand(filename)


CSS = (HERE / "widgets.css").read_text(encoding="utf-8")


class WidgetValueError(t.TraitError, ValueError):
    """A live figure was given a value it cannot show (wrong shape, NaN/inf, T ≤ 0, …)."""


class WidgetTypeError(t.TraitError, TypeError):
    """A live figure was given a value of the wrong type (a string where numbers belong, …)."""


class LiveFigure(anywidget.AnyWidget):
    """Base class: the theme CSS; subclasses set ``_esm = bundle("name.js")`` and their synced traits."""

    _css = CSS

    def __repr__(self) -> str:
        """The figure's own traits, abridged; no memory address, so a stored widget output's text/plain is stable."""
        own = sorted(set(self.class_trait_names(sync=True)) - set(LiveFigure.class_trait_names(sync=True)))
        own = [n for n in own if not n.startswith("_")]
        return f"{type(self).__name__}({', '.join(f'{n}={reprlib.repr(getattr(self, n))}' for n in own)})"

    def readout(self) -> dict[str, float]:
        """The numbers the figure prints, computed in Python with ``utils`` (keys as in the ``data-key`` s)."""
        raise NotImplementedError


def validate_positive(*names: str):
    """A trait validator (``@t.validate(*names)``) accepting a finite number > 0, as :func:`number` does.

    Assign it in the class body: ``_check_T = validate_positive("T")``.
    """

    @t.validate(*names)
    def check(self, proposal):
        return number(type(self).__name__, proposal["trait"].name, proposal["value"], positive=True)

    return check


class TemperatureFigure(LiveFigure):
    """Base class of the figures of ``softmax(logits / T)``: the synced ``logits`` and temperature ``T`` (> 0)."""

    logits = t.List().tag(sync=True)
    T = t.Float(1.0).tag(sync=True)

    _check_T = validate_positive("T")


# ---------------------------------------------------------------------------------------------------------------
# validation helpers (messages start with the class name)
# ---------------------------------------------------------------------------------------------------------------


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))  # NumPy scalars register as Real


def number(owner: str, name: str, value: Any, *, positive: bool = False) -> float:
    """A finite real number (positive if asked) as a Python float."""
    if not _is_number(value):
        raise WidgetTypeError(f"{owner}: {name} must be a real number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise WidgetValueError(f"{owner}: {name} must be finite, got {v}")
    if positive and not v > 0:
        raise WidgetValueError(f"{owner}: {name} must be > 0, got {v}")
    return v


def array(owner: str, name: str, value: Any, ndim: int, *, min_len: int = 1) -> np.ndarray:
    """A finite float64 array of rank ``ndim`` (lists, tuples or NumPy arrays; no strings or booleans)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise WidgetTypeError(f"{owner}: {name} must be a list or array of numbers, got {value!r}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.VisibleDeprecationWarning)  # NumPy < 1.24 only warns about ragged lists
            a = np.asarray(value)
    except (ValueError, np.VisibleDeprecationWarning) as err:  # ragged nested lists
        raise WidgetValueError(f"{owner}: {name} must be a rectangular array of numbers ({err})") from None
    if a.dtype == bool or a.dtype.kind not in "iuf":
        raise WidgetTypeError(f"{owner}: {name} must hold real numbers, got dtype {a.dtype}")
    if a.ndim != ndim:
        shape = "(n,)" if ndim == 1 else "(n, k)"
        raise WidgetValueError(f"{owner}: {name} must have shape {shape}, got shape {a.shape}")
    if a.shape[-1] < min_len or a.size == 0:
        raise WidgetValueError(f"{owner}: {name} needs at least {min_len} entries along its last axis, got {a.shape}")
    a = a.astype(np.float64)
    if not np.isfinite(a).all():
        bad = np.argwhere(~np.isfinite(a))[0]
        raise WidgetValueError(f"{owner}: {name} must be finite, got {a[tuple(bad)]} at index {tuple(bad.tolist())}")
    return a


def labels(owner: str, value: Any, n: int) -> list[str]:
    """``n`` class names (strings)."""
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise WidgetTypeError(f"{owner}: labels must be a list of strings, got {value!r}")
    out = list(value)
    if len(out) != n:
        raise WidgetValueError(f"{owner}: {len(out)} labels for {n} classes; give one label per class")
    return out


def value_range(owner: str, name: str, value: Any, *, positive: bool = False) -> list[float]:
    """A (min, max) or (min, max, step) tuple with min < max (and step > 0)."""
    if isinstance(value, (str, bytes)) or len(value) not in (2, 3):
        raise WidgetValueError(f"{owner}: {name} must be (min, max) or (min, max, step), got {value!r}")
    out = [number(owner, name, v, positive=positive) for v in value]
    if not out[0] < out[1]:
        raise WidgetValueError(f"{owner}: {name} needs min < max, got {value!r}")
    if len(out) == 3 and not out[2] > 0:
        raise WidgetValueError(f"{owner}: {name} step must be > 0, got {out[2]}")
    return out
