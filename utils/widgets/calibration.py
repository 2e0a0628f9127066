"""``CalibrationTemperature``: temperature scaling on precomputed validation logits (chapter 09)."""

from __future__ import annotations

import numpy as np
import traitlets as t

from .. import _validation as validation
from .. import calibration, numerics
from ._base import Checked, LiveFigure, bundle, widget_check


class CalibrationTemperature(LiveFigure):
    """A T slider over a reliability diagram and the ECE/NLL curves of ``softmax(logits / T)``.

    ``CalibrationTemperature(logits, labels, T=1.0, T_range=(0.1, 10), n_bins=10)`` with
    ``logits`` of shape (n, K) (e.g. the digits validation split: a few hundred × 10) and integer
    ``labels`` in 0..K−1 of shape (n,). Bins and ECE follow :mod:`utils.calibration` (right-closed
    equal-width bins). The logits are stored in the notebook's widget state, and so in the page, as
    JSON: round them first to keep both small (chapter 09 stores ``np.round(logits, 2)``: its 360 ×
    10 logits take 8 KB gzip'd, 12 KB with four decimals); the figure and ``readout()`` both use
    the stored values.
    """

    _esm = bundle("calibration.js")
    sliders = ("T",)

    logits = Checked(validation.finite_array, ndim=2, min_entries=2).tag(sync=True)
    labels = Checked(validation.labels).tag(sync=True)
    T = Checked(validation.positive_number, default=1.0).tag(sync=True)
    T_range = Checked(validation.value_range, positive=True, default=(0.1, 10.0)).tag(sync=True)
    n_bins = Checked(validation.integer, minimum=1, maximum=100, default=10).tag(sync=True)

    @t.validate("logits", "labels")
    def _one_label_per_row(self, proposal):
        """One label per row of logits, each below the number of columns."""
        changed = proposal["trait"].name
        logits = proposal["value"] if changed == "logits" else self.logits
        labels = proposal["value"] if changed == "labels" else self.labels
        widget_check(self, validation.labels_match_rows, "labels", labels, "logits", logits)
        return proposal["value"]

    def __init__(self, logits, labels, **kwargs):
        super().__init__(logits=logits, labels=labels, **kwargs)

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
