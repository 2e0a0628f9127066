"""The live figures of the book (``utils.widgets``): one row per figure, in reading order.

A row says on which page the figure is, which class draws it and which Python variable of that
page's notebook binds it. Everything else is read from the class: its sliders move the traits named
in its ``sliders`` attribute (a slider's ``data-key`` is the trait, ``T``, or an entry of a list
trait, ``logits[0]``), and ``readout()`` computes the numbers it prints.

:data:`FIGURES` drives the tests of the live figures (static HTML on a desktop and a phone,
JupyterLab, the notebooks' saved outputs) and the slider benchmark (``bench/widgets_bench.py``).
Adding a figure to a page is one row here; per-figure math checks of the JupyterLab test are
optional (``tests/browser/lab_checks.py``, keyed by class).
"""

from __future__ import annotations

from dataclasses import dataclass

from utils import widgets


@dataclass(frozen=True)
class Figure:
    page: str  # the page's docname: "chapters/04_softmax"
    cls: type  # the class in utils.widgets that draws it
    variable: str  # the notebook's Python name for it ("softmax_widget")

    @property
    def name(self) -> str:
        """The class name: the figure's ``data-widget`` on the page."""
        return self.cls.__name__

    @property
    def index(self) -> int:
        """Its place among the live figures of its page (0 for the first)."""
        return figures_on(self.page).index(self)

    def __str__(self) -> str:
        return f"{self.page}#{self.index} {self.name}"


#: THE table: every live figure of the book, pages in reading order, figures in page order.
FIGURES: tuple[Figure, ...] = (
    Figure("chapters/04_softmax", widgets.TemperatureSoftmax, "softmax_widget"),
    Figure("chapters/08_information_theory", widgets.EntropyExplorer, "entropy_widget"),
    Figure("chapters/08_information_theory", widgets.KLExplorer, "kl_widget"),
    Figure(
        "chapters/09_prediction_evaluation", widgets.CalibrationTemperature, "calibration_widget"
    ),
    Figure("chapters/10_summary_exercises", widgets.LogSumExpGap, "gap_widget"),
)


def figures_on(page: str) -> list[Figure]:
    """The live figures of ``page`` (a docname), in page order; none for most pages."""
    return [figure for figure in FIGURES if figure.page == page]


def pages_with_figures() -> list[str]:
    """The pages that show live figures, in reading order."""
    return list(dict.fromkeys(figure.page for figure in FIGURES))
