"""The live figures' Python side (``utils.widgets``): synced traits, the bundled ESM, sliders, and
input errors (the checks of ``utils._validation``, each run once, as widget errors)."""

from __future__ import annotations

import ast
import math
import re
from collections import Counter

import numpy as np
import pytest
import traitlets as t

import utils
from utils import _validation as validation
from utils import calibration, plotting
from utils.widgets import (
    CalibrationTemperature,
    EntropyExplorer,
    KLExplorer,
    LogSumExpGap,
    TemperatureSoftmax,
    WidgetTypeError,
    WidgetValueError,
)
from utils.widgets._base import HERE, Checked, bundle, declarations, used

ALL = [TemperatureSoftmax, EntropyExplorer, KLExplorer, LogSumExpGap]
JS = {
    TemperatureSoftmax: "temperature.js",
    EntropyExplorer: "entropy.js",
    KLExplorer: "kl.js",
    LogSumExpGap: "gap.js",
    CalibrationTemperature: "calibration.js",
}


def calib_data(n=200, k=10, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    o = rng.normal(0, 1, (n, k))
    o[np.arange(n), y] += 2.0
    return 3 * o, y


def make(cls):
    return cls(*calib_data()) if cls is CalibrationTemperature else cls()


@pytest.mark.parametrize("cls", [*ALL, CalibrationTemperature])
def test_esm_is_self_contained_and_synced(cls):
    w = make(cls)
    esm = w._esm
    assert "export default" in esm and "function slider(" in esm
    assert 'from "./' not in esm  # no relative import left: the saved state is all the page gets
    assert w._model_module == w._view_module == "anywidget"
    state = w.get_state()
    assert state["_esm"] == esm and ".livefig" in state["_css"]
    w.close()


def test_bundle_inlines_each_dependency_once():
    src = bundle("temperature.js")
    assert src.count("export function softmax(") == 1  # formulas.js
    assert src.count("export function formatFixed(") == 1  # shared.js


def test_widget_css_is_the_stylesheet_without_its_comments():
    from utils.widgets._base import CSS

    source = (HERE / "widgets.css").read_text(encoding="utf-8")
    assert "/*" in source and CSS.count("/*") == 1  # the one header line
    rules = [line.strip() for line in source.splitlines() if line.strip().endswith("{")]
    assert rules and all(rule in CSS for rule in rules)


def test_bundle_leaves_out_comment_lines_only():
    src = bundle("entropy.js")
    assert src.startswith("// entropy.js and what it imports")
    lines = src.splitlines()[1:]
    assert not [line for line in lines if line.lstrip().startswith(("//", "/*", "* "))]
    # a comment after code stays: the line is code
    assert "a.toFixed(d); // ECMA-262 rounds" in src


def test_bundle_carries_only_what_the_figure_uses():
    src = bundle("temperature.js")
    # imported, and used by what is imported (line -> formatFixed, uid -> counter)
    for name in ("function softmax(", "function slider(", "function formatFixed(", "let counter"):
        assert name in src
    # in formulas.js and shared.js, but not used by this figure
    for name in ("function klDivergence(", "function reliabilityBins(", "function logSpace("):
        assert name not in src
    found = declarations((HERE / "formulas.js").read_text(encoding="utf-8"))
    assert used(found, {"realSoftmax"}, "formulas.js") == ["realSoftmaxGap", "realSoftmax"]
    with pytest.raises(ValueError, match="formulas.js has no top-level 'nope'"):
        used(found, {"nope"}, "formulas.js")


def test_temperature_softmax_state_matches_utils():
    w = TemperatureSoftmax(logits=[1.0, 2.0, 0.5], T=0.5)
    assert w.logits == [1.0, 2.0, 0.5] and w.T == 0.5 and w.labels == ["고양이", "닭", "강아지"]
    np.testing.assert_allclose(w.probabilities(), utils.softmax(np.array(w.logits) / w.T))
    w.T = 2  # ints become floats, assignment is validated too
    assert w.T == 2.0 and type(w.T) is float and w.readout()["T"] == 2.0
    expected = utils.softmax(np.array(w.logits) / 2)
    np.testing.assert_allclose([w.readout()[f"p{j}"] for j in range(3)], expected)


def test_state_holds_plain_json_values():
    # NumPy input is stored as lists of Python floats/ints, as the saved widget state needs
    w = CalibrationTemperature(np.float32([[1.0, 2.0], [0.5, 0.0]]), np.array([1.0, 0.0]), T=2)
    assert w.logits == [[1.0, 2.0], [0.5, 0.0]] and type(w.logits[0][0]) is float
    assert w.labels == [1, 0] and type(w.labels[0]) is int and w.T == 2.0 and w.n_bins == 10
    g = LogSumExpGap(logits=np.array([3, 1]), lam=np.float32(0.5), lam_range=[0.5, 50])
    assert g.logits == [3.0, 1.0] and type(g.lam) is float and g.lam_range == [0.5, 50.0]


def test_readouts_match_utils():
    e = EntropyExplorer(weights=[2, 1, 1])
    assert e.readout()["H_bit"] == pytest.approx(1.5, rel=1e-12)
    k = KLExplorer(p_weights=[7, 2, 1], q_weights=[1, 1, 0])
    r = k.readout()
    assert math.isinf(r["KL_pq"]) and math.isinf(r["H_pq"]) and math.isfinite(r["KL_qp"])
    g = LogSumExpGap(logits=[2.0, 1.0], lam=100.0).readout()
    assert g["gap"] == pytest.approx(math.log1p(math.exp(-100)) / 100, rel=1e-12) and g["gap"] > 0
    assert g["gap"] == utils.realsoftmax_gap([2.0, 1.0], 100.0)
    o, y = calib_data()
    c = CalibrationTemperature(o, y, T=1.7)
    p = utils.softmax(np.array(c.logits) / 1.7, axis=1)
    assert c.readout()["ece"] == calibration.expected_calibration_error(p, y)
    assert c.readout()["nll"] == pytest.approx(calibration.nll(o, y, 1.7), rel=1e-12)


@pytest.mark.parametrize(
    ("make_figure", "exc", "message"),
    [
        (lambda: TemperatureSoftmax(T=0), WidgetValueError, "T must be > 0, got 0.0"),
        (lambda: TemperatureSoftmax(T=-1.0), WidgetValueError, "T must be > 0, got -1.0"),
        (lambda: TemperatureSoftmax(T=float("inf")), WidgetValueError, "T must be finite, got inf"),
        (lambda: TemperatureSoftmax(T="1"), WidgetTypeError, "T must be a real number, got '1'"),
        (lambda: TemperatureSoftmax(T=True), WidgetTypeError, "T must be a real number, got True"),
        (
            lambda: TemperatureSoftmax(logits=[1.0, float("nan"), 2.0]),
            WidgetValueError,
            "logits contains nan at index 1; values must be finite",
        ),
        (
            lambda: TemperatureSoftmax(logits=[[1.0, 2.0, 3.0]]),
            WidgetValueError,
            "logits must be 1-D, got shape (1, 3)",
        ),
        (
            lambda: TemperatureSoftmax(logits=[1.0]),
            WidgetValueError,
            "logits needs at least 2 entries, got shape (1,)",
        ),
        (
            lambda: TemperatureSoftmax(logits="123"),
            WidgetTypeError,
            "logits is a string ('123'); expected an array of numbers",
        ),
        (
            lambda: TemperatureSoftmax(logits=[1.0, 2.0], labels=["a", "b", "c"]),
            WidgetValueError,
            "labels has 3 entries for 2 logits",
        ),
        (
            lambda: TemperatureSoftmax(labels="abc"),
            WidgetTypeError,
            "labels must be a list of strings, got 'abc'",
        ),
        (
            lambda: TemperatureSoftmax(T_range=(1, 0.1)),
            WidgetValueError,
            "T_range needs min < max, got (1, 0.1)",
        ),
        (lambda: TemperatureSoftmax(T_range=(0, 10)), WidgetValueError, "T_range[0] must be > 0"),
        (
            lambda: EntropyExplorer(weights=[1.0, -1.0, 1.0]),
            WidgetValueError,
            "weights must be >= 0, got -1.0 at index 1",
        ),
        (
            lambda: EntropyExplorer(weights=[0.0, 0.0, 0.0]),
            WidgetValueError,
            "weights must not all be 0 (they are normalised to probabilities)",
        ),
        (
            lambda: EntropyExplorer(weight_range=(-1, 10)),
            WidgetValueError,
            "weight_range[0] must be >= 0, got -1.0",
        ),
        (
            lambda: KLExplorer(q_weights=[1.0, 1.0]),
            WidgetValueError,
            "q_weights has 2 entries for 3 p_weights",
        ),
        (
            lambda: KLExplorer(p_weights=[True, False, True]),
            WidgetTypeError,
            "p_weights has boolean dtype",
        ),
        (lambda: LogSumExpGap(lam=0.0), WidgetValueError, "lam must be > 0, got 0.0"),
        (
            lambda: LogSumExpGap(logits=[[1.0], [2.0]]),
            WidgetValueError,
            "logits must be 1-D, got shape (2, 1)",
        ),
        (
            lambda: CalibrationTemperature([1.0, 2.0], [0]),
            WidgetValueError,
            "logits must be 2-D, got shape (2,)",
        ),
        (
            lambda: CalibrationTemperature(*calib_data(), T=0.0),
            WidgetValueError,
            "T must be > 0, got 0.0",
        ),
        (
            lambda: CalibrationTemperature(calib_data()[0], [0, 1]),
            WidgetValueError,
            "labels has 2 entries for 200 rows of logits",
        ),
        (
            lambda: CalibrationTemperature([[1.0, 2.0]], [2]),
            WidgetValueError,
            "labels has label 2, out of range for 2 classes (valid: 0..1)",
        ),
        (
            lambda: CalibrationTemperature([[1.0, 2.0]], [0.5]),
            WidgetValueError,
            "labels has label 0.5 at index 0, which is not an integer",
        ),
        (
            lambda: CalibrationTemperature([[1.0, 2.0]], [0], n_bins=0),
            WidgetValueError,
            "n_bins must be >= 1, got 0",
        ),
        (
            lambda: CalibrationTemperature([[1.0, 2.0]], [0], n_bins=2.0),
            WidgetTypeError,
            "n_bins must be an int, got 2.0",
        ),
        (
            lambda: CalibrationTemperature([[1.0, 2.0], [1.0]], [0, 1]),
            WidgetTypeError,
            "ragged nested lists",
        ),
    ],
)
def test_bad_input_is_a_clear_error(make_figure, exc, message):
    with pytest.raises(exc) as info:
        make_figure()
    text = str(info.value)
    assert message in text
    # one form: "<class name>: <trait> …"
    owner, _, rest = text.partition(": ")
    cls = {c.__name__: c for c in [*ALL, CalibrationTemperature]}[owner]
    assert re.match(r"\w+", rest).group(0) in cls.class_trait_names(sync=True)
    assert isinstance(info.value, t.TraitError)
    assert isinstance(info.value, ValueError if exc is WidgetValueError else TypeError)


def test_assignment_is_validated_and_rolled_back():
    w = TemperatureSoftmax()
    with pytest.raises(WidgetValueError, match=r"^TemperatureSoftmax: T must be > 0, got 0\.0$"):
        w.T = 0.0
    assert w.T == 1.0
    with pytest.raises(WidgetValueError, match=r"^TemperatureSoftmax: labels has 3 entries for 2"):
        w.logits = [1.0, 2.0]
    assert w.logits == [1.0, 2.0, 0.5]
    with pytest.raises(WidgetValueError, match=r"^TemperatureSoftmax: labels has 2 entries for 3"):
        w.labels = ["a", "b"]
    assert w.labels == ["고양이", "닭", "강아지"]


def test_weights_may_all_become_zero_after_the_start():
    e = EntropyExplorer()
    e.weights = [0.0, 0.0, 0.0]  # a reader can drag every slider to 0; the figure then says so
    assert e.weights == [0.0, 0.0, 0.0]
    with pytest.raises(WidgetValueError, match=r"^EntropyExplorer: weights must be >= 0"):
        e.weights = [0.0, -1.0, 0.0]
    k = KLExplorer()
    k.q_weights = [0, 0, 0]
    assert k.q_weights == [0.0, 0.0, 0.0]


def test_traits_changed_together_are_compared_after_both_are_set():
    # the cross-trait rule sees the new values of both traits, whichever traitlets validates first
    w = TemperatureSoftmax()
    with w.hold_trait_notifications():
        w.logits = [1.0, 2.0]
        w.labels = ["a", "b"]
    assert w.logits == [1.0, 2.0] and w.labels == ["a", "b"]
    k = KLExplorer()
    with k.hold_trait_notifications():
        k.labels = ["a", "b"]
        k.q_weights = [1.0, 3.0]
        k.p_weights = [2.0, 1.0]
    assert k.readout()["p0"] == pytest.approx(2 / 3)
    mismatch = pytest.raises(WidgetValueError, match=r"^KLExplorer: q_weights has 3 entries for 2")
    with mismatch, k.hold_trait_notifications():
        k.q_weights = [1.0, 1.0, 1.0]
        k.labels = ["a", "b", "c"]
    assert k.q_weights == [1.0, 3.0] and k.labels == ["a", "b"]  # rolled back


def test_calibration_labels_must_fit_new_logits():
    w = CalibrationTemperature([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]], [2, 1])
    with pytest.raises(WidgetValueError, match=r"labels has label 2, out of range for 2 classes"):
        w.logits = [[1.0, 2.0], [0.0, 1.0]]  # two columns: label 2 no longer fits
    with pytest.raises(WidgetValueError, match=r"labels has 1 entries for 2 rows of logits"):
        w.labels = [0]
    assert w.labels == [2, 1] and len(w.logits[0]) == 3


