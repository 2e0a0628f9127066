"""Tests of utils.calibration: reliability bins, ECE (hand-computed and perfectly calibrated
cases), NLL, temperature fitting (recovers a known temperature), and clear errors for bad inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import softmax as sp_softmax

from utils import numerics
from utils.calibration import (
    ReliabilityBins,
    expected_calibration_error,
    fit_temperature,
    nll,
    reliability_bins,
)
from utils.numerics import cross_entropy

# Seven samples, three classes, five bins of width 0.2. Confidence (largest probability) and
# whether argmax = label:
#   0.90 ✓, 0.85 ✗            → bin (0.8, 1.0]: n = 2, mean conf 0.875,  acc 1/2, gap 0.375
#   0.70 ✓, 0.65 ✗            → bin (0.6, 0.8]: n = 2, mean conf 0.675,  acc 1/2, gap 0.175
#   0.50 ✓, 0.45 ✗, 0.50 ✓    → bin (0.4, 0.6]: n = 3, mean conf 1.45/3, acc 2/3, gap 0.55/3
# ECE = (2·0.375 + 2·0.175 + 3·0.55/3) / 7 = 1.65 / 7
HAND_PROBS = np.array(
    [
        [0.90, 0.05, 0.05],
        [0.10, 0.85, 0.05],
        [0.70, 0.20, 0.10],
        [0.25, 0.10, 0.65],
        [0.50, 0.45, 0.05],
        [0.35, 0.45, 0.20],
        [0.20, 0.30, 0.50],
    ]
)
HAND_LABELS = np.array([0, 2, 0, 1, 0, 0, 2])


def _perfectly_calibrated() -> tuple[np.ndarray, np.ndarray]:
    """In every bin, the fraction of correct predictions equals the (single) confidence value of
    that bin."""
    probs = np.array([[0.8, 0.2]] * 10 + [[0.25, 0.75]] * 4 + [[0.5, 0.5]] * 2)
    # 8/10 right, 3/4 right, 1/2 right
    labels = np.array([0] * 8 + [1] * 2 + [1] * 3 + [0] + [0, 1])
    return probs, labels


# --------------------------------------------------------------------------------- reliability_bins


def test_reliability_bins_hand_example():
    bins = reliability_bins(HAND_PROBS, HAND_LABELS, n_bins=5)
    assert isinstance(bins, ReliabilityBins)
    np.testing.assert_allclose(bins.edges, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    np.testing.assert_array_equal(bins.count, [0, 0, 3, 2, 2])
    assert bins.count.dtype == np.int64
    np.testing.assert_allclose(bins.confidence[2:], [1.45 / 3, 0.675, 0.875], rtol=1e-12)
    np.testing.assert_allclose(bins.accuracy[2:], [2 / 3, 0.5, 0.5], rtol=1e-12)
    assert np.isnan(bins.confidence[:2]).all() and np.isnan(bins.accuracy[:2]).all()  # empty bins


def test_bins_are_right_closed():
    # confidences exactly on an edge belong to the bin on their left; 1.0 to the last bin
    probs = np.array([[0.6, 0.4], [0.8, 0.2], [1.0, 0.0], [0.5, 0.5]])
    bins = reliability_bins(probs, [0, 0, 0, 0], n_bins=5)
    # 0.5 and 0.6 → (0.4, 0.6]; 0.8 → (0.6, 0.8]
    np.testing.assert_array_equal(bins.count, [0, 0, 2, 1, 1])


def test_counts_add_up_and_one_bin_is_the_overall_average():
    rng = np.random.default_rng(0)
    probs = sp_softmax(rng.normal(0, 2, size=(500, 4)), axis=1)
    labels = rng.integers(0, 4, size=500)
    bins = reliability_bins(probs, labels, n_bins=15)
    assert bins.count.sum() == 500 and bins.count.shape == (15,) and bins.edges.shape == (16,)
    one = reliability_bins(probs, labels, n_bins=1)
    assert one.confidence[0] == pytest.approx(probs.max(axis=1).mean())
    assert one.accuracy[0] == pytest.approx(np.mean(probs.argmax(axis=1) == labels))


def test_accepts_lists_float_labels_and_float32():
    a = reliability_bins(HAND_PROBS.tolist(), HAND_LABELS.tolist(), 5)
    b = reliability_bins(HAND_PROBS.astype(np.float32), HAND_LABELS.astype(np.float64), 5)
    np.testing.assert_array_equal(a.count, b.count)
    np.testing.assert_allclose(a.accuracy[2:], b.accuracy[2:])


def test_accepts_mxnet_ndarrays():
    from mxnet import nd

    bins = reliability_bins(nd.array(HAND_PROBS), nd.array(HAND_LABELS), 5)
    np.testing.assert_array_equal(bins.count, [0, 0, 3, 2, 2])


# ----------------------------------------------------------------------- expected_calibration_error


def test_ece_hand_example():
    assert expected_calibration_error(HAND_PROBS, HAND_LABELS, n_bins=5) == pytest.approx(
        1.65 / 7, abs=1e-12
    )


def test_ece_with_one_bin_is_the_gap_of_the_averages():
    # one bin: mean confidence 4.55/7, accuracy 4/7 (samples 1, 3, 5, 7 are right)
    ece = expected_calibration_error(HAND_PROBS, HAND_LABELS, n_bins=1)
    assert ece == pytest.approx(0.55 / 7, abs=1e-12)


def test_ece_is_zero_when_perfectly_calibrated():
    probs, labels = _perfectly_calibrated()
    for n_bins in (1, 2, 5, 10, 20):
        assert expected_calibration_error(probs, labels, n_bins) == pytest.approx(0.0, abs=1e-12)


def test_ece_is_small_when_labels_are_drawn_from_the_probabilities():
    # a model whose probabilities ARE the label distribution is calibrated; ECE only measures
    # sampling noise
    rng = np.random.default_rng(1)
    probs = sp_softmax(rng.normal(0, 2, size=(40_000, 5)), axis=1)
    labels = (probs.cumsum(axis=1) < rng.random((40_000, 1))).sum(axis=1)
    assert expected_calibration_error(probs, labels) < 0.01


def test_ece_of_an_always_wrong_confident_model():
    probs = np.array([[0.95, 0.05]] * 4)
    assert expected_calibration_error(probs, [1, 1, 1, 1]) == pytest.approx(0.95)


# ---------------------------------------------------------------------------------------------- nll


def test_nll_at_t1_is_the_mean_cross_entropy():
    z = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]])
    y = np.array([0, 1])
    expected = -np.mean(np.log(sp_softmax(z, axis=1)[[0, 1], y]))
    assert nll(z, y) == pytest.approx(expected, rel=1e-12)
    assert nll(np.zeros((3, 4)), [0, 1, 3]) == pytest.approx(math.log(4))  # uniform: log q


def test_nll_temperature_divides_the_logits():
    rng = np.random.default_rng(2)
    z, y = rng.normal(0, 3, size=(50, 6)), rng.integers(0, 6, size=50)
    assert nll(z, y, T=2.5) == pytest.approx(nll(z / 2.5, y), rel=1e-12)


def test_nll_does_not_overflow():
    z = np.array([[1000.0, 0.0], [0.0, 1000.0]])
    assert nll(z, [0, 0], T=0.01) == pytest.approx(0.5 * 1000 / 0.01)
    assert nll(z, [0, 1], T=1e-3) == pytest.approx(0.0, abs=1e-12)


# ---------------------------------------------------------------------------------- fit_temperature


@pytest.mark.parametrize("T0", [0.5, 1.0, 2.0, 4.0])
def test_fit_temperature_recovers_a_known_temperature(T0):
    # labels drawn from softmax(z / T0): the maximum-likelihood temperature for (z, labels) is
    # close to T0
    rng = np.random.default_rng(3)
    z = rng.normal(0, 3, size=(20_000, 10))
    p = sp_softmax(z / T0, axis=1)
    labels = (p.cumsum(axis=1) < rng.random((len(z), 1))).sum(axis=1)
    T = fit_temperature(z, labels)
    assert T == pytest.approx(T0, rel=0.03)
    # it is a minimum of nll: a little to either side is worse
    assert nll(z, labels, T) < min(nll(z, labels, T * 1.05), nll(z, labels, T / 1.05))


def test_fit_temperature_does_not_change_accuracy_and_lowers_nll():
    rng = np.random.default_rng(4)
    z = rng.normal(0, 1, size=(2000, 3))
    labels = (sp_softmax(z, axis=1).cumsum(axis=1) < rng.random((2000, 1))).sum(axis=1)
    z_over = 3.0 * z  # an over-confident model: logits three times too large
    T = fit_temperature(z_over, labels)
    assert T == pytest.approx(3.0, rel=0.1)
    assert nll(z_over, labels, T) < nll(z_over, labels)
    np.testing.assert_array_equal((z_over / T).argmax(axis=1), z_over.argmax(axis=1))


def test_fit_temperature_stays_within_bounds():
    # perfectly separated data: NLL keeps falling as T → 0, so the fit ends at the lower bound
    z = np.array([[1.0, 0.0], [0.0, 1.0]])
    T = fit_temperature(z, [0, 1], bounds=(0.1, 10.0))
    assert 0.1 <= T < 0.1001


# --------------------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    ("probs", "labels", "n_bins", "exc", "match"),
    [
        (HAND_PROBS[0], HAND_LABELS[:1], 10, ValueError, r"probs must be 2-D, got shape \(3,\)"),
        (
            HAND_PROBS[:, :1] * 0 + 1,
            HAND_LABELS,
            10,
            ValueError,
            r"probs needs at least 2 classes \(columns\), got shape \(7, 1\)",
        ),
        (np.empty((0, 3)), [], 10, ValueError, r"probs is empty \(shape \(0, 3\)\)"),
        (
            HAND_PROBS * 2,
            HAND_LABELS,
            10,
            ValueError,
            r"probs is not normalised: .* sum to 2 \(slice 0\).*not logits",
        ),
        (
            HAND_PROBS - 0.1,
            HAND_LABELS,
            10,
            ValueError,
            r"probs has a negative probability -0\.05 at index \(0, 1\)",
        ),
        (np.full((2, 2), np.nan), [0, 1], 10, ValueError, r"probs contains nan at index \(0, 0\)"),
        (
            HAND_PROBS,
            HAND_LABELS[:-1],
            10,
            ValueError,
            r"labels has 6 labels for the 7 rows of probs",
        ),
        (
            HAND_PROBS,
            HAND_LABELS[:, None],
            10,
            ValueError,
            r"labels must be a 1-D array .*\(7, 1\)",
        ),
        (
            HAND_PROBS,
            HAND_LABELS + 1,
            10,
            ValueError,
            r"labels has label 3, out of range for 3 classes \(valid: 0\.\.2\)",
        ),
        (HAND_PROBS, HAND_LABELS - 1, 10, ValueError, r"labels has a negative label -1"),
        (
            HAND_PROBS,
            HAND_LABELS + 0.5,
            10,
            ValueError,
            r"labels has label 0\.5 at index 0, which is not an integer",
        ),
        (HAND_PROBS, HAND_LABELS.astype(bool), 10, TypeError, r"labels has boolean dtype"),
        (HAND_PROBS, None, 10, TypeError, r"labels is None"),
        (None, HAND_LABELS, 10, TypeError, r"probs is None"),
        ("0.5", HAND_LABELS, 10, TypeError, r"probs is a string"),
        (HAND_PROBS.astype(complex), HAND_LABELS, 10, TypeError, r"probs is complex"),
        (HAND_PROBS, HAND_LABELS, 0, ValueError, r"n_bins must be >= 1, got 0"),
        (HAND_PROBS, HAND_LABELS, -3, ValueError, r"n_bins must be >= 1, got -3"),
        (HAND_PROBS, HAND_LABELS, 2.0, TypeError, r"n_bins must be an int, got 2\.0"),
        (HAND_PROBS, HAND_LABELS, True, TypeError, r"n_bins must be an int, got True"),
    ],
)
@pytest.mark.parametrize("func", [reliability_bins, expected_calibration_error])
def test_bad_probability_inputs(func, probs, labels, n_bins, exc, match):
    with pytest.raises(exc, match=match) as info:
        func(probs, labels, n_bins)
    assert str(info.value).startswith(func.__name__ + ":")


@pytest.mark.parametrize(
    ("logits", "labels", "T", "exc", "match"),
    [
        (np.zeros(3), [0], 1.0, ValueError, r"logits must be 2-D"),
        (np.array([[0.0, np.inf]]), [0], 1.0, ValueError, r"logits contains inf at index \(0, 1\)"),
        (np.zeros((2, 3)), [0, 3], 1.0, ValueError, r"labels has label 3, out of range for 3"),
        (np.zeros((2, 3)), [0], 1.0, ValueError, r"labels has 1 labels for the 2 rows of logits"),
        (np.zeros((2, 3)), [0, 1], 0.0, ValueError, r"T must be > 0, got 0\.0"),
        (np.zeros((2, 3)), [0, 1], -1.0, ValueError, r"T must be > 0, got -1\.0"),
        (np.zeros((2, 3)), [0, 1], float("inf"), ValueError, r"T must be finite, got inf"),
        (np.zeros((2, 3)), [0, 1], float("nan"), ValueError, r"T must be finite, got nan"),
        (np.zeros((2, 3)), [0, 1], "2", TypeError, r"T must be a real number, got '2'"),
        (np.zeros((2, 3)), [0, 1], True, TypeError, r"T must be a real number, got True"),
    ],
)
def test_bad_nll_inputs(logits, labels, T, exc, match):
    with pytest.raises(exc, match=match) as info:
        nll(logits, labels, T)
    assert str(info.value).startswith("nll:")


@pytest.mark.parametrize(
    ("bounds", "exc", "match"),
    [
        ((0.0, 10.0), ValueError, r"bounds\[0\] must be > 0, got 0\.0"),
        ((2.0, 1.0), ValueError, r"bounds must satisfy T_min < T_max, got \(2\.0, 1\.0\)"),
        ((1.0, 1.0), ValueError, r"bounds must satisfy T_min < T_max"),
        ((0.1, float("inf")), ValueError, r"bounds\[1\] must be finite, got inf"),
        (5.0, TypeError, r"bounds must be a pair"),
        ((0.1, 1.0, 10.0), TypeError, r"bounds must be a pair"),
    ],
)
def test_bad_bounds(bounds, exc, match):
    with pytest.raises(exc, match=r"^fit_temperature: " + match):
        fit_temperature(np.zeros((2, 3)), [0, 1], bounds=bounds)


def test_probability_rows_use_the_tolerance_of_cross_entropy():
    # one tolerance table by dtype (1e-6 float64, 1e-4 float32): calibration and numerics agree
    off = np.array([[0.5, 0.5 + 1e-5], [0.5, 0.5]])  # row 0 sums to 1 + 1e-5
    for func in (expected_calibration_error, lambda p, y: cross_entropy(p, y)):
        with pytest.raises(ValueError, match=r"probs|y_hat") as info:
            func(off, [0, 1])
        assert "not normalised" in str(info.value) and "tolerance 1e-06 for float64" in str(
            info.value
        )
        func(off.astype(np.float32), [0, 1])  # within float32's 1e-4: accepted by both


def test_nll_is_the_mean_of_numerics_cross_entropy_kernel(monkeypatch):
    z = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]])
    y = np.array([0, 1])
    assert nll(z, y, T=2.0) == pytest.approx(np.mean(cross_entropy(z / 2.0, y, from_logits=True)))
    calls = []
    kernel = numerics._np_cross_entropy
    monkeypatch.setattr(
        numerics, "_np_cross_entropy", lambda *a, **k: calls.append(1) or kernel(*a, **k)
    )
    nll(z, y, T=2.0)
    fit_temperature(z, y)
    assert len(calls) > 1  # one Python cross-entropy: nll and fit_temperature compute with it


def test_fit_temperature_validates_logits_and_labels():
    with pytest.raises(ValueError, match=r"^fit_temperature: labels has label 5, out of range"):
        fit_temperature(np.zeros((2, 3)), [0, 5])
    with pytest.raises(ValueError, match=r"^fit_temperature: logits must be 2-D"):
        fit_temperature(np.zeros((2, 3, 1)), [0, 1])
