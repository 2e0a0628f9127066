"""The primitives of :mod:`utils._validation` on their own: what each accepts and returns, and the
one message form ``"<function>: <argument> …"`` (TypeError for the wrong kind of thing, ValueError
for a bad value). The public functions' own errors are tested in their modules' test files."""

from __future__ import annotations

import numpy as np
import pytest

from utils import _validation as validation

# (call, exception, message): each call names the function "f" and the argument "x"
BAD = [
    (lambda: validation.integer("f", "x", 2.0, 1), TypeError, "f: x must be an int, got 2.0"),
    (lambda: validation.integer("f", "x", np.bool_(True), 0), TypeError, "f: x must be an int"),
    (lambda: validation.integer("f", "x", 0, 1), ValueError, "f: x must be >= 1, got 0"),
    (lambda: validation.integer("f", "x", 101, 1, 100), ValueError, "f: x must be <= 100, got 101"),
    (
        lambda: validation.real_number("f", "x", "1"),
        TypeError,
        "f: x must be a real number, got '1'",
    ),
    (lambda: validation.real_number("f", "x", None), TypeError, "f: x must be a real number"),
    (lambda: validation.real_number("f", "x", np.nan), ValueError, "f: x must be finite, got nan"),
    (lambda: validation.positive_number("f", "x", 0), ValueError, "f: x must be > 0, got 0.0"),
    (
        lambda: validation.nonnegative_number("f", "x", -1),
        ValueError,
        "f: x must be >= 0, got -1.0",
    ),
    (
        lambda: validation.fraction("f", "x", 1.0),
        ValueError,
        "f: x must be strictly between 0 and 1, got 1.0",
    ),
    (lambda: validation.flag("f", "x", 1), TypeError, "f: x must be True or False, got 1"),
    (lambda: validation.strings("f", "x", "abc"), TypeError, "f: x must be a list of strings"),
    (lambda: validation.strings("f", "x", ["a", 1]), TypeError, "f: x must be a list of strings"),
    (lambda: validation.strings("f", "x", []), ValueError, "f: x is empty"),
    (
        lambda: validation.length("f", "x", [1, 2], 3, "rows"),
        ValueError,
        "f: x has 2 entries for 3 rows",
    ),
    (
        lambda: validation.value_range("f", "x", (0, 1, 2, 3)),
        ValueError,
        "f: x must be (min, max) or (min, max, step)",
    ),
    (lambda: validation.value_range("f", "x", 5), TypeError, "f: x must be (min, max) or"),
    (lambda: validation.value_range("f", "x", (0, 1, 0)), ValueError, "f: x step must be > 0"),
    (lambda: validation.value_range("f", "x", (2, 1)), ValueError, "f: x needs min < max"),
    (
        lambda: validation.value_range("f", "x", (0, 1), positive=True),
        ValueError,
        "f: x[0] must be > 0, got 0.0",
    ),
    (
        lambda: validation.value_range("f", "x", (-1, 1), nonnegative=True),
        ValueError,
        "f: x[0] must be >= 0, got -1.0",
    ),
    (
        lambda: validation.value_range("f", "x", ("a", 1)),
        TypeError,
        "f: x[0] must be a real number",
    ),
    (lambda: validation.weights("f", "x", [1.0]), ValueError, "f: x needs at least 2 entries"),
    (
        lambda: validation.weights("f", "x", [1.0, -2.0]),
        ValueError,
        "f: x must be >= 0, got -2.0 at index 1",
    ),
    (
        lambda: validation.weights("f", "x", [0, 0], allow_all_zero=False),
        ValueError,
        "f: x must not all be 0",
    ),
    (
        lambda: validation.weights("f", "x", [1.0, np.inf]),
        ValueError,
        "f: x contains inf at index 1",
    ),
    (
        lambda: validation.real_array("f", "x", [[1], [2, 3]]),
        TypeError,
        "f: x (list of dtype object)",
    ),
    (lambda: validation.real_array("f", "x", [1, 2], ndim=2), ValueError, "f: x must be 2-D"),
    (lambda: validation.axis_index("f", 2, 2), ValueError, "f: axis 2 is out of range"),
    (
        lambda: validation.labels("f", "x", [0.0, 1.0], whole_floats=False),
        TypeError,
        "f: x (dtype float64) must hold integer class labels",
    ),
    (
        lambda: validation.labels("f", "x", [0, 1], rows=3, rows_of="scores"),
        ValueError,
        "f: x has 2 labels for the 3 rows of scores",
    ),
    (
        lambda: validation.labels("f", "x", [0, 3], num_classes=3),
        ValueError,
        "f: x has label 3, out of range for 3 classes (valid: 0..2)",
    ),
    (
        lambda: validation.labels_match_rows("f", "x", [0, 2], "scores", [[0.0, 1.0], [1.0, 0.0]]),
        ValueError,
        "f: x has label 2, out of range for 2 classes",
    ),
    (lambda: validation.log_base("f", 1), ValueError, "f: base must be positive and not 1"),
]


