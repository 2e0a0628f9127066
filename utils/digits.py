"""The 8×8 handwritten-digits data set bundled with scikit-learn, split reproducibly for the training chapter.

``sklearn.datasets.load_digits`` ships inside the scikit-learn wheel, so this works offline. Pixel values are
integers 0–16; we divide by 16 so every feature lies in [0, 1].
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

#: Number of classes (digits 0–9) and of features (8 × 8 pixels).
NUM_CLASSES = 10
NUM_FEATURES = 64
IMAGE_SHAPE = (8, 8)


class DigitsSplit(NamedTuple):
    """Train/test arrays: ``X_*`` float32 of shape (n, 64) in [0, 1]; ``y_*`` int64 labels 0–9 of shape (n,)."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def load_digits_split(test_size: float = 0.25, seed: int = 0) -> DigitsSplit:
    """Load scikit-learn's digits and split them into stratified train and test sets.

    Parameters
    ----------
    test_size:
        Fraction of the 1,797 images that goes to the test set, strictly between 0 and 1. The split is
        stratified, so every digit appears in both parts in (almost) the same proportion.
    seed:
        Non-negative integer seed of the shuffle; the same ``(test_size, seed)`` always gives the same split.

    Returns
    -------
    DigitsSplit
        ``(X_train, X_test, y_train, y_test)``; X float32 scaled to [0, 1] (pixel ÷ 16), y int64.

    Raises
    ------
    TypeError
        If ``test_size`` is not a real number or ``seed`` is not an integer.
    ValueError
        If ``test_size`` is not in (0, 1), ``seed`` is negative, or a part would be too small to hold every class.
    """
    if isinstance(test_size, bool) or not isinstance(test_size, (int, float, np.integer, np.floating)):
        raise TypeError(f"load_digits_split: test_size must be a number in (0, 1), got {type(test_size).__name__}")
    if not (0.0 < float(test_size) < 1.0):
        raise ValueError(f"load_digits_split: test_size must be strictly between 0 and 1, got {test_size!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"load_digits_split: seed must be an int, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"load_digits_split: seed must be non-negative, got {seed}")

    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    X = (data.data / 16.0).astype(np.float32)
    y = data.target.astype(np.int64)
    n_test = int(np.ceil(float(test_size) * len(y)))
    if n_test < NUM_CLASSES or len(y) - n_test < NUM_CLASSES:
        raise ValueError(
            f"load_digits_split: test_size={test_size!r} leaves {n_test} test and {len(y) - n_test} train images; "
            f"each part needs at least {NUM_CLASSES} so that every digit appears"
        )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=float(test_size), random_state=int(seed), stratify=y
    )
    return DigitsSplit(
        np.ascontiguousarray(X_train), np.ascontiguousarray(X_test), np.asarray(y_train), np.asarray(y_test)
    )
