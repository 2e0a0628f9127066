"""``LogSumExpGap``: RealSoftMax λ⁻¹ log Σ exp(λ o_j) minus max o, as λ moves (chapter 10)."""

from __future__ import annotations

import numpy as np
import traitlets as t

from ..numerics import realsoftmax_gap
from . import _base as b


class LogSumExpGap(b.LiveFigure):
    """The gap ``λ⁻¹ RealSoftMax(λ o) − max o`` on log–log axes with the bound ``log(n)/λ``; a λ slider.

    ``LogSumExpGap(logits=(2.0, 1.0), lam=1.0, lam_range=(0.1, 100))``.
    """

    _esm = b.bundle("gap.js")

    logits = t.List().tag(sync=True)
    lam = t.Float(1.0).tag(sync=True)
    lam_range = t.List([0.1, 100.0]).tag(sync=True)

    def __init__(self, logits=(2.0, 1.0), lam=1.0, *, lam_range=(0.1, 100.0), **kwargs):
        name = type(self).__name__
        super().__init__(
            logits=b.array(name, "logits", logits, 1, min_len=2).tolist(),
            lam=b.number(name, "lam", lam, positive=True),
            lam_range=b.value_range(name, "lam_range", lam_range, positive=True),
            **kwargs,
        )

    @t.validate("logits")
    def _check_logits(self, proposal):
        return b.array(type(self).__name__, "logits", proposal["value"], 1, min_len=2).tolist()

    _check_lam = b.validate_positive("lam")

    def readout(self) -> dict[str, float]:
        o = np.asarray(self.logits, dtype=np.float64)
        gap = realsoftmax_gap(o, self.lam)
        return {"lam": self.lam, "realsoftmax": float(o.max()) + gap, "max": float(o.max()), "gap": gap}
