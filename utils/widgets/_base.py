"""The shared base of the live figures: ESM bundling, theme CSS, the book's class names, and the
widget form of ``utils``' input checks.

Checks
    The checks themselves live in :mod:`utils._validation`; this module only turns them into widget
    errors. :func:`widget_check` calls one with the figure's class name where a function name goes
    (``"TemperatureSoftmax: T must be > 0, got -1.0"``) and re-raises its ``TypeError`` /
    ``ValueError`` as :class:`WidgetTypeError` / :class:`WidgetValueError` (also
    ``traitlets.TraitError`` s, so traitlets rolls a rejected assignment back).

    Each value is checked once, when it is assigned — by the constructor, from Python
    (``w.T = 0.5``) or by a slider in JupyterLab: a :class:`Checked` trait runs its check in the
    trait's own ``validate``. Constructors only pass their arguments on. Rules between traits (one
    label per logit, …) are cross-validators (``@t.validate``, e.g. :func:`same_length`): traitlets
    runs them after all traits of a constructor call are assigned and checked, and on every later
    assignment, so they always compare checked values.
"""

from __future__ import annotations

import functools
import re
import reprlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import numpy as np
import traitlets as t

from .. import _validation as validation
from ..toy_images import CLASS_NAMES

HERE = Path(__file__).resolve().parent

#: The class names a figure shows unless given others: the book's 고양이, 닭, 강아지.
DEFAULT_LABELS = CLASS_NAMES

# `import { a, b } from "./name.js";` (over one or more lines) — the only import form the widget
# files use; group 1 the names, group 2 the file.
_IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w-]+\.js)";[ \t]*\n', re.MULTILINE)
# A top-level declaration: `[export] function|const|let|class name`.
_DECLARATION = re.compile(r"^(?:export\s+)?(?:function|const|let|class)\s+([A-Za-z_$][\w$]*)")
_COMMENT = re.compile(r"^(?://|/\*|\s\*)")
_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
# A line that holds only a comment (`// …`, or a `/* … */` block over one or more lines). The widget
# files have no multi-line template literal or string with such a line in it.
_COMMENT_LINES = re.compile(r"^[ \t]*(?://[^\n]*|/\*.*?\*/[ \t]*)\n", re.MULTILINE | re.DOTALL)
# Every comment of a stylesheet, with the rest of its line if nothing follows it.
_CSS_COMMENTS = re.compile(r"/\*.*?\*/[ \t]*\n?", re.DOTALL)


def declarations(source: str) -> dict[str, str]:
    """The top-level declarations of a widget module, name → its text (with the comment right
    above it), in file order. One that opens a block ends at the next line that starts with a
    closing bracket (the files are formatted by Biome: a top-level block closes at column 0)."""
    lines = source.splitlines(keepends=True)
    found: dict[str, str] = {}
    comment: list[str] = []
    i = 0
    while i < len(lines):
        match = _DECLARATION.match(lines[i])
        if not match:
            comment = [*comment, lines[i]] if _COMMENT.match(lines[i]) else []
            i += 1
            continue
        end = i
        if lines[i].rstrip().endswith(("{", "[", "(")):
            end = next(k for k in range(i + 1, len(lines)) if lines[k][:1] in "}])")
        found[match[1]] = "".join([*comment, *lines[i : end + 1]])
        comment = []
        i = end + 1
    return found


@functools.cache
def _declarations_in(name: str) -> dict[str, str]:
    """:func:`declarations` of the widget file ``name`` (read once: every figure class imports
    from the same two files)."""
    return declarations((HERE / name).read_text(encoding="utf-8"))


def used(found: dict[str, str], names: set[str], where: str) -> list[str]:
    """``names`` and every declaration of ``found`` they use (by name), in file order."""
    keep: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        if name not in found:
            raise ValueError(f"bundle: {where} has no top-level {name!r} to import")
        keep.add(name)
        code = _COMMENTS.sub("", found[name])  # a name in a comment is no use
        todo += [
            other
            for other in found
            if other not in keep and re.search(rf"(?<![\w$.]){re.escape(other)}(?![\w$])", code)
        ]
    return [name for name in found if name in keep]


def bundle(filename: str) -> str:
    """Return ``filename``'s source with each relative import replaced by what it imports.

    The saved widget state stores a widget's ESM as one string, and the static page imports it from
    a blob: URL, from which a relative ``import "./formulas.js"`` cannot resolve. So the Python
    class inlines its helpers at class-definition time: the ``import { a, b } from "./x.js";``
    lines of a file (one or more) are replaced by the declarations ``a`` and ``b`` of ``x.js`` and
    those they use (with their comments; ``export`` keywords stay, harmless in a module), not the
    whole file: each page carries only the code its figure runs. Lines that hold only a comment are
    left out too (a third of the gzip'd size; the source files keep them). The ``.js`` files
    themselves stay real ES modules, so the browser tests import ``formulas.js`` directly.
    """
    source = (HERE / filename).read_text(encoding="utf-8")
    # every name imported from each file, over all its import lines
    wanted: dict[str, set[str]] = {}
    for match in _IMPORT.finditer(source):
        wanted.setdefault(match[2], set()).update(
            name.strip() for name in match[1].split(",") if name.strip()
        )

    def inline(match: re.Match[str]) -> str:
        dep = match[2]
        if dep not in wanted:  # a later import line of a file already inlined
            return ""
        names = wanted.pop(dep)
        found = _declarations_in(dep)
        return "\n".join(found[name] for name in used(found, names, dep))

    code = _COMMENT_LINES.sub("", _IMPORT.sub(inline, source))
    return f"// {filename} and what it imports from utils/widgets/ (comments: see there)\n{code}"