@pytest.mark.parametrize("cls", [*ALL, CalibrationTemperature])
def test_each_value_is_checked_once(cls, monkeypatch):
    """Constructors pass values on; the traits check them, once each (traitlets assigns a checked
    value a second time after cross-validation: that must not check it again)."""
    checked = Counter()
    traits = {
        name: trait for name, trait in cls.class_traits().items() if isinstance(trait, Checked)
    }
    for trait in traits.values():

        def counting(fn, trait_name, value, _check=trait.check, **options):
            checked[trait_name] += 1
            return _check(fn, trait_name, value, **options)

        monkeypatch.setattr(trait, "check", counting)
    w = make(cls)
    assert len(traits) >= 3 and checked == dict.fromkeys(traits, 1)
    moved = cls.sliders[-1]  # as a slider would: a new number, or a changed copy of the list
    value = getattr(w, moved)
    setattr(w, moved, value[::-1] if isinstance(value, list) else 2 * value)
    assert checked == {**dict.fromkeys(traits, 1), moved: 2}
    w.close()


@pytest.mark.parametrize("cls", [*ALL, CalibrationTemperature])
def test_sliders_name_the_traits_the_js_sliders_set(cls):
    w = make(cls)
    assert cls.sliders and set(cls.sliders) <= set(w.keys)  # synced traits
    assert "sliders" not in w.get_state() and not w.has_trait("sliders")  # not saved state
    source = (HERE / JS[cls]).read_text(encoding="utf-8")
    for name in cls.sliders:
        assert f'"{name}"' in source, (cls.__name__, name)
    literal = set(re.findall(r'trait:\s*"(\w+)"', source))
    assert literal <= set(cls.sliders), literal
    w.close()


