"""``LogSumExpGap``: RealSoftMax λ⁻¹ log Σ exp(λ o_j) minus max o, as λ moves (chapter 10).

The formula is :func:`utils.numerics.realsoftmax_gap` (imported here under the same name).
"""

from __future__ import annotations

import numpy as np

from .. import _validation as validation
from ..numerics import realsoftmax_gap
from ._base import Checked, LiveFigure, bundle


class LogSumExpGap(LiveFigure):
    """The gap ``λ⁻¹ RealSoftMax(λ o) − max o`` on log–log axes with the bound ``log(n)/λ``; a λ
    slider.

    ``LogSumExpGap(logits=(2.0, 1.0), lam=1.0, lam_range=(0.1, 100))``.
    """

    _esm = bundle("gap.js")
    sliders = ("lam",)

    logits = Checked(validation.finite_array, ndim=1, min_entries=2, default=(2.0, 1.0)).tag(
        sync=True
    )
    lam = Checked(validation.positive_number, default=1.0).tag(sync=True)
    lam_range = Checked(validation.value_range, positive=True, default=(0.1, 100.0)).tag(sync=True)

    def readout(self) -> dict[str, float]:
        o = np.asarray(self.logits, dtype=np.float64)
        gap = realsoftmax_gap(o, self.lam)
        return {
            "lam": self.lam,
            "realsoftmax": float(o.max()) + gap,
            "max": float(o.max()),
            "gap": gap,
        }
