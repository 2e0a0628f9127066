"""Values of :mod:`utils.numerics` on NumPy input: the chapter's identities as properties, known
values, information-theory conventions, one_hot, accuracy and realsoftmax_gap, and the package's
import behaviour.

Every reference value is computed independently (SciPy or a formula written out here), never by
calling the function under test a second time.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from mxnet import nd
from scipy.special import log_softmax as sp_log_softmax
from scipy.special import logsumexp as sp_logsumexp
from scipy.special import softmax as sp_softmax

import utils
from utils import _validation, numerics

from .numerics_strategies import given_examples, logits, logits_and_labels, prob_rows

# --------------------------------------------------------------------------------------------------
# softmax family: the chapter's identities
# --------------------------------------------------------------------------------------------------


@given_examples(logits(np.float64, bound=1e4))
def test_softmax_rows_are_probability_vectors(o):
    p = numerics.softmax(o)
    assert p.shape == o.shape and p.dtype == np.float64
    assert np.all(p >= 0) and np.all(p <= 1)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@given_examples(logits(np.float32, bound=1e30))
def test_softmax_float32_rows_sum_to_one_even_for_huge_logits(o):
    p = numerics.softmax(o)
    assert p.dtype == np.float32 and np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-5)


@given_examples(logits(np.float64), st.floats(-100, 100))
def test_softmax_is_shift_invariant(o, c):
    np.testing.assert_allclose(numerics.softmax(o + c), numerics.softmax(o), rtol=1e-9, atol=1e-12)


@given_examples(logits(np.float64, bound=1e4))
def test_softmax_keeps_the_largest_logit_most_probable(o):
    p = numerics.softmax(o)
    top = o.argmax(axis=1)
    np.testing.assert_array_equal(p[np.arange(len(p)), top], p.max(axis=1))


@given_examples(logits(np.float64))
def test_softmax_family_matches_scipy(o):
    np.testing.assert_allclose(numerics.softmax(o), sp_softmax(o, axis=-1), rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(
        numerics.log_softmax(o), sp_log_softmax(o, axis=-1), rtol=1e-10, atol=1e-10
    )
    np.testing.assert_allclose(
        numerics.logsumexp(o), sp_logsumexp(o, axis=-1), rtol=1e-12, atol=1e-15
    )


@given_examples(logits(np.float64))
def test_log_softmax_is_o_minus_logsumexp_and_logsumexp_is_bounded(o):
    lse = numerics.logsumexp(o, axis=1)
    np.testing.assert_allclose(numerics.log_softmax(o), o - lse[:, None], rtol=1e-12, atol=1e-9)
    q = o.shape[1]
    assert np.all(lse >= o.max(axis=1) - 1e-9) and np.all(lse <= o.max(axis=1) + np.log(q) + 1e-9)


def test_axis_argument_reduces_the_right_axis():
    o = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(numerics.softmax(o, axis=0), sp_softmax(o, axis=0))
    np.testing.assert_allclose(numerics.log_softmax(o, axis=0), sp_log_softmax(o, axis=0))
    np.testing.assert_allclose(numerics.logsumexp(o, axis=0), sp_logsumexp(o, axis=0))
    np.testing.assert_allclose(
        numerics.logsumexp(o, axis=-1), [np.log(np.e + np.e**2), np.log(np.e**3 + np.e**5)]
    )


def test_source_example_softmax_values():
    # o = (0.1, 10, 0.1): class index 1 (닭) gets almost all the mass
    p = numerics.softmax([0.1, 10.0, 0.1])
    e = np.exp([0.1, 10.0, 0.1])
    np.testing.assert_allclose(p, e / e.sum(), rtol=1e-14)
    assert p.argmax() == 1


def test_naive_formula_would_overflow_where_ours_does_not():
    o = np.array([[1000.0, 0.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(o) / np.exp(o).sum()
    assert np.isnan(naive).any()  # the reason for the max shift
    np.testing.assert_allclose(numerics.softmax(o), [[1.0, np.exp(-1000.0)]])
    np.testing.assert_allclose(numerics.log_softmax(o), [[0.0, -1000.0]])


# --------------------------------------------------------------------------------------------------
# cross-entropy
# --------------------------------------------------------------------------------------------------


@given_examples(logits_and_labels(np.float64, bound=1e4))
def test_cross_entropy_from_logits_is_logsumexp_minus_true_logit(data):
    o, y = data
    ce = numerics.cross_entropy(o, y, from_logits=True)
    ref = sp_logsumexp(o, axis=1) - o[np.arange(len(y)), y]
    assert ce.shape == y.shape and np.isfinite(ce).all() and np.all(ce >= -1e-9)
    np.testing.assert_allclose(ce, ref, rtol=1e-12, atol=1e-9)


@given_examples(logits_and_labels(np.float64, bound=20.0))
def test_cross_entropy_from_probabilities_matches_from_logits(data):
    o, y = data
    p = sp_softmax(o, axis=1)
    np.testing.assert_allclose(
        numerics.cross_entropy(p, y),
        numerics.cross_entropy(o, y, from_logits=True),
        rtol=1e-9,
        atol=1e-9,
    )
    # dense one-hot labels give the same loss as integer labels
    np.testing.assert_allclose(
        numerics.cross_entropy(p, np.eye(o.shape[1])[y]),
        -np.log(p[np.arange(len(y)), y]),
        rtol=1e-12,
    )


def test_cross_entropy_source_example():
    # ŷ = (0.1, 0.8, 0.1), y = 닭 (index 1): ℓ = −log 0.8
    assert numerics.cross_entropy([[0.1, 0.8, 0.1]], [1])[0] == pytest.approx(
        -np.log(0.8), rel=1e-15
    )


@given_examples(logits_and_labels(np.float64, bound=20.0), st.sampled_from([2, 10, np.e, 0.5]))
def test_cross_entropy_in_another_base_is_nats_over_log_base(data, base):
    o, y = data
    p = sp_softmax(o, axis=1)
    nats = -np.log(p[np.arange(len(y)), y])
    expected = nats / np.log(base)
    np.testing.assert_allclose(
        numerics.cross_entropy(p, y, base=base), expected, rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(
        numerics.cross_entropy(o, y, from_logits=True, base=base), expected, rtol=1e-9, atol=1e-9
    )
    dense = numerics.cross_entropy(p, np.eye(o.shape[1])[y], base=base)
    np.testing.assert_allclose(dense, expected, rtol=1e-9, atol=1e-12)


def test_cross_entropy_base_two_known_values_and_default_nats():
    # ŷ = (0.25, 0.5, 0.25): −log₂ 0.5 = 1 bit, −log₂ 0.25 = 2 bits
    p = np.array([[0.25, 0.5, 0.25], [0.25, 0.5, 0.25]])
    np.testing.assert_allclose(numerics.cross_entropy(p, [1, 0], base=2), [1.0, 2.0], rtol=1e-15)
    np.testing.assert_array_equal(
        numerics.cross_entropy(p, [1, 0], base=None), numerics.cross_entropy(p, [1, 0])
    )
    assert numerics.cross_entropy(p, [1, 0])[0] == pytest.approx(
        np.log(2), rel=1e-15
    )  # nats by default
    assert numerics.cross_entropy([[1.0, 0.0]], [1], base=2)[0] == np.inf
    assert numerics.cross_entropy(p.astype(np.float32), [1, 0], base=2).dtype == np.float32


def test_cross_entropy_of_an_exact_zero_probability_is_inf_not_nan():
    ce = numerics.cross_entropy(np.array([[1.0, 0.0], [0.5, 0.5]]), [1, 0])
    assert ce[0] == np.inf and ce[1] == pytest.approx(np.log(2))
    # dense labels: 0·log 0 = 0, but p > 0 where ŷ = 0 is +inf
    ce = numerics.cross_entropy([[1.0, 0.0], [1.0, 0.0]], [[1.0, 0.0], [0.5, 0.5]])
    assert ce[0] == 0.0 and ce[1] == np.inf
    ce_nd = numerics.cross_entropy(nd.array([[1.0, 0.0]]), nd.array([[1.0, 0.0]])).asnumpy()
    assert ce_nd[0] == 0.0


# --------------------------------------------------------------------------------------------------
# information theory
# --------------------------------------------------------------------------------------------------


@given_examples(prob_rows(), st.data())
def test_kl_is_nonnegative_and_zero_only_for_equal_distributions(p, data):
    q = data.draw(prob_rows(shape=p.shape))
    d = numerics.kl_divergence(p, q)
    assert d.shape == (p.shape[0],) and np.all(d >= 0)
    np.testing.assert_array_equal(numerics.kl_divergence(p, p), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ref = np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - np.log(q)), 0).sum(axis=1)
    np.testing.assert_allclose(d, ref, rtol=1e-9, atol=1e-12)


@given_examples(prob_rows(), st.data())
def test_cross_entropy_is_entropy_plus_kl(p, data):
    # q > 0 everywhere, so everything is finite
    q = data.draw(prob_rows(shape=p.shape, min_value=1e-3))
    np.testing.assert_allclose(
        numerics.cross_entropy(q, p),
        numerics.entropy(p) + numerics.kl_divergence(p, q),
        rtol=1e-9,
        atol=1e-12,
    )


@given_examples(prob_rows())
def test_entropy_in_bits_is_nats_over_ln2_and_bounded_by_log_q(p):
    h = numerics.entropy(p)
    np.testing.assert_allclose(numerics.entropy(p, base=2), h / np.log(2), rtol=1e-12)
    assert np.all(h >= 0) and np.all(h <= np.log(p.shape[1]) + 1e-12)
    ref = -np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0).sum(axis=1)
    np.testing.assert_allclose(h, ref, rtol=1e-12, atol=1e-15)


def test_entropy_and_kl_known_values_and_conventions():
    assert numerics.entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert numerics.entropy([0.25] * 4, base=2) == pytest.approx(2.0)
    assert numerics.entropy([1.0, 0.0]) == 0.0  # 0·log 0 = 0, and not −0.0
    assert np.signbit(numerics.entropy([1.0, 0.0])) == np.False_
    assert numerics.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf  # q = 0 < p
    assert numerics.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(
        np.log(2)
    )  # p = 0 terms vanish
    assert numerics.kl_divergence([1.0, 0.0], [0.5, 0.5], base=2) == pytest.approx(1.0)
    # along another axis: columns are distributions
    cols = np.array([[0.5, 1.0], [0.5, 0.0]])
    np.testing.assert_allclose(numerics.entropy(cols, axis=0), [np.log(2), 0.0])


# --------------------------------------------------------------------------------------------------
# realsoftmax_gap: the Python reference of the live figure's realSoftmaxGap
# --------------------------------------------------------------------------------------------------


def test_realsoftmax_gap_known_values():
    assert numerics.realsoftmax_gap([2.0, 1.0], 1.0) == pytest.approx(
        np.log1p(np.exp(-1.0)), rel=1e-15
    )
    assert numerics.realsoftmax_gap([3.0, 3.0], 0.5) == pytest.approx(
        np.log(2) / 0.5, rel=1e-15
    )  # a tie
    assert numerics.realsoftmax_gap([1.0, 1.0, 1.0, 1.0], 2.0) == pytest.approx(
        np.log(4) / 2, rel=1e-15
    )
    assert numerics.realsoftmax_gap([5.0], 1.0) == 0.0  # one logit: RealSoftMax is the maximum
    assert type(numerics.realsoftmax_gap(np.array([2.0, 1.0], np.float32), 1.0)) is float


def test_realsoftmax_gap_keeps_precision_where_the_definition_cancels():
    # λ = 100: the gap is e^-100 / 100 ≈ 3.7e-46; logsumexp(λ o)/λ − max o rounds to exactly 0
    gap = numerics.realsoftmax_gap([2.0, 1.0], 100.0)
    assert gap == pytest.approx(np.exp(-100.0) / 100.0, rel=1e-12) and gap > 0
    assert sp_logsumexp(100.0 * np.array([2.0, 1.0])) / 100.0 - 2.0 == 0.0


@given_examples(
    hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-50, 50)),
    st.floats(0.01, 100.0),
)
def test_realsoftmax_gap_is_the_definition_and_within_its_bounds(o, lam):
    gap = numerics.realsoftmax_gap(o, lam)
    assert 0.0 <= gap <= np.log(len(o)) / lam * (1 + 1e-12)
    definition = sp_logsumexp(lam * (o - o.max())) / lam  # shifted, so it cannot overflow
    assert gap == pytest.approx(definition, rel=1e-9, abs=1e-13 / min(lam, 1.0))


def test_realsoftmax_gap_accepts_integers_and_ndarrays():
    expected = np.log1p(np.exp(-2.0) + np.exp(-4.0)) / 2.0
    assert numerics.realsoftmax_gap([3, 2, 1], 2) == pytest.approx(expected, rel=1e-15)
    assert numerics.realsoftmax_gap(
        nd.array([3.0, 2.0, 1.0], dtype="float64"), 2.0
    ) == pytest.approx(expected, rel=1e-15)


# --------------------------------------------------------------------------------------------------
# one_hot and accuracy
# --------------------------------------------------------------------------------------------------


def test_one_hot_values_kinds_and_book_class_order():
    # index 0 = 고양이 → (1,0,0), 1 = 닭 → (0,1,0), 2 = 강아지 → (0,0,1)
    oh = numerics.one_hot([0, 1, 2, 1], 3)
    assert isinstance(oh, np.ndarray) and oh.dtype == np.float32
    np.testing.assert_array_equal(oh, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]])
    assert numerics.one_hot(np.array([[0, 1], [1, 1]]), 2).shape == (2, 2, 2)
    assert numerics.one_hot(2, 3).tolist() == [0, 0, 1]
    oh_nd = numerics.one_hot(nd.array([2, 0]), 3)
    assert isinstance(oh_nd, nd.NDArray) and oh_nd.dtype == np.float32
    np.testing.assert_array_equal(oh_nd.asnumpy(), [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(
        numerics.one_hot(np.array([1.0, 0.0], dtype=np.float32), 2), [[0, 1], [1, 0]]
    )


@given_examples(logits_and_labels(np.float64, bound=5.0))
def test_accuracy_is_the_fraction_of_argmax_hits(data):
    o, y = data
    o = np.round(o)  # ties happen; the first maximal index is the prediction, as in argmax
    expected = sum(int(np.argmax(row) == label) for row, label in zip(o, y)) / len(y)
    assert numerics.accuracy(o, y) == expected
    assert numerics.accuracy(nd.array(o, dtype="float64"), nd.array(y)) == expected


def test_accuracy_from_scores_and_from_predicted_labels():
    scores = np.array([[0.1, 0.8, 0.1], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.0, 0.4, 0.6]])
    y = [1, 0, 1, 2]
    acc = numerics.accuracy(scores, y)
    assert type(acc) is float and acc == 0.75
    assert numerics.accuracy([1, 0, 2, 2], y) == 0.75
    assert type(numerics.accuracy(nd.array(scores), nd.array(y))) is float
    assert numerics.accuracy(nd.array(scores), nd.array(y)) == 0.75
    assert numerics.accuracy(scores, nd.array(y)) == 0.75
    assert numerics.accuracy(nd.array([1, 0, 2, 2]), np.array(y)) == 0.75


# --------------------------------------------------------------------------------------------------
# dtypes, structure and the package
# --------------------------------------------------------------------------------------------------


def test_integer_input_is_promoted_to_float():
    assert numerics.softmax([1, 2, 3]).dtype == np.float64
    assert numerics.softmax(np.array([[1, 2]], dtype=np.int32)).dtype == np.float64
    assert numerics.softmax(nd.array([[1, 2]], dtype="int32")).dtype == np.float32


def test_scalar_results_for_one_dimensional_numpy_input():
    assert np.ndim(numerics.logsumexp([0.0, 0.0])) == 0 and numerics.logsumexp(
        [0.0, 0.0]
    ) == pytest.approx(np.log(2))
    assert np.ndim(numerics.entropy([0.5, 0.5])) == 0
    assert np.ndim(numerics.kl_divergence([0.5, 0.5], [0.5, 0.5])) == 0


def test_numpy_only_use_does_not_import_mxnet():
    code = (
        "import sys, utils; utils.softmax([1.0, 2.0]); utils.cross_entropy([[0.5, 0.5]], [0]); "
        "print('mxnet' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent),
    )
    assert out.stdout.strip() == "False"


def test_utils_reexports_the_numerics_api():
    public = {
        n
        for n, f in vars(numerics).items()
        if callable(f) and f.__module__ == numerics.__name__ and n[0] != "_"
    }
    assert public == set(PUBLIC) and set(utils.__all__) == public | {"setup", "table"}
    for name in public:
        assert getattr(utils, name) is getattr(numerics, name)


PUBLIC = [
    "softmax",
    "log_softmax",
    "logsumexp",
    "one_hot",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "accuracy",
    "realsoftmax_gap",
]
ONE_CALL = {
    "softmax": lambda: numerics.softmax([[1.0, 2.0]]),
    "log_softmax": lambda: numerics.log_softmax([[1.0, 2.0]]),
    "logsumexp": lambda: numerics.logsumexp([[1.0, 2.0]]),
    "one_hot": lambda: numerics.one_hot([0, 1], 2),
    "cross_entropy": lambda: numerics.cross_entropy(
        [[1.0, 2.0], [0.0, 0.0]], [[0.5, 0.5], [1.0, 0.0]], from_logits=True
    ),
    "entropy": lambda: numerics.entropy([0.5, 0.5]),
    "kl_divergence": lambda: numerics.kl_divergence([0.5, 0.5], [0.25, 0.75]),
    "accuracy": lambda: numerics.accuracy([[0.2, 0.8]], [1]),
    "realsoftmax_gap": lambda: numerics.realsoftmax_gap([2.0, 1.0], 3.0),
}


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_function_validates_once_and_calls_no_other_public_function(name, monkeypatch):
    calls = []
    for entry in [n for n in vars(_validation) if n.endswith("_args")]:
        original = getattr(_validation, entry)
        monkeypatch.setattr(
            _validation,
            entry,
            lambda *a, _f=original, _n=entry, **k: calls.append(_n) or _f(*a, **k),
        )
    for other in PUBLIC:
        if other != name:
            monkeypatch.setattr(
                numerics, other, lambda *a, _o=other, **k: pytest.fail(f"{name} called {_o}")
            )
    ONE_CALL[name]()
    assert len(calls) == 1, calls


def test_kl_divergence_is_finite_for_a_subnormal_q():
    # p log p − p log q, not p log(p/q): 0.5 / 5e-324 would overflow to inf
    d = numerics.kl_divergence([0.5, 0.5], [1.0 - 5e-324, 5e-324])
    assert np.isfinite(d) and d == pytest.approx(
        0.5 * np.log(0.5) - 0.5 * np.log(5e-324) + 0.5 * np.log(0.5)
    )


@pytest.mark.parametrize("fn", [numerics.softmax, numerics.log_softmax, numerics.logsumexp])
def test_float16_input_keeps_float16(fn):
    o = np.array([[1.0, 2.0, 3.0]], np.float16)
    assert fn(o).dtype == np.float16
    assert numerics.cross_entropy(o, [2], from_logits=True).dtype == np.float16
