"""The 8×8 handwritten-digits data set bundled with scikit-learn, split reproducibly for the
training chapter.

``sklearn.datasets.load_digits`` ships inside the scikit-learn wheel, so this works offline. Pixel
values are integers 0–16; we divide by 16 so every feature lies in [0, 1].

The split is train / validation / test = 60 / 20 / 20 by default, stratified by digit. Both
held-out fractions are fractions of the *whole* data set (that is what "60/20/20" means), and the
validation set is as large as the test set: it is consulted many times (learning rate, number of
epochs, the temperature of temperature scaling), so its numbers must be as trustworthy as the test
set's, which is read once at the end. With 1,797 images that is 360 validation and 360 test images
(about 36 per digit; at 97 % accuracy the standard error of an accuracy measured on 360 images is
about 0.9 %p, so a 95 % interval is about ±1.8 %p) and 1,077 training images (about 108 per digit
for the 650 parameters of softmax regression).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _validation as validation

#: Number of classes (digits 0–9) and of features (8 × 8 pixels).
NUM_CLASSES = 10
NUM_FEATURES = 64
IMAGE_SHAPE = (8, 8)
#: Number of images in scikit-learn's digits data set.
NUM_IMAGES = 1797


class DigitsSplit(NamedTuple):
    """Train/validation/test arrays.

    ``X_*`` are float32 of shape (n, 64) with values in [0, 1]; ``y_*`` are int64 labels 0–9 of
    shape (n,).
    """

    X_train: np.ndarray
    X_val: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray
    y_test: np.ndarray


def load_digits_split(val_size: float = 0.2, test_size: float = 0.2, seed: int = 0) -> DigitsSplit:
    """Load scikit-learn's digits and split them into stratified train, validation and test sets.

    Parameters
    ----------
    val_size, test_size:
        Fractions of all 1,797 images that go to the validation and the test set; each strictly
        between 0 and 1, with ``val_size + test_size < 1``. A part gets ``ceil(fraction × 1797)``
        images (360 for 0.2) and the training set the rest. Every split is stratified, so each
        digit appears in every part in (almost) the same proportion as in the whole data set.
    seed:
        Non-negative integer seed of the shuffle; the same ``(val_size, test_size, seed)`` always
        gives the same split. The test set depends only on ``(test_size, seed)``, so changing
        ``val_size`` never moves an image into or out of the test set.

    Returns
    -------
    DigitsSplit
        ``(X_train, X_val, X_test, y_train, y_val, y_test)``, also by name; X float32 scaled to
        [0, 1] (pixel ÷ 16), y int64. The three parts are disjoint and together hold every image
        exactly once.

    Raises
    ------
    TypeError
        If ``val_size`` or ``test_size`` is not a real number, or ``seed`` is not an integer.
    ValueError
        If a fraction is not in (0, 1), ``val_size + test_size >= 1``, ``seed`` is negative, or a
        part would hold fewer than 10 images (then some digit could be missing from it).
    """
    args = validation.load_digits_split_args(val_size, test_size, seed, NUM_IMAGES, NUM_CLASSES)

    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    X = (data.data / 16.0).astype(np.float32)
    y = data.target.astype(np.int64)
    assert len(y) == NUM_IMAGES, f"scikit-learn's digits changed size: {len(y)} images"
    # Test first (it depends only on test_size and seed), then validation from what is left.
    # Integer sizes make the part sizes exact; stratify keeps the digit proportions in every part.
    X_rest, X_test, y_rest, y_test = train_test_split(
        X, y, test_size=args.n_test, random_state=args.seed, stratify=y
    )
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=args.n_val, random_state=args.seed, stratify=y_rest
    )
    return DigitsSplit(
        *(np.ascontiguousarray(a) for a in (X_train, X_val, X_test)),
        *(np.asarray(a) for a in (y_train, y_val, y_test)),
    )
