"""Driving a notebook in JupyterLab through the page, and reading what its widgets print.

:class:`Notebook` opens, runs and inspects a notebook (live model outputs, error/stderr anywhere,
widget views); :class:`Widget` moves one interactive widget's sliders as a person would (keyboard,
typed values) and waits for its output; :class:`Printed` parses the ``name = value`` lines the
widget prints. That print contract is written down for notebook authors in ``CONTRIBUTING.md``
("What a widget prints"); change both together.

The live figures of ``utils.widgets`` (anywidget: ``<div class="livefig" data-widget=…>`` with
``<input type=range data-key=…>`` sliders and a ``<pre>`` of ``<span data-key data-value
data-format>`` lines) are driven by :class:`LiveFigure`, and :meth:`Notebook.kernel` reads the
Python side of the same widget from the kernel.
"""

from __future__ import annotations

import json
import os
import re
import time

import numpy as np

from .support import FIGURE_STATE

RUN_ALL_TIMEOUT = 180  # s, per notebook
WIDGET_TIMEOUT = 20  # s, for one widget update

# --------------------------------------------------------------------------------------------------
# The print contract (CONTRIBUTING.md): lines "name = value" or "name = [v1, v2, v3]", units after a
# number allowed.

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan"


def as_number(value: str) -> float:
    value = value.replace("\u2212", "-")  # widget readouts print a typographic minus
    match = re.search(NUMBER, value)
    assert match, f"no number in {value!r}"
    return float(match.group())


def as_vector(value: str) -> np.ndarray:
    inside = re.search(r"\[([^\]]*)\]", value.replace("\u2212", "-"))
    assert inside, f"no [..] list in {value!r}"
    return np.array([float(x) for x in re.findall(NUMBER, inside.group(1))])


def decimals(value: str) -> int:
    """How many decimals a printed number has (to compare at the precision it was printed with)."""
    match = re.search(r"\.(\d+)", value)
    return len(match.group(1)) if match else 0


class Printed:
    """The ``name = value`` lines a widget printed; a name may appear several times (``H = .. nat``,
    ``H = .. bit``).

    The contract notebook authors follow is written down in ``CONTRIBUTING.md`` ("What a widget
    prints"): one quantity per line, ``name = value`` with spaces around ``=``, a vector as ``[v1,
    v2, v3]``, a unit after the number, values rounded to the digits that matter (the checks compare
    to half a unit in the last digit).
    """

    def __init__(self, text: str):
        self.text = text
        self.lines: dict[str, list[str]] = {}
        for line in text.splitlines():
            name, eq, value = line.partition(" = ")
            if eq and name.strip():
                self.lines.setdefault(name.strip(), []).append(value.strip())

    def __bool__(self) -> bool:
        return bool(self.lines)

    def __contains__(self, name: str) -> bool:
        return name in self.lines

    def raw(self, name: str, unit: str | None = None) -> str:
        assert name in self.lines, f"the widget did not print {name!r} = ...:\n{self.text}"
        for value in self.lines[name]:
            if unit is None or re.search(rf"\b{re.escape(unit)}\b", value):
                return value
        raise AssertionError(f"the widget did not print {name!r} in {unit!r}:\n{self.text}")

    def num(self, name: str, unit: str | None = None) -> float:
        return as_number(self.raw(name, unit))

    def vec(self, name: str) -> np.ndarray:
        return as_vector(self.raw(name))

    def tol(self, name: str, unit: str | None = None) -> float:
        """Half a unit in the last printed digit, plus a little."""
        return 0.6 * 10.0 ** -decimals(self.raw(name, unit))

    def __repr__(self) -> str:
        return f"Printed({self.text!r})"


# --------------------------------------------------------------------------------------------------
# Driving the page


