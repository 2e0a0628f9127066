"""Tests of the chapter's toy data (utils.toy_images)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from utils import toy_images


def test_same_seed_same_arrays():
    a_img, a_lab = toy_images.make_toy_images(10, seed=3)
    b_img, b_lab = toy_images.make_toy_images(10, seed=3)
    np.testing.assert_array_equal(a_img, b_img)
    np.testing.assert_array_equal(a_lab, b_lab)


def test_different_seed_different_arrays():
    a_img, _ = toy_images.make_toy_images(10, seed=0)
    b_img, _ = toy_images.make_toy_images(10, seed=1)
    assert not np.array_equal(a_img, b_img)


def test_default_seed_is_zero():
    a_img, a_lab = toy_images.make_toy_images(5)
    b_img, b_lab = toy_images.make_toy_images(5, seed=0)
    np.testing.assert_array_equal(a_img, b_img)
    np.testing.assert_array_equal(a_lab, b_lab)


@given(n=st.integers(min_value=1, max_value=60), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_shapes_dtypes_range_and_balance(n, seed):
    images, labels = toy_images.make_toy_images(n, seed=seed)
    assert images.shape == (3 * n, 2, 2) and images.dtype == np.float32
    assert labels.shape == (3 * n,) and labels.dtype == np.int64
    assert images.min() >= 0.0 and images.max() <= 1.0
    assert np.bincount(labels, minlength=3).tolist() == [n, n, n]


def test_class_names_in_book_order():
    assert toy_images.CLASS_NAMES == ("고양이", "닭", "강아지")
    assert toy_images.PROTOTYPES.shape == (3, 2, 2)
    assert toy_images.class_names([0, 1, 2]) == ["고양이", "닭", "강아지"]


def test_labels_are_shuffled():
    _, labels = toy_images.make_toy_images(50)
    assert not np.array_equal(labels, np.sort(labels))


def test_noise_zero_gives_prototypes():
    images, labels = toy_images.make_toy_images(4, noise=0.0)
    np.testing.assert_array_equal(images, toy_images.PROTOTYPES[labels])


def test_classes_are_separable_by_nearest_mean():
    train_x, train_y = toy_images.make_toy_images(100, seed=0)
    test_x, test_y = toy_images.make_toy_images(100, seed=1)
    means = np.stack([toy_images.flatten(train_x[train_y == k]).mean(axis=0) for k in range(3)])
    dist = ((toy_images.flatten(test_x)[:, None, :] - means[None, :, :]) ** 2).sum(axis=-1)
    accuracy = (dist.argmin(axis=1) == test_y).mean()
    assert accuracy >= 0.95


def test_class_means_close_to_prototypes():
    images, labels = toy_images.make_toy_images(400, seed=0)
    for k in range(3):
        np.testing.assert_allclose(
            images[labels == k].mean(axis=0), toy_images.PROTOTYPES[k], atol=0.05
        )


def test_flatten_is_row_major():
    img = np.array([[[1, 2], [3, 4]]], dtype=np.float32)
    np.testing.assert_array_equal(toy_images.flatten(img), [[1, 2, 3, 4]])
    np.testing.assert_array_equal(toy_images.flatten(img[0]), [1, 2, 3, 4])
    images, _ = toy_images.make_toy_images(3)
    assert toy_images.flatten(images).shape == (9, 4)


@pytest.mark.parametrize(
    "bad", [np.zeros((3, 4)), np.zeros((2, 3, 3)), np.zeros(4), np.zeros((1, 2, 2, 1))]
)
def test_flatten_rejects_bad_shapes(bad):
    with pytest.raises(
        ValueError, match=r"^flatten: images must have shape \(n, 2, 2\) or \(2, 2\)"
    ):
        toy_images.flatten(bad)


@pytest.mark.parametrize("n", [0, -1])
def test_rejects_non_positive_n(n):
    with pytest.raises(ValueError, match=rf"^make_toy_images: n_per_class must be >= 1, got {n}$"):
        toy_images.make_toy_images(n)


@pytest.mark.parametrize("n", [1.5, "3", None, True])
def test_rejects_non_integer_n(n):
    with pytest.raises(TypeError, match=r"^make_toy_images: n_per_class must be an int, got "):
        toy_images.make_toy_images(n)


def test_rejects_bad_seed_and_noise():
    with pytest.raises(ValueError, match=r"^make_toy_images: seed must be >= 0, got -1$"):
        toy_images.make_toy_images(2, seed=-1)
    with pytest.raises(TypeError, match=r"^make_toy_images: seed must be an int, got 0\.5$"):
        toy_images.make_toy_images(2, seed=0.5)
    with pytest.raises(ValueError, match=r"^make_toy_images: noise must be >= 0, got -0\.1$"):
        toy_images.make_toy_images(2, noise=-0.1)
    for noise in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"^make_toy_images: noise must be finite, got"):
            toy_images.make_toy_images(2, noise=noise)
    with pytest.raises(
        TypeError, match=r"^make_toy_images: noise must be a real number, got '0\.1'"
    ):
        toy_images.make_toy_images(2, noise="0.1")


def test_class_names_accepts_a_scalar_and_an_empty_list():
    assert toy_images.class_names(np.int64(2)) == ["강아지"]
    assert toy_images.class_names([]) == []
    assert toy_images.class_names(np.array([1, 1], np.uint8)) == ["닭", "닭"]


def test_class_names_rejects_bad_labels():
    with pytest.raises(ValueError, match=r"^class_names: labels has label 3, out of range for 3"):
        toy_images.class_names([0, 3])
    with pytest.raises(ValueError, match=r"^class_names: labels has a negative label -1"):
        toy_images.class_names([-1])
    with pytest.raises(ValueError, match=r"^class_names: labels must be 0-D or 1-D, got shape"):
        toy_images.class_names([[0, 1]])
    with pytest.raises(
        TypeError, match=r"^class_names: labels \(dtype float64\) must hold integer"
    ):
        toy_images.class_names([0.0, 1.0])
