"""Tests of utils.digits.load_digits_split: shapes, dtypes, range, stratification, disjointness,
determinism, validation of the arguments."""

from __future__ import annotations

import numpy as np
import pytest

from utils.digits import (
    IMAGE_SHAPE,
    NUM_CLASSES,
    NUM_FEATURES,
    NUM_IMAGES,
    DigitsSplit,
    load_digits_split,
)


@pytest.fixture(scope="module")
def split() -> DigitsSplit:
    return load_digits_split()


def _keys(X: np.ndarray, y: np.ndarray) -> list[tuple[bytes, int]]:
    """One hashable key per image: its 64 pixel values (0–16) and its label."""
    return list(zip(map(bytes, np.rint(X * 16).astype(np.uint8)), y.tolist()))


def test_fields_are_named_and_ordered(split):
    assert DigitsSplit._fields == ("X_train", "X_val", "X_test", "y_train", "y_val", "y_test")
    assert split.X_val is split[1] and split.y_test is split[5]


def test_default_is_60_20_20(split):
    assert split.X_train.shape == (1077, NUM_FEATURES)
    assert split.X_val.shape == (360, NUM_FEATURES) and split.X_test.shape == (360, NUM_FEATURES)
    assert (
        split.y_train.shape == (1077,)
        and split.y_val.shape == (360,)
        and split.y_test.shape == (360,)
    )
    assert 1077 + 360 + 360 == NUM_IMAGES
    assert NUM_FEATURES == IMAGE_SHAPE[0] * IMAGE_SHAPE[1]


def test_dtypes_and_memory_layout(split):
    for X in (split.X_train, split.X_val, split.X_test):
        assert X.dtype == np.float32 and X.flags.c_contiguous
    for y in (split.y_train, split.y_val, split.y_test):
        assert y.dtype == np.int64


def test_features_scaled_to_unit_interval(split):
    for X in (split.X_train, split.X_val, split.X_test):
        assert X.min() == 0.0 and X.max() == 1.0
        # pixel ÷ 16: every value is a multiple of 1/16
        np.testing.assert_array_equal(X * 16, np.round(X * 16))


def test_every_part_is_stratified(split):
    full = np.concatenate([split.y_train, split.y_val, split.y_test])
    frac_full = np.bincount(full, minlength=NUM_CLASSES) / len(full)
    for y in (split.y_train, split.y_val, split.y_test):
        assert set(np.unique(y)) == set(range(NUM_CLASSES))
        frac = np.bincount(y, minlength=NUM_CLASSES) / len(y)
        # stratified: each digit's share differs from the whole by less than one image's worth
        # (+ rounding)
        assert np.abs(frac_full - frac).max() < 1.5 / len(y)


def test_parts_are_disjoint_and_cover_the_data(split):
    from sklearn.datasets import load_digits

    data = load_digits()
    parts = [
        _keys(split.X_train, split.y_train),
        _keys(split.X_val, split.y_val),
        _keys(split.X_test, split.y_test),
    ]
    theirs = _keys(data.data / 16.0, data.target)
    # The parts together are the data set, image for image (compared as multisets: the data holds a
    # few duplicate images). Equal multisets also mean that no image was put into two parts and
    # none was lost.
    assert sorted(parts[0] + parts[1] + parts[2]) == sorted(theirs)
    assert sum(map(len, parts)) == NUM_IMAGES


def test_same_seed_same_split_other_seed_differs(split):
    again = load_digits_split(val_size=0.2, test_size=0.2, seed=0)
    for a, b in zip(split, again):
        np.testing.assert_array_equal(a, b)
    other = load_digits_split(seed=1)
    assert not np.array_equal(split.y_test, other.y_test)
    assert not np.array_equal(split.y_val, other.y_val)


def test_test_set_does_not_depend_on_val_size(split):
    other = load_digits_split(val_size=0.1)
    np.testing.assert_array_equal(other.X_test, split.X_test)
    np.testing.assert_array_equal(other.y_test, split.y_test)
    assert len(other.y_val) == 180 and len(other.y_train) == NUM_IMAGES - 180 - 360


def test_sizes_follow_the_fractions():
    s = load_digits_split(val_size=0.25, test_size=0.5)
    assert (len(s.y_train), len(s.y_val), len(s.y_test)) == (448, 450, 899)


@pytest.mark.parametrize("name", ["val_size", "test_size"])
@pytest.mark.parametrize("bad", [0, 0.0, 1, 1.0, -0.1, 1.5, float("nan"), 0.001])
def test_fraction_out_of_range_raises_value_error(name, bad):
    # 0.001 is in (0, 1) but leaves fewer than 10 images in its part: that message names it too
    with pytest.raises(ValueError, match=rf"^load_digits_split: (.* )?{name}"):
        load_digits_split(**{name: bad})


@pytest.mark.parametrize("name", ["val_size", "test_size"])
@pytest.mark.parametrize("bad", ["0.2", None, True, [0.2]])
def test_non_numeric_fraction_raises_type_error(name, bad):
    with pytest.raises(TypeError, match=rf"^load_digits_split: {name} must be a real number, got"):
        load_digits_split(**{name: bad})


@pytest.mark.parametrize(("val", "test"), [(0.5, 0.5), (0.6, 0.5), (0.3, 0.699)])
def test_no_room_for_training_raises_value_error(val, test):
    # (0.3, 0.699) sums below 1 but leaves fewer than 10 training images
    with pytest.raises(ValueError, match=r"^load_digits_split: val_size.*test_size"):
        load_digits_split(val_size=val, test_size=test)


def test_fraction_message_says_what_is_wrong():
    with pytest.raises(ValueError, match=r"val_size must be strictly between 0 and 1, got 1\.5$"):
        load_digits_split(val_size=1.5)


def test_too_small_part_message_names_the_sizes():
    with pytest.raises(ValueError, match=r"at least 10") as info:
        load_digits_split(val_size=0.004)
    assert "8 validation" in str(info.value)


@pytest.mark.parametrize("bad", [1.0, "0", None, True])
def test_non_integer_seed_raises_type_error(bad):
    with pytest.raises(TypeError, match=r"^load_digits_split: seed must be an int, got"):
        load_digits_split(seed=bad)


def test_negative_seed_raises_value_error():
    with pytest.raises(ValueError, match=r"^load_digits_split: seed must be >= 0, got -1$"):
        load_digits_split(seed=-1)
