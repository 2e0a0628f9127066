"""``CalibrationTemperature``: temperature scaling on precomputed validation logits (chapter 09)."""

from __future__ import annotations

import numpy as np
import traitlets as t

from .. import calibration, numerics
from . import _base as b


class CalibrationTemperature(b.TemperatureFigure):
    """A T slider over a reliability diagram and the ECE/NLL curves of ``softmax(logits / T)``.

    ``CalibrationTemperature(logits, labels, T=1.0, *, T_range=(0.1, 10), n_bins=10)`` with ``logits`` of shape
    (n, K) (e.g. the digits validation split: a few hundred × 10) and integer ``labels`` in 0..K−1 of shape (n,).
    Bins and ECE follow :mod:`utils.calibration` (right-closed equal-width bins). The logits are stored in the
    notebook's widget state as JSON (≈ 20 bytes per number): round them first (``np.round(logits, 4)``) to keep
    the notebook small; the figure and ``readout()`` both use the stored values.
    """

    _esm = b.bundle("calibration.js")

    labels = t.List().tag(sync=True)  # logits, T: b.TemperatureFigure
    T_range = t.List([0.1, 10.0]).tag(sync=True)
    n_bins = t.Int(10).tag(sync=True)

    def __init__(self, logits, labels, T=1.0, *, T_range=(0.1, 10.0), n_bins=10, **kwargs):
        name = type(self).__name__
        o = b.array(name, "logits", logits, 2, min_len=2)
        y = b.array(name, "labels", labels, 1)
        if y.size != o.shape[0]:
            raise b.WidgetValueError(f"{name}: {y.size} labels for {o.shape[0]} rows of logits")
        if (y != np.round(y)).any() or (y < 0).any() or (y >= o.shape[1]).any():
            raise b.WidgetValueError(f"{name}: labels must be whole numbers in 0..{o.shape[1] - 1}")
        if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or not 1 <= n_bins <= 100:
            raise b.WidgetValueError(f"{name}: n_bins must be an integer in 1..100, got {n_bins!r}")
        super().__init__(
            logits=o.tolist(),
            labels=y.astype(int).tolist(),
            T=b.number(name, "T", T, positive=True),
            T_range=b.value_range(name, "T_range", T_range, positive=True),
            n_bins=int(n_bins),
            **kwargs,
        )

    def readout(self) -> dict[str, float]:
        o = np.asarray(self.logits, dtype=np.float64)
        y = np.asarray(self.labels)
        p = numerics.softmax(o / self.T, axis=1)
        return {
            "T": self.T,
            "ece": calibration.expected_calibration_error(p, y, self.n_bins),
            "nll": calibration.nll(o, y, self.T),
            "accuracy": numerics.accuracy(o, y),
            "confidence": float(p.max(axis=1).mean()),
        }
