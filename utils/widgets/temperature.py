"""``TemperatureSoftmax``: p = softmax(o / T) with sliders for each logit and for T (chapter 04)."""

from __future__ import annotations

import numpy as np

from .. import _validation as validation
from .. import numerics
from ._base import DEFAULT_LABELS, Checked, LiveFigure, bundle, same_length


class TemperatureSoftmax(LiveFigure):
    """Bars of ``softmax(logits / T)``; the reader moves each logit and the temperature ``T`` (log
    slider).

    ``TemperatureSoftmax(logits=(1.0, 2.0, 0.5), labels=("고양이", "닭", "강아지"), T=1.0,
    logit_range=(-10, 10, 0.1), T_range=(0.01, 100))``. The state is readable from Python:
    ``utils.softmax(np.array(w.logits) / w.T)`` is the picture.
    """

    _esm = bundle("temperature.js")
    sliders = ("logits", "T")

    logits = Checked(validation.finite_array, ndim=1, min_entries=2, default=(1.0, 2.0, 0.5)).tag(
        sync=True
    )
    labels = Checked(validation.strings, default=DEFAULT_LABELS).tag(sync=True)
    T = Checked(validation.positive_number, default=1.0).tag(sync=True)
    logit_range = Checked(validation.value_range, default=(-10.0, 10.0, 0.1)).tag(sync=True)
    T_range = Checked(validation.value_range, positive=True, default=(0.01, 100.0)).tag(sync=True)

    _one_label_per_logit = same_length("logits", "labels")

    def probabilities(self) -> np.ndarray:
        """``softmax(logits / T)``, what the bars show."""
        return numerics.softmax(np.asarray(self.logits, dtype=np.float64) / self.T)

    def readout(self) -> dict[str, float]:
        p = self.probabilities()
        return {"T": self.T, **{f"p{j}": float(v) for j, v in enumerate(p)}}
