"""Small helpers shared by the book's notebooks.

Submodules: ``numerics`` (softmax, cross-entropy, entropy, …; re-exported here), ``plotting`` (Korean-labelled
figures), ``toy_images`` (the chapter's 2×2 cat/chicken/dog images), ``digits`` (the training data set) and
``notebook`` (``setup()``, re-exported here: the one call every notebook makes after its imports).
Import submodules explicitly, e.g. ``from utils import plotting``.
"""

from .notebook import setup
from .numerics import accuracy, cross_entropy, entropy, kl_divergence, log_softmax, logsumexp, one_hot, softmax

__all__ = [
    "accuracy",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "one_hot",
    "setup",
    "softmax",
]
