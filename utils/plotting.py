"""Matplotlib helpers with Korean labels, shared by the chapter notebooks."""

from __future__ import annotations

from collections.abc import Sequence

import koreanize_matplotlib  # noqa: F401  (registers NanumGothic and sets it as the default font)
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

#: One colour per class, in the book's class order (고양이, 닭, 강아지, …).
CLASS_COLORS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860")


def setup(dpi: int = 80) -> None:
    """Apply the book's figure defaults: Korean font, a modest DPI (small PNGs) and a minus sign that renders."""
    plt.rcParams.update(
        {
            "figure.dpi": dpi,
            "savefig.dpi": dpi,
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def bar_probs(
    probs: Sequence[float] | np.ndarray,
    labels: Sequence[str],
    ax: Axes | None = None,
    title: str | None = None,
    ylim: tuple[float, float] = (0.0, 1.0),
) -> Axes:
    """Draw a probability vector as labelled bars with the value printed above each bar."""
    p = np.asarray(probs, dtype=float).ravel()
    if p.shape[0] != len(labels):
        raise ValueError(f"bar_probs: {p.shape[0]} probabilities but {len(labels)} labels")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 2.6))
    colors = [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(len(p))]
    bars = ax.bar(range(len(p)), p, color=colors)
    for bar, value in zip(bars, p):
        ax.annotate(
            f"{value:.3f}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_xticks(range(len(p)), labels)
    ax.set_ylim(*ylim)
    ax.set_ylabel("확률")
    if title:
        ax.set_title(title)
    return ax
