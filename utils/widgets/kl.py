"""``KLExplorer``: two distributions p, q from weight sliders and both KL divergences (chapter 08)."""

from __future__ import annotations

import numpy as np
import traitlets as t

from .. import numerics
from . import _base as b
from .entropy import check_weights, validate_weights
from .temperature import DEFAULT_LABELS


class KLExplorer(b.LiveFigure):
    """Bars of ``p`` and ``q`` (weights normalised) with ``D(p‖q)``, ``D(q‖p)``, ``H[p]`` and ``H(p, q)`` in nats.

    ``KLExplorer(p_weights=(7.0, 2.0, 1.0), q_weights=(1.0, 1.0, 1.0), labels=("고양이", "닭", "강아지"),
    weight_range=(0, 10, 0.1))``. A weight of 0 in q where p > 0 gives ``D(p‖q) = ∞`` (shown as ∞).
    """

    _esm = b.bundle("kl.js")

    p_weights = t.List().tag(sync=True)
    q_weights = t.List().tag(sync=True)
    labels = t.List().tag(sync=True)
    weight_range = t.List([0.0, 10.0, 0.1]).tag(sync=True)

    def __init__(
        self,
        p_weights=(7.0, 2.0, 1.0),
        q_weights=(1.0, 1.0, 1.0),
        labels=DEFAULT_LABELS,
        *,
        weight_range=(0.0, 10.0, 0.1),
        **kwargs,
    ):
        name = type(self).__name__
        pw = check_weights(name, "p_weights", p_weights)
        qw = check_weights(name, "q_weights", q_weights, len(pw))
        r = b.value_range(name, "weight_range", weight_range)
        if r[0] < 0:
            raise b.WidgetValueError(f"{name}: weight_range must start at ≥ 0, got {weight_range!r}")
        super().__init__(p_weights=pw, q_weights=qw, labels=b.labels(name, labels, len(pw)), weight_range=r, **kwargs)

    _check = validate_weights("p_weights", "q_weights")

    def distributions(self) -> tuple[np.ndarray, np.ndarray]:
        pw = np.asarray(self.p_weights, dtype=np.float64)
        qw = np.asarray(self.q_weights, dtype=np.float64)
        return pw / pw.sum(), qw / qw.sum()

    def readout(self) -> dict[str, float]:
        p, q = self.distributions()
        return {
            **{f"p{j}": float(v) for j, v in enumerate(p)},
            **{f"q{j}": float(v) for j, v in enumerate(q)},
            "KL_pq": float(numerics.kl_divergence(p, q)),
            "KL_qp": float(numerics.kl_divergence(q, p)),
            "H_p": float(numerics.entropy(p)),
            "H_pq": float(numerics.cross_entropy(q[None], p[None])[0]),
        }
