"""Matplotlib helpers with Korean labels, shared by the chapter notebooks."""

from __future__ import annotations

from collections.abc import Sequence

import koreanize_matplotlib  # noqa: F401  (registers NanumGothic and sets it as the default font)
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from . import _validation as validation

#: One colour per class, in the book's class order (고양이, 닭, 강아지, …).
CLASS_COLORS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860")


def setup(dpi: int = 80) -> None:
    """Apply the book's figure defaults: Korean font, a modest DPI (small PNGs) and a minus sign
    that renders.

    NanumGothic has Hangul but lacks a few symbols (U+2212 minus in log-axis ticks, µ); matplotlib
    falls back per glyph to DejaVu Sans, which it ships, so no "missing glyph" warning reaches the
    notebook's stderr.
    """
    plt.rcParams.update(
        {
            "font.family": ["NanumGothic", "DejaVu Sans"],
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
    p = validation.bar_probs_args(probs, labels)
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 2.6))
    colors = [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(len(p))]
    bars = ax.bar(range(len(p)), p, color=colors)
    for bar, value in zip(bars, p):
        ax.annotate(
            f"{value:.3f}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 2),  # 2 pt above the bar, so the text never touches it
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_xticks(range(len(p)), labels)
    # Headroom above the top for the value printed over a full bar; the ticks stay within ylim.
    ax.set_ylim(*ylim)
    ax.set_yticks(ax.get_yticks())
    ax.set_ylim(ylim[0], ylim[1] + 0.08 * (ylim[1] - ylim[0]))
    ax.set_ylabel("확률")
    if title:
        ax.set_title(title, pad=12)  # room for the value above a bar that reaches the top
    return ax


def show_images(
    images: Sequence[np.ndarray] | np.ndarray,
    titles: Sequence[str] | None = None,
    ncols: int = 6,
    scale: float = 1.3,
    show_values: bool = False,
    suptitle: str | None = None,
) -> np.ndarray:
    """Show grayscale images (values in [0, 1]) in a grid; return the image axes as a 1-D array
    (one per image).

    ``titles`` (optional) gives one title per image; ``show_values=True`` prints each pixel's value
    on it. Unused grid cells are hidden.
    """
    imgs, ncols = validation.show_images_args(images, titles, ncols)
    nrows = -(-len(imgs) // ncols)
    figsize = (scale * ncols, scale * nrows + (0.35 if suptitle else 0.0))
    # constrained layout sizes the gaps from what is drawn: a lower row's titles never sit on the
    # images above them (tight_layout could still overlap them by a pixel or two)
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, layout="constrained")
    flat = axes.ravel()
    for i, ax in enumerate(flat):
        if i >= len(imgs):
            ax.set_axis_off()
            continue
        img = imgs[i]
        ax.imshow(img, cmap="gray", vmin=0.0, vmax=1.0)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("#999999")
        if titles is not None:
            ax.set_title(titles[i], fontsize=10)
        if show_values:
            for (r, c), v in np.ndenumerate(img):
                color = "black" if v > 0.5 else "white"
                ax.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=8, color=color)
    if suptitle:
        fig.suptitle(suptitle)
    return flat[: len(imgs)]


def draw_network(
    n_inputs: int = 4,
    n_outputs: int = 3,
    ax: Axes | None = None,
    input_labels: Sequence[str] | None = None,
    output_labels: Sequence[str] | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a single fully connected layer: ``n_inputs`` input nodes, each joined to all
    ``n_outputs`` outputs.

    Inputs sit in the bottom row (labelled $x_1, …$ unless ``input_labels`` is given), outputs in
    the top row ($o_1, …$). The axes get one circle patch per node and one line per connection
    (``n_inputs * n_outputs``).
    """
    args = validation.draw_network_args(n_inputs, n_outputs, input_labels, output_labels)
    n_inputs, n_outputs = args.n_inputs, args.n_outputs
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 3.2))

    width = max(n_inputs, n_outputs)
    radius = 0.28
    xs_in = np.arange(n_inputs) - (n_inputs - 1) / 2
    xs_out = np.arange(n_outputs) - (n_outputs - 1) / 2
    y_in, y_out = 0.0, 2.0
    for x0 in xs_in:
        for x1 in xs_out:
            ax.plot([x0, x1], [y_in + radius, y_out - radius], color="#888888", lw=1.0, zorder=1)
    layers = (
        (xs_in, y_in, args.input_labels, "#DCE6F2"),
        (xs_out, y_out, args.output_labels, "#F6DCCB"),
    )
    for xs, y, labels, color in layers:
        for x, label in zip(xs, labels):
            node = plt.Circle(
                (x, y), radius, facecolor=color, edgecolor="#333333", lw=1.2, zorder=2
            )
            ax.add_patch(node)
            ax.text(x, y, label, ha="center", va="center", fontsize=12, zorder=3)
    left = -width / 2 - 0.2
    ax.text(left, y_in, "입력층", ha="right", va="center", fontsize=10)
    ax.text(left, y_out, "출력층", ha="right", va="center", fontsize=10)
    ax.set_xlim(left - 1.0, width / 2 + 0.1)
    ax.set_ylim(y_in - 0.6, y_out + 0.6)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
