"""``EntropyExplorer``: the entropy of p = w / Σw in nats and bits, one weight slider per class
(chapter 08)."""

from __future__ import annotations

import numpy as np

from .. import _validation as validation
from .. import numerics
from ._base import DEFAULT_LABELS, Checked, LiveFigure, Weights, bundle, same_length


class EntropyExplorer(LiveFigure):
    """Bars of ``p = weights / sum(weights)`` and its entropy ``H[p]`` in nats and bits.

    ``EntropyExplorer(weights=(2.0, 1.0, 1.0), labels=("고양이", "닭", "강아지"),
    weight_range=(0, 10, 0.1))``. Weights are what the sliders move (the reader may set all of them
    to 0; the figure then says so), but the figure cannot start with all of them 0.
    """

    _esm = bundle("entropy.js")
    sliders = ("weights",)

    weights = Weights(default=(2.0, 1.0, 1.0)).tag(sync=True)
    labels = Checked(validation.strings, default=DEFAULT_LABELS).tag(sync=True)
    weight_range = Checked(validation.value_range, nonnegative=True, default=(0.0, 10.0, 0.1)).tag(
        sync=True
    )

    _one_label_per_weight = same_length("weights", "labels")

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
