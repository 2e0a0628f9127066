"""Live figures for the static HTML book and JupyterLab: anywidget widgets that compute in the
reader's browser.

How they work
    Each class is an ``anywidget.AnyWidget`` whose front end is a small plain ES module beside it
    (``temperature.js``, …) that recomputes the formula in JavaScript (``formulas.js``, one function
    per formula, checked against ``utils`` to 1e-9 by ``tests/browser/test_widget_formulas.py``)
    and redraws an SVG figure and a ``name = value`` readout on every slider ``input`` event. No
    kernel and no server are needed:

    * At class-definition time the Python class inlines ``formulas.js`` and ``shared.js`` into the
      widget's ES module (``_base.bundle``: each ``import { … } from "./x.js";`` line is replaced by
      ``x.js``), because the saved widget state stores the module as one string (the ``_esm``
      trait) and the page imports it from a ``blob:`` URL, where relative imports cannot resolve.
      ``widgets.css`` travels the same way (``_css``).
    * ``make execute`` (nbconvert with ``store_widget_state=True``) saves the widget state in the
      notebook, so the built page carries the ESM, the data (logits, labels, …) and the initial
      slider values.
    * In the static HTML, the book's loader ``static/book/livefig-loader.js`` renders that state
      as anywidget does (it imports ``_esm``, adds ``_css``, calls ``render({model, el})``;
      ``save_changes()`` does nothing there). Nothing is fetched from outside the book.
    * In JupyterLab the anywidget lab extension does the same, and slider moves are also sent to
      the kernel (``model.save_changes()``), so ``w.T``, ``w.logits`` … hold what the reader sees
      and ``w.readout()`` recomputes the printed numbers with ``utils``.

Layout
    One module per figure; figure modules import only ``_base`` and ``utils`` itself, never each
    other. ``_base`` holds what they share: ``bundle``, the CSS, ``DEFAULT_LABELS`` (the book's
    class names), the base class ``LiveFigure`` and the widget form of the input checks. Each class
    lists the traits its sliders set in the class attribute ``sliders`` (e.g. ``("logits", "T")``;
    not synced, so not part of the saved state). The formulas' Python references are ``utils``
    functions (``utils.softmax``, ``utils.realsoftmax_gap``, ``utils.calibration``, …).

Input checks
    Every trait is checked once, on assignment (constructor, Python or slider), by the functions of
    ``utils._validation`` that also check ``utils``' own arguments; rules between traits (one label
    per logit, …) are traitlets cross-validators. Invalid input raises ``WidgetValueError`` /
    ``WidgetTypeError`` (subclasses of ``ValueError`` / ``TypeError`` and ``traitlets.TraitError``)
    whose message reads ``"<class name>: <trait> …"``, e.g.
    ``"TemperatureSoftmax: T must be > 0, got -1.0"``.

Classes: ``TemperatureSoftmax`` (04), ``EntropyExplorer`` and ``KLExplorer`` (08),
``CalibrationTemperature`` (09), ``LogSumExpGap`` (10).
"""

from ._base import WidgetTypeError, WidgetValueError
from .calibration import CalibrationTemperature
from .entropy import EntropyExplorer
from .gap import LogSumExpGap
from .kl import KLExplorer
from .temperature import TemperatureSoftmax

__all__ = [
    "CalibrationTemperature",
    "EntropyExplorer",
    "KLExplorer",
    "LogSumExpGap",
    "TemperatureSoftmax",
    "WidgetTypeError",
    "WidgetValueError",
]
