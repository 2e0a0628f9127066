"""``KLExplorer``: two distributions p, q from weight sliders and both KL divergences
(chapter 08)."""

from __future__ import annotations

import numpy as np

from .. import _validation as validation
from .. import numerics
from ._base import DEFAULT_LABELS, Checked, LiveFigure, Weights, bundle, same_length


class KLExplorer(LiveFigure):
    """Bars of ``p`` and ``q`` (weights normalised) with ``D(p‖q)``, ``D(q‖p)``, ``H[p]`` and
    ``H(p, q)`` in nats.

    ``KLExplorer(p_weights=(7.0, 2.0, 1.0), q_weights=(1.0, 1.0, 1.0), labels=("고양이", "닭",
    "강아지"), weight_range=(0, 10, 0.1))``. A weight of 0 in q where p > 0 gives ``D(p‖q) = ∞``
    (shown as ∞).
    """

    _esm = bundle("kl.js")
    sliders = ("p_weights", "q_weights")

    p_weights = Weights(default=(7.0, 2.0, 1.0)).tag(sync=True)
    q_weights = Weights(default=(1.0, 1.0, 1.0)).tag(sync=True)
    labels = Checked(validation.strings, default=DEFAULT_LABELS).tag(sync=True)
    weight_range = Checked(validation.value_range, nonnegative=True, default=(0.0, 10.0, 0.1)).tag(
        sync=True
    )

    _one_label_per_weight = same_length("p_weights", "q_weights", "labels")

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