def debug(message: str):
    if os.environ.get("LAB_TEST_DEBUG"):
        print(f"\n[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Widget:
    """One interactive widget view in the page (``.widget-interact``, or a box with sliders)."""

    def __init__(self, nb: Notebook, locator):
        self.nb, self.page, self.root = nb, nb.page, locator

    def labels(self) -> list[str]:
        labels = self.root.locator(".widget-slider .widget-label").all_inner_texts()
        return [label.strip() for label in labels]

    def slider(self, label: str):
        named = re.compile(rf"^\s*{re.escape(label)}\s*$")
        sliders = self.root.locator(".widget-slider").filter(
            has=self.page.locator(".widget-label", has_text=named)
        )
        assert sliders.count() == 1, f"slider {label!r} not found (sliders: {self.labels()})"
        return sliders.first

    def value(self, label: str) -> float:
        return as_number(self.slider(label).locator(".widget-readout").inner_text())

    def bounds(self, label: str) -> tuple[float, float]:
        handle = self.slider(label).locator(".noUi-handle")
        low, high = handle.get_attribute("aria-valuemin"), handle.get_attribute("aria-valuemax")
        return float(low), float(high)

    def output_state(self) -> str:
        """Text and images of the widget's output (what must change when a control moves)."""
        return self.root.evaluate(
            """el => Array.from(el.querySelectorAll('.widget-output')).map(o =>
                   o.innerText + Array.from(o.querySelectorAll('img'))
                       .map(i => i.src.length + i.src.slice(-64)).join('|')
               ).join('\\n')"""
        )

    def text(self) -> str:
        return "\n".join(self.root.locator(".widget-output").all_inner_texts())

    def read(self) -> Printed:
        return Printed(self.text())

    def _after(self, before: str, action: str):
        """Wait until the output differs from ``before``, the kernel is idle and the output stops
        changing."""
        t0 = time.monotonic()
        deadline = time.monotonic() + WIDGET_TIMEOUT
        while self.output_state() == before:
            if time.monotonic() > deadline:
                raise AssertionError(f"widget output did not change after {action}:\n{self.text()}")
            time.sleep(0.1)
        self.nb.wait_idle()
        last = None
        while (now := self.output_state()) != last:
            last = now
            time.sleep(0.25)
        self.nb.assert_clean(f"after {action}")
        debug(f"{action}: {time.monotonic() - t0:.2f} s")

    def press(self, label: str, key: str = "ArrowRight", times: int = 1) -> Printed:
        """Move a slider with the keyboard, as a person would; return the new printed values."""
        before = self.output_state()
        handle = self.slider(label).locator(".noUi-handle")
        handle.scroll_into_view_if_needed()
        handle.focus()
        for _ in range(times):
            handle.press(key)
        # continuous_update=False: the value is sent when the handle is released / loses focus
        handle.evaluate("h => h.blur()")
        self._after(before, f"{key}×{times} on {label}")
        return self.read()

    def set(self, label: str, value: float) -> Printed:
        """Type a value into the slider's readout (the widget clamps it to its range); return the
        printed values."""
        before = self.output_state()
        readout = self.slider(label).locator(".widget-readout")
        shown = readout.inner_text()
        readout.scroll_into_view_if_needed()
        readout.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(repr(value))
        self.page.keyboard.press("Enter")
        readout.evaluate("r => r.blur()")
        if readout.inner_text() == shown:
            # already at that value (or clamped to where it was): nothing to wait for
            self.nb.wait_idle()
            return self.read()
        self._after(before, f"setting {label} = {value}")
        return self.read()


class LiveFigure:
    """One live figure of ``utils.widgets`` in the page (its ``.livefig`` root), keyboard-driven."""

    def __init__(self, nb: Notebook, locator):
        self.nb, self.page, self.root = nb, nb.page, locator
        self.name = locator.get_attribute("data-widget")

    def read(self) -> dict:
        """``{"sliders": [[data-key, value, data-log], …], "shown": [each slider's value text, …],
        "lines": [[key, data-value, data-format, text], …]}``."""
        return self.root.evaluate(FIGURE_STATE)

    def slider_keys(self) -> list[str]:
        return [key for key, *_ in self.read()["sliders"]]

    def press(self, key: str, keyname: str) -> tuple[dict, dict]:
        """Press ``keyname`` on the slider ``data-key=key``; if it moved, wait until the figure has
        redrawn.

        Redrawn: the slider's value text or the readout's values changed (either may stay: the value
        text has a few digits, so one step of a log slider at its low end can keep it; two logits
        far below the others at a low temperature both give probabilities that round to 0 in
        float64).

        Returns the figure before and after (see :meth:`read`). The figure computes in the page, so
        there is no kernel round trip to wait for here (the kernel side is checked with
        :meth:`Notebook.kernel`).
        """
        before = self.read()
        handle = self.root.locator(f'input[type=range][data-key="{key}"]')
        handle.scroll_into_view_if_needed()
        handle.focus()
        handle.press(keyname)
        deadline = time.monotonic() + WIDGET_TIMEOUT
        while True:
            after = self.read()
            moved = after["sliders"] != before["sliders"]
            if not moved or after["shown"] != before["shown"] or after["lines"] != before["lines"]:
                return before, after
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.name}: {keyname} moved slider {key} but the figure did not redraw"
                )
            time.sleep(0.05)