#: The figures' stylesheet as the widgets carry it (``_css``, saved in the notebook and the page):
#: ``widgets.css`` without its comments (40 % of its gzip'd size; they stay in the file).
CSS = "/* utils/widgets/widgets.css (comments: see there) */\n" + _CSS_COMMENTS.sub(
    "", (HERE / "widgets.css").read_text(encoding="utf-8")
)


class WidgetValueError(t.TraitError, ValueError):
    """A live figure was given a value it cannot show (wrong shape, NaN/inf, T ≤ 0, …)."""


class WidgetTypeError(t.TraitError, TypeError):
    """A live figure was given a value of the wrong type (a string where numbers belong, …)."""


def widget_check(figure: t.HasTraits, check: Callable[..., Any], *args: Any, **options: Any) -> Any:
    """``check(<figure's class name>, *args, **options)``, a function of :mod:`utils._validation`,
    with its ``TypeError`` / ``ValueError`` re-raised as a widget error (same message)."""
    try:
        return check(type(figure).__name__, *args, **options)
    except TypeError as err:
        raise WidgetTypeError(str(err)) from None
    except ValueError as err:
        raise WidgetValueError(str(err)) from None


class Checked(t.TraitType):
    """A trait whose every new value passes ``check(<class name>, <trait name>, value, **options)``.

    ``check`` is a function of :mod:`utils._validation`; what it returns is stored (NumPy arrays as
    lists, ready for JSON). ``default`` (checked like any value, when the figure is made without
    this trait) is what the figure starts with; without one, the trait must be given.
    """

    def __init__(
        self, check: Callable[..., Any], *, default: Any = t.Undefined, **options: Any
    ) -> None:
        super().__init__(default_value=default)
        self.check = check
        self.options = options

    def check_options(self, figure: t.HasTraits) -> dict[str, Any]:
        """The keyword arguments of ``check`` for the next value of this trait on ``figure``."""
        return self.options

    def validate(self, obj: t.HasTraits, value: Any) -> Any:
        if obj.trait_has_value(self.name) and value is getattr(obj, self.name):
            return value  # traitlets assigns a checked value again after cross-validation
        checked = widget_check(obj, self.check, self.name, value, **self.check_options(obj))
        return checked.tolist() if isinstance(checked, np.ndarray) else checked


class Weights(Checked):
    """Slider weights (>= 0, at least 2): the first value must not be all 0, later ones may (a
    reader can drag every slider to 0; the figure then says so)."""

    def __init__(self, *, default: Any = t.Undefined) -> None:
        super().__init__(validation.weights, default=default)

    def check_options(self, figure: t.HasTraits) -> dict[str, Any]:
        return {"allow_all_zero": figure.trait_has_value(self.name)}


def same_length(*names: str):
    """A cross-validator: the list traits ``names`` have as many entries each (one per class).

    Assign it in the class body: ``_one_label_per_logit = same_length("logits", "labels")``. The
    message compares each later name with the first one ("labels has 3 entries for 2 logits"),
    whichever trait changed, so it does not depend on the order in which traitlets validates.
    """

    @t.validate(*names)
    def check(self, proposal):
        changed = proposal["trait"].name

        def current(name: str) -> Any:
            return proposal["value"] if name == changed else getattr(self, name)

        first = names[0]
        for other in names[1:]:
            expected = len(current(first))
            widget_check(self, validation.length, other, current(other), expected, first)
        return proposal["value"]

    return check


class LiveFigure(anywidget.AnyWidget):
    """Base class: the theme CSS; subclasses set ``_esm = bundle("name.js")``, their synced traits
    (mostly :class:`Checked`) and ``sliders``."""

    _css = CSS

    #: The traits the figure's sliders set (a plain class attribute: not synced, not saved).
    sliders: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        """The figure's own traits, abridged; no memory address, so a stored widget output's
        text/plain is stable."""
        base = set(LiveFigure.class_trait_names(sync=True))
        own = sorted(set(self.class_trait_names(sync=True)) - base)
        shown = ", ".join(f"{n}={reprlib.repr(getattr(self, n))}" for n in own if n[0] != "_")
        return f"{type(self).__name__}({shown})"

    def readout(self) -> dict[str, float]:
        """The numbers the figure prints, computed in Python with ``utils`` (keys as in the
        ``data-key`` s)."""
        raise NotImplementedError
