"""One call that every chapter notebook makes after its imports: ``utils.setup()``."""

from __future__ import annotations

import random

import numpy as np

#: The book's seed: every notebook starts from it, so re-running a notebook reproduces its stored
#: outputs.
SEED = 0


def setup(seed: int = SEED) -> None:
    """Seed Python, NumPy and MXNet, and apply the book's figure defaults (Korean font, 2× sharp
    PNGs).

    In a Jupyter kernel the inline backend is switched to the ``retina`` format: each PNG has twice
    the pixels of its displayed size (the size is stored in the output's metadata), so figures stay
    sharp on HiDPI screens and in print. Outside IPython only the seeds and the matplotlib defaults
    are set.
    """
    # Imported here, not at module level: `import utils` (numerics only) stays free of MXNet and
    # matplotlib.
    import mxnet as mx

    from . import plotting

    random.seed(seed)
    np.random.seed(seed)
    mx.random.seed(seed)
    plotting.setup()
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is installed with the book
        return
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina")
