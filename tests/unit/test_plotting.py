"""Tests of the plotting helpers (utils.plotting): what they draw and how they reject bad input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.image import AxesImage
from matplotlib.patches import Circle

from utils import plotting, toy_images


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_setup_sets_dpi_and_minus():
    plotting.setup(dpi=70)
    assert plt.rcParams["figure.dpi"] == 70
    assert plt.rcParams["axes.unicode_minus"] is False


def test_bar_probs_draws_one_bar_and_label_per_class():
    ax = plotting.bar_probs([0.2, 0.3, 0.5], toy_images.CLASS_NAMES, title="예측")
    assert len(ax.patches) == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == list(toy_images.CLASS_NAMES)
    assert [t.get_text() for t in ax.texts] == ["0.200", "0.300", "0.500"]
    assert ax.get_title() == "예측"


def test_bar_probs_rejects_mismatched_labels():
    with pytest.raises(ValueError, match=r"^bar_probs: labels has 3 entries for 2 probabilities$"):
        plotting.bar_probs([0.5, 0.5], toy_images.CLASS_NAMES)
    with pytest.raises(TypeError, match=r"^bar_probs: probs is None"):
        plotting.bar_probs(None, toy_images.CLASS_NAMES)


def test_show_images_one_axes_per_image_with_titles():
    images, labels = toy_images.make_toy_images(3)
    titles = toy_images.class_names(labels)
    axes = plotting.show_images(images, titles, ncols=4)
    assert len(axes) == 9
    assert [ax.get_title() for ax in axes] == titles
    for ax in axes:
        assert sum(isinstance(a, AxesImage) for a in ax.get_children()) == 1
    fig = axes[0].figure
    # 9 images in a 3 × 4 grid: 3 unused cells are hidden.
    assert len(fig.axes) == 12
    assert sum(not ax.axison for ax in fig.axes) == 3


def test_show_images_values_and_suptitle():
    axes = plotting.show_images(
        toy_images.PROTOTYPES,
        list(toy_images.CLASS_NAMES),
        ncols=3,
        show_values=True,
        suptitle="원형",
    )
    assert len(axes) == 3
    assert [t.get_text() for t in axes[0].texts] == ["0.85", "0.85", "0.15", "0.15"]
    assert axes[0].figure.get_suptitle() == "원형"


def test_show_images_without_titles():
    axes = plotting.show_images([np.zeros((2, 2)), np.ones((2, 2))], ncols=5)
    assert len(axes) == 2
    assert all(ax.get_title() == "" for ax in axes)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"images": []}, r"images is empty"),
        (
            {"images": [np.zeros((2, 2)), np.zeros(4)]},
            r"images\[1\] must be 2-D .*got shape \(4,\)",
        ),
        ({"images": np.zeros((2, 2, 2)), "titles": ["하나"]}, r"titles has 1 entries for 2 images"),
        ({"images": np.zeros((2, 2, 2)), "ncols": 0}, r"ncols must be >= 1, got 0"),
    ],
)
def test_show_images_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match="^show_images: " + match):
        plotting.show_images(**kwargs)


def test_draw_network_nodes_edges_and_labels():
    ax = plotting.draw_network(n_inputs=4, n_outputs=3, title="단일층")
    assert sum(isinstance(p, Circle) for p in ax.patches) == 7
    assert len(ax.lines) == 12
    texts = [t.get_text() for t in ax.texts]
    for label in ["$x_{1}$", "$x_{4}$", "$o_{1}$", "$o_{3}$", "입력층", "출력층"]:
        assert label in texts
    assert ax.get_title() == "단일층"


def test_draw_network_custom_labels_and_existing_axes():
    _, ax0 = plt.subplots()
    ax = plotting.draw_network(2, 2, ax=ax0, input_labels=["a", "b"], output_labels=["c", "d"])
    assert ax is ax0
    assert len(ax.lines) == 4
    assert {"a", "b", "c", "d"} <= {t.get_text() for t in ax.texts}


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"n_inputs": 0}, ValueError, r"n_inputs must be >= 1, got 0"),
        ({"n_outputs": -2}, ValueError, r"n_outputs must be >= 1, got -2"),
        ({"n_inputs": 2.5}, TypeError, r"n_inputs must be an int, got 2\.5"),
        (
            {"n_inputs": 2, "input_labels": ["a"]},
            ValueError,
            r"input_labels has 1 entries for 2 inputs",
        ),
        (
            {"n_outputs": 2, "output_labels": ["a", "b", "c"]},
            ValueError,
            r"output_labels has 3 entries for 2 outputs",
        ),
    ],
)
def test_draw_network_rejects_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match="^draw_network: " + match):
        plotting.draw_network(**kwargs)