class Notebook:
    """An open notebook in JupyterLab, driven through the page."""

    def __init__(self, page, name: str):
        self.page, self.name = page, name

    def wait_idle(self, timeout: float = RUN_ALL_TIMEOUT):
        # The status bar's kernel item ("Python 3 (ipykernel) | Idle") is the reliable signal.
        self.page.locator(".jp-StatusBar-Widget").get_by_text(
            re.compile(r"\|\s*Idle\s*$")
        ).first.wait_for(timeout=timeout * 1000)

    def run_all(self):
        """Clear the stored outputs (in the page only: autosave is off), run every cell and wait
        until all ran."""
        numbered = self.page.evaluate(
            """async () => {
                const app = window.jupyterapp;
                await app.commands.execute('notebook:clear-all-cell-outputs');
                const nb = app.shell.currentWidget.content;
                let numbered = 0;
                for (let i = 0; i < nb.model.cells.length; i++) {
                    const cell = nb.model.cells.get(i);
                    if (cell.type !== 'code') continue;
                    if (cell.executionCount || cell.outputs.length) numbered++;
                }
                app.commands.execute('notebook:run-all-cells');  // not awaited: polled below
                return numbered;
            }"""
        )
        assert numbered == 0, "clearing the stored outputs did not reset the cells"
        # done when every code cell has an execution count again; stop early at an error or stderr
        # output
        self.page.wait_for_function(
            """() => {
                const nb = document.querySelector('.jp-Notebook');
                const stderr = '[data-mime-type="application/vnd.jupyter.stderr"]';
                if (nb.querySelector('.jp-OutputArea-output' + stderr)) return true;
                const prompts = Array.from(nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt'));
                return prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
            }""",
            timeout=RUN_ALL_TIMEOUT * 1000,
            polling=250,
        )
        self.wait_idle()

    def model_outputs(self) -> list[list[dict]]:
        """Outputs of each code cell, from the live notebook model (not from the file)."""
        return self.page.evaluate(
            """() => {
                const nb = window.jupyterapp.shell.currentWidget.content;
                const cells = [];
                for (let i = 0; i < nb.model.cells.length; i++) {
                    const cell = nb.model.cells.get(i);
                    if (cell.type !== 'code') continue;
                    const outs = [];
                    for (let j = 0; j < cell.outputs.length; j++) {
                        outs.push(cell.outputs.get(j).toJSON());
                    }
                    cells.push(outs);
                }
                return cells;
            }"""
        )

    def problems(self) -> list[str]:
        """Error or stderr outputs anywhere in the page (cell outputs and widget Output areas)."""
        return (
            self.page.evaluate(
                """() => Array.from(document.querySelectorAll(
                   '.jp-Notebook .jp-OutputArea-output' +
                   '[data-mime-type="application/vnd.jupyter.stderr"],' +
                   '.jp-Notebook .jp-OutputArea-output.jp-mod-error'))
                   .map(e => e.innerText.length > 3000
                        ? e.innerText.slice(0, 1000) + '\\n[...]\\n' + e.innerText.slice(-2000)
                        : e.innerText)"""
            )
            + self.page.locator(".jp-Notebook")
            .get_by_text("Error displaying widget")
            .all_inner_texts()
        )

    def assert_clean(self, when: str):
        problems = self.problems()
        assert not problems, f"{self.name}: error/stderr output {when}:\n" + "\n---\n".join(
            problems
        )

    def widget_views(self):
        """Top-level widget views in cell outputs: (rendered count, list of the interactive
        ipywidgets as :class:`Widget` s).

        Rendered: an ipywidgets view (``.jupyter-widgets``) or a live figure's view (a Lumino widget
        holding the ``.livefig`` root the figure's ES module drew; anywidget gives its view no class
        of its own).
        """
        top = ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output >"
        rendered = self.page.locator(
            f"{top} :is(.jupyter-widgets, .lm-Widget:has(> .livefig))"
        ).count()
        boxes = self.page.locator(f"{top} .jupyter-widgets")
        interactive = [
            Widget(self, boxes.nth(i))
            for i in range(boxes.count())
            if boxes.nth(i).locator(".widget-slider").count()
        ]
        return rendered, interactive

    def live_figures(self) -> list[LiveFigure]:
        """The live figures (``utils.widgets``) drawn in cell outputs, in page order."""
        roots = self.page.locator(".jp-Cell-outputArea .jp-OutputArea-output .livefig")
        return [LiveFigure(self, roots.nth(i)) for i in range(roots.count())]

    def kernel(self, code: str, timeout: float = WIDGET_TIMEOUT) -> str:
        """Run ``code`` in this notebook's kernel, outside any cell (no output in the notebook),
        and return stdout.

        The request goes over the page's own kernel connection, after any widget message the page
        sent before it, so it sees what the reader's last slider move told the kernel. An error or
        stderr fails the test.
        """
        result = self.page.evaluate(
            """async ([code, ms]) => {
                const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
                const future = kernel.requestExecute(
                    { code, silent: false, store_history: false, allow_stdin: false });
                let out = "", err = "";
                future.onIOPub = (msg) => {
                    const c = msg.content;
                    if (msg.header.msg_type === "stream") {
                        if (c.name === "stdout") out += c.text; else err += c.text;
                    }
                    if (msg.header.msg_type === "error") err += `${c.ename}: ${c.evalue}`;
                };
                const timer = new Promise(
                    (_, fail) => setTimeout(() => fail(new Error("kernel timeout")), ms));
                const reply = await Promise.race([future.done, timer]);
                return { out, err, status: reply.content.status };
            }""",
            [code, timeout * 1000],
        )
        assert result["status"] == "ok" and not result["err"], (
            f"{self.name}: kernel code failed: {code}\n{result}"
        )
        return result["out"]

    def kernel_json(self, expression: str):
        """The value of a Python ``expression`` in the kernel, through JSON (``inf`` stays inf)."""
        return json.loads(self.kernel(f"print(__import__('json').dumps({expression}))"))
