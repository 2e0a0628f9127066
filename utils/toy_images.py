"""The chapter's toy data: 2×2 grayscale images of a cat, a chicken and a dog.

Each class has a characteristic 2×2 brightness pattern (its *prototype*); an image is the prototype
plus Gaussian noise, clipped to [0, 1]. Pixels are numbered row-major, so a flattened image is the
feature vector ``(x₁, x₂, x₃, x₄) = (top-left, top-right, bottom-left, bottom-right)``.

The class order is fixed for the whole book: index 0 = 고양이, 1 = 닭, 2 = 강아지.
"""

from __future__ import annotations

import numpy as np

from . import _validation as validation

#: Class names in the book's order (index 0, 1, 2 ↔ labels 1, 2, 3 in 1-based prose).
CLASS_NAMES: tuple[str, ...] = ("고양이", "닭", "강아지")

#: Noise-free brightness pattern of each class, shape (3, 2, 2), in the order of ``CLASS_NAMES``.
#: 고양이: bright top row (two ears), 닭: bright main diagonal, 강아지: bright bottom row.
PROTOTYPES: np.ndarray = np.array(
    [
        [[0.85, 0.85], [0.15, 0.15]],  # 고양이
        [[0.85, 0.15], [0.15, 0.85]],  # 닭
        [[0.15, 0.15], [0.85, 0.85]],  # 강아지
    ],
    dtype=np.float32,
)
PROTOTYPES.setflags(write=False)

#: Default noise level (standard deviation of the Gaussian noise added to each pixel).
DEFAULT_NOISE = 0.12


def make_toy_images(
    n_per_class: int, seed: int = 0, noise: float = DEFAULT_NOISE
) -> tuple[np.ndarray, np.ndarray]:
    """Make a balanced, shuffled set of noisy 2×2 grayscale images.

    Parameters
    ----------
    n_per_class:
        Number of images of each class (≥ 1); ``3 * n_per_class`` images in total.
    seed:
        Seed of the random generator (non-negative integer); the same seed gives the same arrays.
    noise:
        Standard deviation of the per-pixel Gaussian noise (finite, ≥ 0).

    Returns
    -------
    images:
        ``float32`` array of shape ``(n, 2, 2)`` with values in ``[0, 1]``.
    labels:
        ``int64`` array of shape ``(n,)`` with values in ``{0, 1, 2}`` (indices into
        ``CLASS_NAMES``).
    """
    args = validation.make_toy_images_args(n_per_class, seed, noise)
    rng = np.random.default_rng(args.seed)
    num_classes = len(CLASS_NAMES)
    labels = np.repeat(np.arange(num_classes, dtype=np.int64), args.n_per_class)
    labels = labels[rng.permutation(labels.shape[0])]
    images = PROTOTYPES[labels] + rng.normal(0.0, args.noise, size=(labels.shape[0], 2, 2))
    images = np.clip(images, 0.0, 1.0).astype(np.float32)
    return images, labels


def flatten(images: np.ndarray) -> np.ndarray:
    """Turn images of shape ``(n, 2, 2)`` (or one image ``(2, 2)``) into feature rows ``(n, 4)``
    (or ``(4,)``).

    The order is row-major: ``x₁`` top-left, ``x₂`` top-right, ``x₃`` bottom-left, ``x₄``
    bottom-right.
    """
    values = validation.flatten_args(images)
    return values.reshape(4) if values.ndim == 2 else values.reshape(values.shape[0], 4)


def class_names(labels: np.ndarray | list[int]) -> list[str]:
    """Map integer labels (0, 1, 2; a scalar or a 1-D array) to their Korean class names."""
    checked = validation.class_names_args(labels, len(CLASS_NAMES))
    return [CLASS_NAMES[int(i)] for i in checked.reshape(-1)]
