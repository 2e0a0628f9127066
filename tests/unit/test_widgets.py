"""The live figures' Python side (``utils.widgets``): synced traits, the bundled ESM, and clear input errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import utils
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
from utils.widgets._base import bundle

ALL = [TemperatureSoftmax, EntropyExplorer, KLExplorer, LogSumExpGap]


def calib_data(n=200, k=10, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    o = rng.normal(0, 1, (n, k))
    o[np.arange(n), y] += 2.0
    return 3 * o, y


@pytest.mark.parametrize("cls", [*ALL, CalibrationTemperature])
def test_esm_is_self_contained_and_synced(cls):
    w = cls(*calib_data()) if cls is CalibrationTemperature else cls()
    esm = w._esm
    assert "export default" in esm and "function softmax(" in esm and "function slider(" in esm
    assert 'from "./' not in esm  # no relative import left: the saved state is all the page gets
    assert w._model_module == w._view_module == "anywidget"
    state = w.get_state()
    assert state["_esm"] == esm and ".livefig" in state["_css"]
    w.close()


def test_bundle_inlines_each_dependency_once():
    src = bundle("temperature.js")
    assert src.count("inlined from formulas.js") == 1 and src.count("inlined from shared.js") == 1
    assert src.count("export function formatFixed(") == 1


def test_temperature_softmax_state_matches_utils():
    w = TemperatureSoftmax(logits=[1.0, 2.0, 0.5], T=0.5)
    assert w.logits == [1.0, 2.0, 0.5] and w.T == 0.5 and w.labels == ["고양이", "닭", "강아지"]
    np.testing.assert_allclose(w.probabilities(), utils.softmax(np.array(w.logits) / w.T))
    w.T = 2  # ints become floats, assignment is validated too
    assert w.T == 2.0 and w.readout()["T"] == 2.0
    np.testing.assert_allclose([w.readout()[f"p{j}"] for j in range(3)], utils.softmax(np.array(w.logits) / 2))


def test_readouts_match_utils():
    e = EntropyExplorer(weights=[2, 1, 1])
    assert e.readout()["H_bit"] == pytest.approx(1.5, rel=1e-12)
    k = KLExplorer(p_weights=[7, 2, 1], q_weights=[1, 1, 0])
    r = k.readout()
    assert math.isinf(r["KL_pq"]) and math.isinf(r["H_pq"]) and math.isfinite(r["KL_qp"])
    g = LogSumExpGap(logits=[2.0, 1.0], lam=100.0).readout()
    assert g["gap"] == pytest.approx(math.log1p(math.exp(-100)) / 100, rel=1e-12) and g["gap"] > 0
    o, y = calib_data()
    c = CalibrationTemperature(o, y, T=1.7)
    p = utils.softmax(np.array(c.logits) / 1.7, axis=1)
    assert c.readout()["ece"] == calibration.expected_calibration_error(p, y)
    assert c.readout()["nll"] == pytest.approx(calibration.nll(o, y, 1.7), rel=1e-12)


@pytest.mark.parametrize(
    ("make", "exc", "message"),
    [
        (lambda: TemperatureSoftmax(T=0), WidgetValueError, "T must be > 0"),
        (lambda: TemperatureSoftmax(T=-1.0), WidgetValueError, "T must be > 0"),
        (lambda: TemperatureSoftmax(T=float("inf")), WidgetValueError, "T must be finite"),
        (lambda: TemperatureSoftmax(T="1"), WidgetTypeError, "T must be a real number"),
        (lambda: TemperatureSoftmax(T=True), WidgetTypeError, "T must be a real number"),
        (lambda: TemperatureSoftmax(logits=[1.0, float("nan"), 2.0]), WidgetValueError, "finite"),
        (lambda: TemperatureSoftmax(logits=[[1.0, 2.0, 3.0]]), WidgetValueError, "shape (n,)"),
        (lambda: TemperatureSoftmax(logits=[1.0]), WidgetValueError, "at least 2"),
        (lambda: TemperatureSoftmax(logits="123"), WidgetTypeError, "list or array"),
        (lambda: TemperatureSoftmax(logits=[1.0, 2.0], labels=["a", "b", "c"]), WidgetValueError, "3 labels for 2"),
        (lambda: TemperatureSoftmax(T_range=(1, 0.1)), WidgetValueError, "min < max"),
        (lambda: TemperatureSoftmax(T_range=(0, 10)), WidgetValueError, "must be > 0"),
        (lambda: EntropyExplorer(weights=[1.0, -1.0, 1.0]), WidgetValueError, "≥ 0"),
        (lambda: EntropyExplorer(weights=[0.0, 0.0, 0.0]), WidgetValueError, "not all be 0"),
        (lambda: KLExplorer(q_weights=[1.0, 1.0]), WidgetValueError, "2 q_weights for 3"),
        (lambda: KLExplorer(p_weights=[True, False, True]), WidgetTypeError, "real numbers"),
        (lambda: LogSumExpGap(lam=0.0), WidgetValueError, "lam must be > 0"),
        (lambda: LogSumExpGap(logits=[[1.0], [2.0]]), WidgetValueError, "shape (n,)"),
        (lambda: CalibrationTemperature([1.0, 2.0], [0]), WidgetValueError, "shape (n, k)"),
        (lambda: CalibrationTemperature(*calib_data(), T=0.0), WidgetValueError, "T must be > 0"),
        (lambda: CalibrationTemperature(calib_data()[0], [0, 1]), WidgetValueError, "2 labels for 200 rows"),
        (lambda: CalibrationTemperature([[1.0, 2.0]], [2]), WidgetValueError, "labels must be whole numbers in 0..1"),
        (lambda: CalibrationTemperature([[1.0, 2.0]], [0.5]), WidgetValueError, "whole numbers"),
        (lambda: CalibrationTemperature([[1.0, 2.0]], [0], n_bins=0), WidgetValueError, "n_bins"),
        (lambda: CalibrationTemperature([[1.0, 2.0], [1.0]], [0, 1]), WidgetValueError, "rectangular"),
    ],
)
def test_bad_input_is_a_clear_error(make, exc, message):
    with pytest.raises(exc, match=None) as info:
        make()
    assert message in str(info.value)
    assert str(info.value).split(":")[0] in {c.__name__ for c in [*ALL, CalibrationTemperature]}
    assert isinstance(info.value, (ValueError, TypeError))


def test_assignment_is_validated_and_rolled_back():
    w = TemperatureSoftmax()
    with pytest.raises(WidgetValueError, match="T must be > 0"):
        w.T = 0.0
    assert w.T == 1.0
    with pytest.raises(WidgetValueError, match="2 logits for 3 labels"):
        w.logits = [1.0, 2.0]
    e = EntropyExplorer()
    e.weights = [0.0, 0.0, 0.0]  # a reader can drag every slider to 0; the figure then says so
    assert e.weights == [0.0, 0.0, 0.0]


def test_js_class_colors_match_plotting():
    """The live figures' class colours (shared.js CLASS_COLORS) are the static figures' (utils.plotting)."""
    import re

    from utils.widgets._base import HERE

    src = (HERE / "shared.js").read_text(encoding="utf-8")
    body = re.search(r"export const CLASS_COLORS = \[([^\]]*)\];", src).group(1)
    js = re.findall(r'"(#[0-9A-Fa-f]{6})"', body)
    assert len(js) >= 3 and js == list(plotting.CLASS_COLORS[: len(js)])
