"""Small helpers shared by the book's notebooks.

Submodules: ``numerics`` (softmax, cross-entropy, entropy, …; re-exported here), ``plotting`` (Korean-labelled
figures), ``data`` (the chapter's toy data). Import submodules explicitly, e.g. ``from utils import plotting``.
"""

from .numerics import (
    accuracy,
    cross_entropy,
    entropy,
    kl_divergence,
    log_softmax,
    logsumexp,
    one_hot,
    softmax,
)

__all__ = [
    "accuracy",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "one_hot",
    "softmax",
]
