"""``TemperatureSoftmax``: p = softmax(o / T) with sliders for each logit and for T (chapter 04)."""

from __future__ import annotations

import numpy as np
import traitlets as t

from .. import numerics
from . import _base as b

DEFAULT_LABELS = ("고양이", "닭", "강아지")


class TemperatureSoftmax(b.TemperatureFigure):
    """Bars of ``softmax(logits / T)``; the reader moves each logit and the temperature ``T`` (log slider).

    ``TemperatureSoftmax(logits=(1.0, 2.0, 0.5), labels=("고양이", "닭", "강아지"), T=1.0,
    logit_range=(-10, 10, 0.1), T_range=(0.01, 100))``. The state is readable from Python:
    ``utils.softmax(np.array(w.logits) / w.T)`` is the picture.
    """

    _esm = b.bundle("temperature.js")

    labels = t.List().tag(sync=True)  # logits, T: b.TemperatureFigure
    logit_range = t.List([-10.0, 10.0, 0.1]).tag(sync=True)
    T_range = t.List([0.01, 100.0]).tag(sync=True)

    def __init__(
        self,
        logits=(1.0, 2.0, 0.5),
        labels=DEFAULT_LABELS,
        T=1.0,
        *,
        logit_range=(-10.0, 10.0, 0.1),
        T_range=(0.01, 100.0),
        **kwargs,
    ):
        name = type(self).__name__
        o = b.array(name, "logits", logits, 1, min_len=2)
        super().__init__(
            logits=o.tolist(),
            labels=b.labels(name, labels, o.size),
            T=b.number(name, "T", T, positive=True),
            logit_range=b.value_range(name, "logit_range", logit_range),
            T_range=b.value_range(name, "T_range", T_range, positive=True),
            **kwargs,
        )

    @t.validate("logits")
    def _check_logits(self, proposal):
        o = b.array(type(self).__name__, "logits", proposal["value"], 1, min_len=2)
        if self.labels and o.size != len(self.labels):
            raise b.WidgetValueError(f"{type(self).__name__}: {o.size} logits for {len(self.labels)} labels")
        return o.tolist()

    def probabilities(self) -> np.ndarray:
        """``softmax(logits / T)``, what the bars show."""
        return numerics.softmax(np.asarray(self.logits, dtype=np.float64) / self.T)

    def readout(self) -> dict[str, float]:
        p = self.probabilities()
        return {"T": self.T, **{f"p{j}": float(v) for j, v in enumerate(p)}}
