"""Hypothesis strategies shared by the ``test_numerics_*`` files (logits, integer labels,
probability rows) and their property-test decorator ``given_examples``."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

EXAMPLES = 60


def given_examples(*strategies):
    """``@settings(max_examples=EXAMPLES)`` + ``@given(*strategies)``: a property test of the
    numerics files."""

    def decorate(test):
        return settings(max_examples=EXAMPLES)(given(*strategies)(test))

    return decorate


SHAPES = hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=8)


def logits(dtype=np.float64, bound=50.0):
    width = 32 if dtype == np.float32 else 64
    # hypothesis wants bounds exact in float32
    bound = float(np.float32(bound)) if width == 32 else bound
    return hnp.arrays(dtype, SHAPES, elements=st.floats(-bound, bound, width=width))


@st.composite
def logits_and_labels(draw, dtype=np.float64, bound=50.0):
    o = draw(logits(dtype, bound))
    y = draw(hnp.arrays(np.int64, o.shape[0], elements=st.integers(0, o.shape[1] - 1)))
    return o, y


@st.composite
def prob_rows(draw, shape=None, min_value=0.0):
    """Probability rows (float64): non-negative weights normalised in float64, possibly with exact
    zeros."""
    if shape is None:
        shape = draw(SHAPES)
    w = draw(hnp.arrays(np.float64, shape, elements=st.floats(min_value, 1.0)))
    w[:, 0] += 1e-3  # every row has some mass
    return w / w.sum(axis=1, keepdims=True)
