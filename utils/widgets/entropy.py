"""``EntropyExplorer``: the entropy of p = w / Σw in nats and bits, one weight slider per class (chapter 08)."""

from __future__ import annotations

import numpy as np
import traitlets as t

from .. import numerics
from . import _base as b
from .temperature import DEFAULT_LABELS


def check_weights(owner: str, name: str, value, n: int | None = None) -> list[float]:
    """Weights ≥ 0, not all 0 (one per class)."""
    w = b.array(owner, name, value, 1, min_len=2)
    if (w < 0).any():
        raise b.WidgetValueError(f"{owner}: {name} must be ≥ 0, got {w.tolist()}")
    if not w.sum() > 0:
        raise b.WidgetValueError(f"{owner}: {name} must not all be 0 (they are normalised to probabilities)")
    if n is not None and w.size != n:
        raise b.WidgetValueError(f"{owner}: {w.size} {name} for {n} labels")
    return w.tolist()


def validate_weights(*names: str):
    """A trait validator (``@t.validate(*names)``) for slider weights: ≥ 0, one per label; all 0 is allowed.

    A reader can drag every slider to 0 (the figure then says so), so unlike :func:`check_weights` this accepts it.
    """

    @t.validate(*names)
    def check(self, proposal):
        owner, key = type(self).__name__, proposal["trait"].name
        w = b.array(owner, key, proposal["value"], 1, min_len=2)
        if (w < 0).any() or (self.labels and w.size != len(self.labels)):
            raise b.WidgetValueError(f"{owner}: {key} must be {len(self.labels)} numbers ≥ 0")
        return w.tolist()

    return check


class EntropyExplorer(b.LiveFigure):
    """Bars of ``p = weights / sum(weights)`` and its entropy ``H[p]`` in nats and bits.

    ``EntropyExplorer(weights=(2.0, 1.0, 1.0), labels=("고양이", "닭", "강아지"), weight_range=(0, 10, 0.1))``.
    Weights are what the sliders move (the reader may set all of them to 0; the figure then says so).
    """

    _esm = b.bundle("entropy.js")

    weights = t.List().tag(sync=True)
    labels = t.List().tag(sync=True)
    weight_range = t.List([0.0, 10.0, 0.1]).tag(sync=True)

    def __init__(self, weights=(2.0, 1.0, 1.0), labels=DEFAULT_LABELS, *, weight_range=(0.0, 10.0, 0.1), **kwargs):
        name = type(self).__name__
        w = check_weights(name, "weights", weights)
        r = b.value_range(name, "weight_range", weight_range)
        if r[0] < 0:
            raise b.WidgetValueError(f"{name}: weight_range must start at ≥ 0, got {weight_range!r}")
        super().__init__(weights=w, labels=b.labels(name, labels, len(w)), weight_range=r, **kwargs)

    _check = validate_weights("weights")

    def probabilities(self) -> np.ndarray:
        w = np.asarray(self.weights, dtype=np.float64)
        return w / w.sum()

    def readout(self) -> dict[str, float]:
        p = self.probabilities()
        return {
            **{f"p{j}": float(v) for j, v in enumerate(p)},
            "H_nat": float(numerics.entropy(p)),
            "H_bit": float(numerics.entropy(p, base=2)),
        }
