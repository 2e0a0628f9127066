"""Tests of utils.digits.load_digits_split: shapes, dtypes, range, stratification, determinism, validation."""

from __future__ import annotations

import numpy as np
import pytest

from utils.digits import (
    IMAGE_SHAPE,
    NUM_CLASSES,
    NUM_FEATURES,
    DigitsSplit,
    load_digits_split,
)


@pytest.fixture(scope="module")
def split() -> DigitsSplit:
    return load_digits_split()


def test_shapes_and_dtypes(split):
    X_train, X_test, y_train, y_test = split
    assert X_train.shape == (1347, NUM_FEATURES) and X_test.shape == (450, NUM_FEATURES)
    assert y_train.shape == (1347,) and y_test.shape == (450,)
    assert X_train.dtype == np.float32 and X_test.dtype == np.float32
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64
    assert NUM_FEATURES == IMAGE_SHAPE[0] * IMAGE_SHAPE[1]


def test_features_scaled_to_unit_interval(split):
    for X in (split.X_train, split.X_test):
        assert X.min() == 0.0 and X.max() == 1.0
        # pixel ÷ 16: every value is a multiple of 1/16
        np.testing.assert_array_equal(X * 16, np.round(X * 16))


def test_labels_cover_all_digits_and_are_stratified(split):
    full = np.concatenate([split.y_train, split.y_test])
    assert set(np.unique(split.y_train)) == set(range(NUM_CLASSES))
    assert set(np.unique(split.y_test)) == set(range(NUM_CLASSES))
    frac_full = np.bincount(full, minlength=NUM_CLASSES) / len(full)
    frac_test = np.bincount(split.y_test, minlength=NUM_CLASSES) / len(split.y_test)
    assert np.abs(frac_full - frac_test).max() < 0.01


def test_split_is_a_partition_of_the_data(split):
    from sklearn.datasets import load_digits

    data = load_digits()
    rows = np.concatenate([split.X_train, split.X_test]) * 16
    labels = np.concatenate([split.y_train, split.y_test])
    ours = sorted(zip(map(bytes, rows.astype(np.uint8)), labels.tolist()))
    theirs = sorted(zip(map(bytes, data.data.astype(np.uint8)), data.target.tolist()))
    assert ours == theirs


def test_same_seed_same_split_other_seed_differs(split):
    again = load_digits_split(test_size=0.25, seed=0)
    for a, b in zip(split, again):
        np.testing.assert_array_equal(a, b)
    other = load_digits_split(test_size=0.25, seed=1)
    assert not np.array_equal(split.y_test, other.y_test)


def test_test_size_controls_the_split():
    s = load_digits_split(test_size=0.5)
    assert len(s.y_test) == 899 and len(s.y_train) == 898


@pytest.mark.parametrize("bad", [0, 0.0, 1, 1.0, -0.1, 1.5, float("nan"), 0.001, 0.999])
def test_bad_test_size_raises_value_error(bad):
    with pytest.raises(ValueError, match="test_size"):
        load_digits_split(test_size=bad)


@pytest.mark.parametrize("bad", ["0.25", None, True, [0.25]])
def test_non_numeric_test_size_raises_type_error(bad):
    with pytest.raises(TypeError, match="test_size"):
        load_digits_split(test_size=bad)


@pytest.mark.parametrize("bad", [1.0, "0", None, True])
def test_non_integer_seed_raises_type_error(bad):
    with pytest.raises(TypeError, match="seed"):
        load_digits_split(seed=bad)


def test_negative_seed_raises_value_error():
    with pytest.raises(ValueError, match="seed"):
        load_digits_split(seed=-1)