def test_widget_modules_do_not_import_each_other():
    figures = {p.stem for p in HERE.glob("*.py")} - {"__init__", "_base"}
    for module in sorted(figures):
        tree = ast.parse((HERE / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported = {node.module} if node.module else {a.name for a in node.names}
                assert not imported & figures, f"{module}.py imports {imported & figures}"


def test_validation_functions_name_the_widget():
    # the widgets call the same checks as utils' functions, with the class name first
    with pytest.raises(ValueError, match=r"^nll: T must be > 0, got 0\.0$"):
        calibration.nll([[0.0, 1.0]], [0], T=0.0)
    with pytest.raises(
        WidgetValueError, match=r"^CalibrationTemperature: T must be > 0, got 0\.0$"
    ):
        CalibrationTemperature([[0.0, 1.0]], [0], T=0.0)
    assert validation.positive_number("X", "T", 2) == 2.0


def test_js_class_colors_match_plotting():
    """The live figures' class colours (shared.js CLASS_COLORS) are the static figures'
    (utils.plotting)."""
    src = (HERE / "shared.js").read_text(encoding="utf-8")
    body = re.search(r"export const CLASS_COLORS = \[([^\]]*)\];", src).group(1)
    js = re.findall(r'"(#[0-9A-Fa-f]{6})"', body)
    assert len(js) >= 3 and js == list(plotting.CLASS_COLORS[: len(js)])