@pytest.mark.parametrize(("call", "exc", "message"), BAD, ids=[b[2] for b in BAD])
def test_bad_values_raise_with_function_and_argument_first(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert type(info.value) is exc  # exactly TypeError or ValueError, never a subclass of another
    assert str(info.value).startswith(message), str(info.value)


def test_good_values_come_back_ready_to_use():
    assert validation.integer("f", "x", np.int64(3), 1) == 3
    assert type(validation.integer("f", "x", np.int64(3), 1)) is int
    assert type(validation.positive_number("f", "x", np.float32(0.5))) is float
    assert validation.nonnegative_number("f", "x", 0) == 0.0
    assert validation.fraction("f", "x", 0.25) == 0.25
    assert validation.flag("f", "x", np.bool_(False)) is False
    assert validation.log_base("f", None) is None and validation.log_base("f", 2) == 2.0
    assert validation.strings("f", "x", ("a", "b")) == ["a", "b"]
    assert validation.value_range("f", "x", np.array([0, 10, 1])) == [0.0, 10.0, 1.0]
    weights = validation.weights("f", "x", [0, 0])  # all zero is allowed unless refused
    assert weights.dtype == np.float64 and weights.tolist() == [0.0, 0.0]
    assert validation.axis_index("f", -1, 3) == 2
    labels = validation.labels("f", "x", np.array([[1.0, 0.0]]), ndim=None, num_classes=2)
    assert labels.dtype == np.int64 and labels.tolist() == [[1, 0]]


def test_real_array_keeps_floats_and_promotes_integers():
    floats = np.zeros(3, np.float32)
    checked = validation.real_array("f", "x", floats)
    assert checked.values is floats and checked.array is floats and not checked.is_ndarray
    ints = validation.real_array("f", "x", [1, 2])
    assert ints.values.dtype == np.float64 and ints.array is ints.values
    assert validation.finite_array("f", "x", np.float32([1, 2]), 1).dtype == np.float64


def test_one_tolerance_table_by_dtype():
    assert validation.SUM_TOLERANCE == {
        np.dtype(np.float16): 1e-2,
        np.dtype(np.float32): 1e-4,
        np.dtype(np.float64): 1e-6,
    }
    for dtype, tolerance in validation.SUM_TOLERANCE.items():
        inside = np.array([0.5, 0.5 + tolerance / 2], dtype)
        outside = np.array([0.5, 0.5 + tolerance * 4], dtype)
        validation.probabilities("f", "x", inside, axis=0)
        with pytest.raises(
            ValueError, match=rf"^f: x is not normalised: .*for {dtype.name}\); hint$"
        ):
            validation.probabilities("f", "x", outside, axis=0, hint="hint")


def test_host_array_copies_an_ndarray_once_and_refuses_mxnet_numpy():
    import mxnet as mx

    host = validation.host_array("f", "x", mx.nd.array([1.0, 2.0]), "numbers")
    assert isinstance(host.values, np.ndarray) and host.is_ndarray
    assert host.values.tolist() == [1.0, 2.0]
    with pytest.raises(TypeError, match=r"^f: x is an mxnet.numpy ndarray"):
        validation.host_array("f", "x", mx.np.array([1.0]), "numbers")
    assert validation.is_ndarray(mx.nd.array([1.0])) and not validation.is_ndarray(np.ones(1))
