"""Small helpers shared by the book's notebooks.

Submodules:

* ``numerics``: softmax, cross-entropy, entropy, …, and ``realsoftmax_gap`` (re-exported here);
* ``calibration``: reliability bins, expected calibration error, NLL, temperature scaling;
* ``plotting``: Korean-labelled figures;
* ``toy_images``: the chapter's 2×2 cat/chicken/dog images; ``digits``: the training data set;
* ``notebook``: ``setup()``, re-exported here: the one call every notebook makes after its imports;
* ``tables``: ``table()``, re-exported here: a table that the book shows as HTML, not padded text;
* ``widgets``: the live figures (anywidget) of the HTML book.

Every input check of these modules lives in ``utils._validation`` (one message form,
``"<function>: <argument> …"``); the public functions call one of its entries first.
Import submodules explicitly, e.g. ``from utils import plotting``.
"""

from .notebook import setup
from .numerics import (
    accuracy,
    cross_entropy,
    entropy,
    kl_divergence,
    log_softmax,
    logsumexp,
    one_hot,
    realsoftmax_gap,
    softmax,
)
from .tables import table

__all__ = [
    "accuracy",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "one_hot",
    "realsoftmax_gap",
    "setup",
    "softmax",
    "table",
]
