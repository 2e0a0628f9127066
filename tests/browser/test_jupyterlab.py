"""End-to-end check in a real JupyterLab: every chapter notebook runs clean and every widget responds.

A JupyterLab server (the venv's, started with ``sys.executable -m jupyterlab``) serves a *temporary copy* of
``chapters/`` and ``utils/`` (same layout, so the notebooks' ``sys.path.insert(0, "..")`` finds ``utils``) on
127.0.0.1 with a random token; autosave is off and the repository's files are hashed before and after.
Headless Chromium (Debian's, through Playwright) opens each notebook, waits for the kernel to be idle, runs all
cells and checks:

* no error and no stderr output anywhere (cells and widget outputs);
* every widget output in the live notebook model is drawn as a widget view (count of outputs == count of views);
* every slider of every interactive widget changes what the widget prints when moved;
* the numbers the widgets print follow the math (per-notebook checks in ``WIDGET_CHECKS``), read from the
  ``name = value`` lines they print.

A screenshot per notebook is saved to ``_build/screenshots/lab/<name>.png``.

Set ``LAB_TEST_SOURCE=/some/dir`` (with ``chapters/`` and ``utils/`` inside) to try the machinery on other notebooks.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import numpy as np
import pytest
from playwright.sync_api import sync_playwright

from tests.browser_support import ROOT, SCREENSHOTS, launch

SOURCE = Path(os.environ.get("LAB_TEST_SOURCE", ROOT)).resolve()
CHAPTERS = SOURCE / "chapters"
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))
COPIED = ("chapters", "utils")  # the folders the notebooks need, copied with the same layout
SHOTS = SCREENSHOTS / "lab"
# The book's JupyterLab defaults (make lab passes the same folder): widget comms on the main shell, not a subshell.
BOOK_LAB_SETTINGS = ROOT / "jupyter_config" / "lab" / "settings"

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STATIC_NOTE = "정적 HTML에서는 위젯이 저장된 상태로만 보입니다"

SERVER_START_TIMEOUT = 90  # s
RUN_ALL_TIMEOUT = 180  # s, per notebook
WIDGET_TIMEOUT = 20  # s, for one widget update

# JupyterLab user settings for the test server (a temporary settings dir, never the user's own):
# - autosave off: the test must not write to the notebooks, not even to the temporary copies;
# - windowingMode none: every cell is in the DOM, not only those in the viewport;
# - no news / update checks (no network).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


# ----------------------------------------------------------------------------------------------------------------
# The repository must not change: hash every file the test copies, before and after.


def _tree_hashes() -> dict[str, str]:
    hashes = {}
    for folder in COPIED:
        for path in sorted((SOURCE / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts:
                hashes[str(path.relative_to(SOURCE))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


@pytest.fixture(scope="module")
def original_hashes():
    before = _tree_hashes()
    yield before
    after = _tree_hashes()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"files in the repository changed during the JupyterLab test (or were edited meanwhile): {changed}"


# ----------------------------------------------------------------------------------------------------------------
# The server


class Lab:
    def __init__(self, url: str, token: str, root: Path, log: Path):
        self.url, self.token, self.root, self.log = url, token, root, log

    def api(self, method: str, path: str, token: bool = True):
        req = urllib.request.Request(f"{self.url}{path}", method=method)
        if token:
            req.add_header("Authorization", f"token {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                body = resp.read()
                return resp.status, (json.loads(body) if body and path.startswith("/api/") else body)
        except urllib.error.HTTPError as err:
            return err.code, None

    def page_config(self) -> dict:
        """The configuration JupyterLab's page is served with (extensions, default URL, ...)."""
        status, page = self.api("GET", "/lab")
        assert status == 200, status
        return json.loads(re.search(rb'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.DOTALL).group(1))

    def shutdown_sessions(self):
        _, sessions = self.api("GET", "/api/sessions")
        for session in sessions or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, n: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-n:]


def _shot(name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{name}.png"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_command(port: int, token: str, root: Path) -> list[str]:
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={BOOK_LAB_SETTINGS}",  # the book's defaults, as `make lab` uses them
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run commands, read the notebook model
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers run as root
    return cmd


def isolated_env(base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        IPYTHONDIR=str(base / "ipython"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@pytest.fixture(scope="module")
def lab(tmp_path_factory, original_hashes):
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "book"
    for folder in COPIED:
        shutil.copytree(SOURCE / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    for plugin, values in LAB_SETTINGS.items():
        path = base / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")

    port, token = _free_port(), secrets.token_urlsafe(24)
    log = base / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            lab_command(port, token, root), cwd=root, env=isolated_env(base),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Lab(f"http://127.0.0.1:{port}", token, root, log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                if server.api("GET", "/api/status")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start in {SERVER_START_TIMEOUT} s:\n{server.log_tail()}")
            time.sleep(0.25)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # the server shuts its kernels down
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


# ----------------------------------------------------------------------------------------------------------------
# Reading what the widgets print: lines "name = value" or "name = [v1, v2, v3]" (units after a number allowed).

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
    """The ``name = value`` lines a widget printed; a name may appear several times (``H = .. nat``, ``H = .. bit``)."""

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


def _debug(message: str):
    if os.environ.get("LAB_TEST_DEBUG"):
        print(f"\n[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Widget:
    """One interactive widget view in the page (a ``.widget-interact`` box, or any box with sliders)."""

    def __init__(self, nb: Notebook, locator):
        self.nb, self.page, self.root = nb, nb.page, locator

    def labels(self) -> list[str]:
        return [t.strip() for t in self.root.locator(".widget-slider .widget-label").all_inner_texts()]

    def slider(self, label: str):
        sliders = self.root.locator(".widget-slider").filter(
            has=self.page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
        )
        assert sliders.count() == 1, f"slider {label!r} not found (sliders: {self.labels()})"
        return sliders.first

    def value(self, label: str) -> float:
        return as_number(self.slider(label).locator(".widget-readout").inner_text())

    def bounds(self, label: str) -> tuple[float, float]:
        handle = self.slider(label).locator(".noUi-handle")
        return float(handle.get_attribute("aria-valuemin")), float(handle.get_attribute("aria-valuemax"))

    def output_state(self) -> str:
        """Text and images of the widget's output (what must change when a control moves)."""
        return self.root.evaluate(
            """el => Array.from(el.querySelectorAll('.widget-output')).map(o =>
                   o.innerText + Array.from(o.querySelectorAll('img')).map(i => i.src.length + i.src.slice(-64)).join('|')
               ).join('\\n')"""
        )

    def text(self) -> str:
        return "\n".join(self.root.locator(".widget-output").all_inner_texts())

    def read(self) -> Printed:
        return Printed(self.text())

    def _after(self, before: str, action: str):
        """Wait until the output differs from ``before``, the kernel is idle and the output stops changing."""
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
        _debug(f"{action}: {time.monotonic() - t0:.2f} s")

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
        """Type a value into the slider's readout (the widget clamps it to its range); return the printed values."""
        before = self.output_state()
        readout = self.slider(label).locator(".widget-readout")
        shown = readout.inner_text()
        readout.scroll_into_view_if_needed()
        readout.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(repr(value))
        self.page.keyboard.press("Enter")
        readout.evaluate("r => r.blur()")
        if readout.inner_text() == shown:  # already at that value (or clamped to where it was): nothing to wait for
            self.nb.wait_idle()
            return self.read()
        self._after(before, f"setting {label} = {value}")
        return self.read()


class Notebook:
    """An open notebook in JupyterLab, driven through the page."""

    def __init__(self, page, name: str):
        self.page, self.name = page, name

    def wait_idle(self, timeout: float = RUN_ALL_TIMEOUT):
        # The status bar's kernel item ("Python 3 (ipykernel) | Idle") is the reliable signal.
        self.page.locator(".jp-StatusBar-Widget").get_by_text(re.compile(r"\|\s*Idle\s*$")).first.wait_for(
            timeout=timeout * 1000
        )

    def run_all(self):
        """Clear the stored outputs (in the page only: autosave is off), run every cell and wait until all ran."""
        numbered = self.page.evaluate(
            """async () => {
                const app = window.jupyterapp;
                await app.commands.execute('notebook:clear-all-cell-outputs');
                const nb = app.shell.currentWidget.content;
                let numbered = 0;
                for (let i = 0; i < nb.model.cells.length; i++) {
                    const cell = nb.model.cells.get(i);
                    if (cell.type === 'code' && (cell.executionCount || cell.outputs.length)) numbered++;
                }
                app.commands.execute('notebook:run-all-cells');  // not awaited: polled below
                return numbered;
            }"""
        )
        assert numbered == 0, "clearing the stored outputs did not reset the cells"
        # done when every code cell has an execution count again; stop early at an error or stderr output
        self.page.wait_for_function(
            """() => {
                const nb = document.querySelector('.jp-Notebook');
                if (nb.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) return true;
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
                    for (let j = 0; j < cell.outputs.length; j++) outs.push(cell.outputs.get(j).toJSON());
                    cells.push(outs);
                }
                return cells;
            }"""
        )

    def problems(self) -> list[str]:
        """Error or stderr outputs anywhere in the page (cell outputs and widget Output areas)."""
        return self.page.evaluate(
            """() => Array.from(document.querySelectorAll(
                   '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],' +
                   '.jp-Notebook .jp-OutputArea-output.jp-mod-error'))
                   .map(e => e.innerText.length > 3000
                        ? e.innerText.slice(0, 1000) + '\\n[...]\\n' + e.innerText.slice(-2000) : e.innerText)"""
        ) + self.page.locator(".jp-Notebook").get_by_text("Error displaying widget").all_inner_texts()

    def assert_clean(self, when: str):
        problems = self.problems()
        assert not problems, f"{self.name}: error/stderr output {when}:\n" + "\n---\n".join(problems)

    def widget_views(self):
        """Top-level widget views in cell outputs: (rendered count, list of interactive Widget objects)."""
        rendered = self.page.locator(
            ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output > .jupyter-widgets"
        ).count()
        boxes = self.page.locator(
            ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output > .jupyter-widgets"
        )
        interactive = [Widget(self, boxes.nth(i)) for i in range(rendered) if boxes.nth(i).locator(".widget-slider").count()]
        return rendered, interactive

    def widget_with(self, *labels: str) -> Widget:
        """The interactive widget that has sliders with all these labels."""
        _, widgets = self.widget_views()
        found = [w for w in widgets if set(labels) <= set(w.labels())]
        assert found, f"{self.name}: no widget with sliders {labels}; widgets have {[w.labels() for w in widgets]}"
        return found[0]


# ----------------------------------------------------------------------------------------------------------------
# Per-notebook checks: moving a control changes the printed numbers as the math says.


def _softmax(o: np.ndarray) -> np.ndarray:
    e = np.exp(o - o.max())
    return e / e.sum()


WIDGET_CHECKS: dict[str, list] = {}


def check(stem: str):
    def register(fn):
        WIDGET_CHECKS.setdefault(stem, []).append(fn)
        return fn

    return register


@check("04_softmax")
def softmax_logits_and_temperature(nb: Notebook):
    """p = softmax(o / T); raising o₁ raises p₁; a large T flattens p, a small T sharpens it."""
    w = nb.widget_with("o₁", "o₂", "o₃", "T")

    def check_p(v: Printed) -> np.ndarray:
        p = v.vec("p")
        o = np.array([w.value(label) for label in ("o₁", "o₂", "o₃")])
        t = w.value("T")
        assert v.num("T") == pytest.approx(t, rel=0.02, abs=v.tol("T")), v
        assert p.shape == (3,) and abs(p.sum() - 1) <= 3 * v.tol("p"), v
        # the slider readouts are rounded, so compare loosely; the direction checks below are exact
        assert np.allclose(p, _softmax(o / t), atol=v.tol("p") + 0.02), (v, o, t, _softmax(o / t))
        return p

    p0 = check_p(w.read())
    lo, hi = w.bounds("o₁")
    p1 = check_p(w.set("o₁", min(w.value("o₁") + (hi - lo) / 4, hi)))
    assert p1[0] > p0[0] and p1[1] < p0[1] and p1[2] < p0[2], ("raising o₁ must raise p₁ only", p0, p1)
    p2 = check_p(w.set("o₁", lo))
    assert p2[0] < p1[0], ("lowering o₁ must lower p₁", p1, p2)

    spread = {}
    for name, target in (("small T", 1e-9), ("T = 1", 1.0), ("large T", 1e9)):  # the slider clamps to its range
        p = check_p(w.set("T", target) if w.value("T") != target else w.read())
        spread[name] = p.max() - p.min()
    assert spread["large T"] < spread["T = 1"] < spread["small T"], ("T must flatten p as it grows", spread)
    assert spread["large T"] < 0.1, ("a large temperature must make p nearly uniform", spread)
    assert spread["small T"] > 0.9, ("a small temperature must make p nearly one-hot", spread)


@check("08_information_theory")
def entropy_widget(nb: Notebook):
    """H in nats and bits from the normalised weights; uniform → log 3, one class → 0, fair coin → 1 bit."""
    w = nb.widget_with("w₁", "w₂", "w₃")

    def check_h(v: Printed) -> tuple[float, float]:
        weights = np.array([w.value(label) for label in ("w₁", "w₂", "w₃")])
        p = weights / weights.sum()
        assert np.allclose(v.vec("p"), p, atol=v.tol("p")), (v, p)
        h_nat, h_bit = v.num("H", "nat"), v.num("H", "bit")
        expected = -sum(x * math.log(x) for x in p if x > 0)
        assert h_nat == pytest.approx(expected, abs=v.tol("H", "nat")), (v, expected)
        assert h_bit == pytest.approx(expected / math.log(2), abs=v.tol("H", "bit")), ("bits = nats / log 2", v)
        assert 0 <= h_nat <= math.log(3) + v.tol("H", "nat"), v
        return h_nat, h_bit

    check_h(w.read())
    for label in ("w₁", "w₂", "w₃"):  # uniform: the largest entropy, log 3
        v = w.set(label, 5.0)
    h_nat, h_bit = check_h(v)
    assert h_nat == pytest.approx(math.log(3), abs=1e-3) and h_bit == pytest.approx(math.log2(3), abs=1e-3), v
    h_before = h_nat
    v = w.set("w₃", 0.0)  # a fair coin between two classes: exactly 1 bit (not H/2)
    h_nat, h_bit = check_h(v)
    assert h_bit == pytest.approx(1.0, abs=1e-3) and h_nat == pytest.approx(math.log(2), abs=1e-3), v
    assert h_nat < h_before
    v = w.set("w₂", 0.0)  # a certain outcome: no information
    h_nat, h_bit = check_h(v)
    assert h_nat == pytest.approx(0.0, abs=1e-3) and h_bit == pytest.approx(0.0, abs=1e-3), v


@check("08_information_theory")
def kl_widget(nb: Notebook):
    """KL(p||q) = Σ p log(p/q) ≥ 0, zero iff p = q, asymmetric, infinite where q = 0 < p; H(p,q) = H(p) + KL."""
    w = nb.widget_with("p₁", "p₂", "p₃", "q₁", "q₂", "q₃")

    def dists():
        p = np.array([w.value(f"p{s}") for s in "₁₂₃"])
        q = np.array([w.value(f"q{s}") for s in "₁₂₃"])
        return p / p.sum(), q / q.sum()

    def kl(a, b):
        return sum(x * math.log(x / y) if y > 0 else math.inf for x, y in zip(a, b) if x > 0)

    def check_kl(v: Printed):
        p, q = dists()
        assert np.allclose(v.vec("p"), p, atol=v.tol("p")) and np.allclose(v.vec("q"), q, atol=v.tol("q")), v
        for name, expected in (("KL(p||q)", kl(p, q)), ("KL(q||p)", kl(q, p))):
            got = v.num(name)
            if math.isinf(expected):
                assert math.isinf(got) and got > 0, (name, v)
            else:
                assert got >= 0 and got == pytest.approx(expected, abs=v.tol(name)), (name, expected, v)
        if "H(p,q)" in v and "H(p)" in v and math.isfinite(v.num("KL(p||q)")):
            assert v.num("H(p,q)") == pytest.approx(v.num("H(p)") + v.num("KL(p||q)"), abs=3 * v.tol("H(p,q)")), v
        return v

    v = check_kl(w.read())
    p, q = dists()
    if abs(kl(p, q) - kl(q, p)) > 0.01:  # KL is not symmetric: the widget must show two different numbers
        assert abs(v.num("KL(p||q)") - v.num("KL(q||p)")) > 0.005, v
    for s in "₁₂₃":  # q := p  →  both divergences vanish
        v = check_kl(w.set(f"q{s}", w.value(f"p{s}")))
    assert v.num("KL(p||q)") == pytest.approx(0, abs=1e-3) and v.num("KL(q||p)") == pytest.approx(0, abs=1e-3), v
    if w.value("p₃") > 0:  # q puts no mass where p does → KL(p||q) = ∞, KL(q||p) stays finite
        v = check_kl(w.set("q₃", 0.0))
        assert math.isinf(v.num("KL(p||q)")) and math.isfinite(v.num("KL(q||p)")), v


@check("10_summary_exercises")
def realsoftmax_lambda(nb: Notebook):
    """λ⁻¹·log Σ exp(λ·o) ≥ max o, and the gap shrinks toward 0 as λ grows (to at most log n / λ)."""
    w = nb.widget_with("λ")

    def check_gap(v: Printed) -> float:
        lam = v.num("lambda")
        assert lam == pytest.approx(w.value("λ"), rel=0.02), v
        gap = v.num("gap")
        assert gap == pytest.approx(v.num("realsoftmax") - v.num("max"), abs=v.tol("gap") + v.tol("realsoftmax")), v
        assert gap >= 0, ("RealSoftMax is never below the max", v)
        return gap

    gap = {"start": check_gap(w.read())}
    gap["small λ"] = check_gap(w.set("λ", 1e-9))  # the slider clamps to its range
    gap["large λ"] = check_gap(w.set("λ", 1e9))
    lam = w.value("λ")
    assert gap["large λ"] < gap["start"] < gap["small λ"], ("the gap must shrink as λ grows", gap)
    assert gap["large λ"] <= math.log(10) / lam + 1e-3, ("gap ≤ log n / λ", gap, lam)
    assert gap["large λ"] < 0.05, ("a large λ brings RealSoftMax to the max", gap)


# ----------------------------------------------------------------------------------------------------------------
# The tests


def test_lab_serves_widgets_extension_with_authentication(lab):
    assert lab.api("GET", "/api/contents/chapters", token=False)[0] == 403, "authentication must stay on"
    status, listing = lab.api("GET", "/api/contents/chapters")
    assert status == 200
    assert {c["name"] for c in listing["content"]} >= {p.name for p in NOTEBOOKS}
    config = lab.page_config()
    names = {ext["name"] for ext in config.get("federated_extensions", [])}
    assert "@jupyter-widgets/jupyterlab-manager" in names, f"ipywidgets' JupyterLab extension missing: {names}"


def test_make_lab_serves_the_book_with_widgets(tmp_path, original_hashes):
    """The README's command: ``make lab`` serves the repository root, opens chapters/, has the widgets extension."""
    make = shutil.which("make")
    assert make, "make is needed for the README's commands"
    port, token = _free_port(), secrets.token_urlsafe(24)
    args = f"--no-browser --ServerApp.port={port} --ServerApp.port_retries=0 --IdentityProvider.token={token}"
    log = tmp_path / "make-lab.log"
    with open(log, "wb") as out:
        # -o: never re-run the venv setup from a test
        proc = subprocess.Popen(
            [make, "-o", ".venv/.installed", "lab", "HOST=127.0.0.1", f"LAB_ARGS={args}"], cwd=ROOT,
            env=isolated_env(tmp_path), stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Lab(f"http://127.0.0.1:{port}", token, ROOT, log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            assert proc.poll() is None, f"make lab exited with {proc.returncode}:\n{server.log_tail()}"
            try:
                if server.api("GET", "/api/status")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"make lab did not start:\n{server.log_tail()}"
            time.sleep(0.25)
        assert server.api("GET", "/api/contents/chapters", token=False)[0] == 403, "authentication must stay on"
        _, listing = server.api("GET", "/api/contents")
        assert {"chapters", "utils"} <= {c["name"] for c in listing["content"]}, "the server root must be the repo root"
        config = server.page_config()
        assert "@jupyter-widgets/jupyterlab-manager" in {e["name"] for e in config.get("federated_extensions", [])}
        _, kernels = server.api("GET", "/lab/api/settings/@jupyterlab/apputils-extension:kernels-settings")
        kernels = json.loads(kernels)  # the book's overrides become the schema defaults; a user setting would win
        comms = kernels["settings"].get("commsOverSubshells", kernels["schema"]["properties"]["commsOverSubshells"]["default"])
        assert comms == "disabled", f"make lab must keep widget callbacks on the main thread, got {comms!r}"
        # the address a learner opens lands on the chapters folder
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", f"/?token={token}")
        landing = conn.getresponse().getheader("Location", "")
        conn.close()
        assert urllib.parse.urlsplit(landing).path.rstrip("/") == "/lab/tree/chapters", landing
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            page.goto(f"{server.url}/?token={token}")
            listing = page.locator(".jp-DirListing-content")
            first = min((ROOT / "chapters").glob("*.ipynb")).name
            listing.get_by_text(first, exact=True).wait_for(timeout=60_000)
            assert page.locator(".jp-FileBrowser .jp-BreadCrumbs").inner_text().strip().strip("/").strip() == "chapters"
            page.screenshot(path=str(_shot("make_lab")))
            browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _committed_widget_outputs(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(
        WIDGET_MIME in out.get("data", {}) for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
    )


def _widgets_without_note(path: Path) -> list[int]:
    """Indices of cells with widget output that no markdown cell right before them explains."""
    cells = nbformat.read(path, as_version=4).cells
    missing = []
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and any(WIDGET_MIME in out.get("data", {}) for out in cell.outputs):
            before = next((c for c in reversed(cells[:i]) if c.cell_type == "markdown"), None)
            if before is None or STATIC_NOTE not in before.source:
                missing.append(i)
    return missing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean_and_widgets_respond(path, lab, browser, original_hashes):
    original = path.read_bytes()
    copy = lab.root / "chapters" / path.name
    committed_widgets = _committed_widget_outputs(path)
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)

    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda err: page_errors.append(str(err)))
    nb = Notebook(page, path.name)
    try:
        # a fresh workspace per notebook, so that earlier notebooks are not reopened
        page.goto(f"{lab.url}/lab/workspaces/t-{path.stem}/tree/chapters/{path.name}?token={lab.token}")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        _debug("page loaded")
        # widget callbacks must run on the kernel's main thread (matplotlib is not thread-safe); JupyterLab 4.6
        # would send widget comms to a subshell thread unless the book's settings turn that off
        page.wait_for_function("() => window.jupyterapp.serviceManager.kernels.commsOverSubshells === 'disabled'")
        nb.wait_idle()
        _debug("kernel idle")
        nb.run_all()
        _debug("ran all cells")

        # 1. nothing went wrong
        outputs = nb.model_outputs()
        assert len(outputs) == code_cells
        bad = [
            (i, out.get("ename") or out.get("name"), (out.get("text") or "\n".join(out.get("traceback", [])))[:1500])
            for i, outs in enumerate(outputs)
            for out in outs
            if out["output_type"] == "error" or (out["output_type"] == "stream" and out.get("name") == "stderr")
        ]
        assert not bad, f"error/stderr outputs (code cell index, kind, text): {bad}"
        nb.assert_clean("after Run All")

        # 2. every widget output is drawn
        widget_outputs = sum(WIDGET_MIME in out.get("data", {}) for outs in outputs for out in outs)
        rendered, interactive = nb.widget_views()
        assert rendered == widget_outputs, f"{widget_outputs} widget outputs but {rendered} rendered widget views"
        assert widget_outputs == committed_widgets, (
            f"the notebook shows {widget_outputs} widgets in JupyterLab, its stored outputs have {committed_widgets}"
            " (run scripts/execute_notebooks.py on it)"
        )
        assert not _widgets_without_note(path), f"put the static-HTML note before widget cells {_widgets_without_note(path)}"

        # 3. every slider of every interactive widget changes what the widget shows
        for widget in interactive:
            assert widget.read(), f"widget prints no 'name = value' line:\n{widget.text()}"
            for label in widget.labels():
                _, hi = widget.bounds(label)
                handle = widget.slider(label).locator(".noUi-handle")
                at_max = float(handle.get_attribute("aria-valuenow")) >= hi
                widget.press(label, "ArrowLeft" if at_max else "ArrowRight")

        _debug("moved every slider")
        # 4. the math: notebook-specific checks
        checks = WIDGET_CHECKS.get(path.stem, [])
        if checks and code_cells:  # a placeholder page (markdown only) has nothing to run yet
            for fn in checks:
                fn(nb)

        _debug("notebook checks")
        nb.assert_clean("at the end")
        assert not page_errors, f"JavaScript errors in the page: {page_errors}"
    finally:
        _, widgets = nb.widget_views() if page.locator(".jp-Notebook").count() else (0, [])
        if widgets:
            widgets[0].root.scroll_into_view_if_needed()
        page.screenshot(path=str(_shot(path.stem)))
        context.close()
        lab.shutdown_sessions()

    # the test never saved anything: not the repository's notebook, not even the temporary copy
    assert path.read_bytes() == original, f"{path} changed during the test"
    assert copy.read_bytes() == original, "JupyterLab saved the notebook (autosave must be off)"


def test_notebooks_found():
    assert NOTEBOOKS, f"no notebooks in {CHAPTERS}"
