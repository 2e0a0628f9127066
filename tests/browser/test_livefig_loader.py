"""The live-figure loader (``static/book/livefig-loader.js``) on hand-written pages in Chromium.

Each test writes a page like the ones MyST-NB builds: saved widget state in
``<script type="…widget-state+json">`` (several of them, as on the singlehtml page), a
``<script type="…widget-view+json">`` where each output sits, and the loader loaded ``async``. The
widgets are tiny anywidget ES modules that record what the loader does with them (``window.__log``,
``window.__views``), so the model (get/set/on/off/save_changes/send), the module forms anywidget
allows, the CSS, the clean-up when a view leaves the page, errors, and drawing while the page still
arrives are checked without the book. ``test_live_widgets_html.py`` checks the book's figures.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from pathlib import Path

import pytest

from bookdev import ROOT
from bookdev.serve import QuietHandler, serve_directory

LOADER = ROOT / "static" / "book" / "livefig-loader.js"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.browser_context_args(viewport={"width": 800, "height": 600})

#: A widget that records initialize/render/clean-up in window.__log, each view in window.__views.
RECORDER = """
const log = (globalThis.__log ??= []);
export default {
  initialize({ model }) {
    log.push(["initialize", model.get("name")]);
  },
  render({ model, el, signal }) {
    const name = model.get("name");
    log.push(["render", name]);
    const view = { name, model, el, signal, events: [] };
    (globalThis.__views ??= []).push(view);
    const p = Object.assign(document.createElement("p"), { className: "drawn" });
    p.textContent = `${name} ${model.get("x")}`;
    el.append(p);
    model.on("change:x", (m, value) => {
      view.events.push(["change:x", value, m.get("x")]);
      p.textContent = `${name} ${value}`;
    });
    model.on("change", () => view.events.push(["change"]));
    return () => log.push(["cleanup", name]);
  },
};
"""

#: anywidget also allows a default-exported function (sync or async) that returns the widget object.
FACTORY = """
export default async () => ({
  render({ model, el }) {
    const p = Object.assign(document.createElement("p"), { className: "drawn" });
    p.textContent = model.get("name");
    el.append(p);
  },
});
"""
BROKEN = "export default { render() { throw new Error('boom'); } };"


def anywidget(esm: str, css: str = "", **traits) -> dict:
    """A saved anywidget model, as ``make execute`` stores it."""
    state = {
        "_model_module": "anywidget",
        "_model_name": "AnyModel",
        "_view_module": "anywidget",
        "_view_name": "AnyView",
        "_esm": esm,
        "_css": css,
        "_dom_classes": [],
        "layout": "IPY_MODEL_x",
        **traits,
    }
    return {
        "model_module": "anywidget",
        "model_module_version": "~0.11.*",
        "model_name": "AnyModel",
        "state": state,
    }


def slider_model() -> dict:
    """An ipywidgets control: not an anywidget, so the loader leaves it alone."""
    controls = "@jupyter-widgets/controls"
    return {
        "model_module": controls,
        "model_module_version": "2.0.0",
        "model_name": "IntSliderModel",
        "state": {"_model_module": controls, "value": 3},
    }


def state_script(models: dict) -> str:
    data = {"state": models, "version_major": 2, "version_minor": 0}
    return f'<script type="{STATE_MIME}">{json.dumps(data)}</script>'


def view(model_id: str) -> str:
    """A notebook output as MyST-NB writes it."""
    data = json.dumps({"model_id": model_id, "version_major": 2, "version_minor": 1})
    tag = f'<script type="{VIEW_MIME}">{data}</script>'
    return f'<div class="cell_output" id="out-{model_id}">{tag}</div>'


def html_page(head_states: list[dict], body: str) -> str:
    states = "".join(state_script(s) for s in head_states)
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
        '<link rel="icon" href="data:,">'
        f'{states}<script async src="livefig-loader.js"></script></head><body>{body}</body></html>'
    )


@contextlib.contextmanager
def serve(folder: Path, slow: dict[str, tuple[bytes, float, bytes]] | None = None):
    """``folder`` on 127.0.0.1; ``slow[path] = (first, seconds, rest)``: that page in two parts."""
    slow = slow or {}

    class Handler(QuietHandler):
        def do_GET(self):
            if self.path not in slow:
                return super().do_GET()
            first, pause, rest = slow[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(first)
            self.wfile.flush()
            time.sleep(pause)
            self.wfile.write(rest)

    with serve_directory(folder, handler=Handler) as url:
        yield url


@pytest.fixture
def book(tmp_path):
    """A folder holding the loader; ``book(name, html)`` writes a page there, returns its path."""
    shutil.copy(LOADER, tmp_path / LOADER.name)

    def write(name: str, html: str) -> Path:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        return path

    write.folder = tmp_path
    return write


def watch(page) -> list[str]:
    """Console errors and page errors of ``page``, collected as they come."""
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def drawn(page, n: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('.widget-subarea .drawn').length >= n",
        arg=n,
        timeout=10_000,
    )


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_model_get_set_on_off_and_no_kernel_calls(page, book, scheme):
    css = ".drawn { color: rgb(1, 2, 3); }"
    models = {
        "a": anywidget(RECORDER, css, name="a", x=1, y=[1, 2]),
        "b": anywidget(RECORDER, css, name="b", x=5),
    }
    models["a"]["state"]["_dom_classes"] = ["extra"]
    path = book("model.html", html_page([models], view("a") + view("a") + view("b")))
    errors = watch(page)
    with serve(book.folder) as base:
        page.goto(path.as_uri() if scheme == "file" else base + path.name)
        drawn(page, 3)
        result = page.evaluate(
            """() => {
            // in page order (the two models' modules load side by side, either may be drawn first)
            const FOLLOWING = Node.DOCUMENT_POSITION_FOLLOWING;
            const first = (p, q) => p.el.compareDocumentPosition(q.el) & FOLLOWING;
            const [a1, a2, b] = window.__views.slice().sort((p, q) => (first(p, q) ? -1 : 1));
            const out = {};
            out.placed = [...document.querySelectorAll('.cell_output')].map(o =>
                [o.id, o.firstElementChild.className, o.firstElementChild.nextElementSibling.type]);
            out.get = ["x", "y", "name", "nope"].map(k => a1.model.get(k));
            a1.model.set("x", 2);                      // both views of model a hear it, b does not
            out.set = [a1.events.slice(), a2.events.slice(), b.events.slice(), a2.model.get("x")];
            a1.model.set("y", [1, 2]);                 // an equal value is no change
            a2.model.set("x", 2);
            out.unchanged = [a1.events.length, a2.events.length];
            a1.model.set({ x: 3, y: [3] });            // several at once: one "change"
            out.several = a2.events.slice(2);
            const calls = [];
            const one = (m, v) => calls.push(["one", v]), two = (m, v) => calls.push(["two", v]);
            a1.model.on("change:x", one);
            a1.model.on("change:x change:y", two);
            a1.model.set("x", 4);
            a1.model.off("change:x", one);             // this callback only
            a1.model.set("x", 5);
            a1.model.off("change:x");                  // all change:x of this view (its redraw too)
            a1.model.set("x", 6);
            a1.model.set("y", [6]);
            out.calls = calls;
            out.a1Text = a1.el.textContent;
            a1.model.off();                            // all of view a1's listeners ...
            const before = a2.events.length;
            a1.model.set("x", 7);                      // ... but not view a2's
            out.a2AfterOff = a2.events.slice(before);
            const m = a1.model;
            out.noKernel = [m.save_changes(), m.send({ any: "message" }), m.send()];
            out.log = window.__log;
            out.styles = document.querySelectorAll('style[data-livefig]').length;
            out.color = getComputedStyle(a1.el.querySelector('.drawn')).color;
            out.classes = [a1.el.className, b.el.className];
            out.texts = [...document.querySelectorAll('.drawn')].map(p => p.textContent);
            return out;
        }"""
        )
    assert result["placed"] == [["out-a", "widget-subarea extra", VIEW_MIME]] * 2 + [
        ["out-b", "widget-subarea", VIEW_MIME]
    ]  # each view drawn in a .widget-subarea just before its view tag
    assert result["get"] == [1, [1, 2], "a", None]
    assert result["set"] == [
        [["change:x", 2, 2], ["change"]],
        [["change:x", 2, 2], ["change"]],
        [],
        2,
    ]
    assert result["unchanged"] == [2, 2]
    assert result["several"] == [["change:x", 3, 3], ["change"]]
    assert result["calls"] == [["one", 4], ["two", 4], ["two", 5], ["two", [6]]]
    assert result["a1Text"] == "a 5"  # its own change:x listener went with off("change:x")
    assert result["a2AfterOff"] == [["change:x", 7, 7], ["change"]]
    assert result["noKernel"] == [None, None, None]
    # initialize() once per model, before its views' render()s
    for name, expected in (
        ("a", ["initialize", "render", "render"]),
        ("b", ["initialize", "render"]),
    ):
        assert [what for what, of in result["log"] if of == name] == expected, result["log"]
    assert result["styles"] == 1  # the same CSS text once
    assert result["color"] == "rgb(1, 2, 3)"
    assert result["classes"] == ["widget-subarea extra", "widget-subarea"]
    assert result["texts"] == ["a 5", "a 7", "b 5"]
    assert errors == []


def test_several_state_scripts_a_late_state_and_module_forms(page, book):
    """The singlehtml page: one state script per notebook (model ids unique across them); one more
    comes after the views."""
    first = {"a": anywidget(RECORDER, ".a {}", name="a", x=1)}
    second = {"f": anywidget(FACTORY, ".f {}", name="f")}
    late = {"z": anywidget(RECORDER, ".a {}", name="z", x=9)}
    body = view("a") + view("f") + view("z") + state_script(late)
    path = book("single.html", html_page([first, second], body))
    errors = watch(page)
    page.goto(path.as_uri())
    drawn(page, 3)
    texts = page.evaluate("() => [...document.querySelectorAll('.drawn')].map(p => p.textContent)")
    assert texts == ["a 1", "f", "z 9"]
    assert page.locator("style[data-livefig]").count() == 2  # ".a {}" once, ".f {}" once
    assert errors == []


def test_clean_up_when_a_view_leaves_the_page(page, book):
    models = {"a": anywidget(RECORDER, name="a", x=1)}
    path = book(
        "remove.html", html_page([models], view("a") + f'<section id="box">{view("a")}</section>')
    )
    errors = watch(page)
    page.goto(path.as_uri())
    drawn(page, 2)
    page.evaluate("() => document.getElementById('box').remove()")  # an ancestor of the second view
    page.wait_for_function("() => window.__log.some(([what]) => what === 'cleanup')", timeout=5_000)
    result = page.evaluate(
        """() => {
        const [kept, gone] = window.__views;
        const before = [kept.events.length, gone.events.length];
        kept.model.set("x", 2);
        return { log: window.__log, aborted: [kept.signal.aborted, gone.signal.aborted], before,
                 after: [kept.events.length, gone.events.length] };
    }"""
    )
    assert result["log"] == [
        ["initialize", "a"],
        ["render", "a"],
        ["render", "a"],
        ["cleanup", "a"],
    ]
    assert result["aborted"] == [False, True]
    assert result["after"] == [
        result["before"][0] + 2,
        result["before"][1],
    ]  # the removed view hears nothing
    assert errors == []


def test_errors_are_shown_and_other_widgets_left_alone(page, book):
    models = {
        "ok": anywidget(RECORDER, name="ok", x=1),
        "bad": anywidget(BROKEN),
        "slider": slider_model(),
    }
    body = view("missing") + view("bad") + view("slider") + view("ok")
    path = book("errors.html", html_page([models], body))
    errors = watch(page)
    page.goto(path.as_uri())
    page.wait_for_function(
        "() => ['missing', 'bad', 'ok'].every("
        "  id => document.querySelector(`#out-${id} .widget-subarea`)?.textContent)",
        timeout=10_000,
    )
    shown = page.evaluate(
        "() => [...document.querySelectorAll('.cell_output')]"
        ".map(o => [o.id, o.querySelector('.widget-subarea')?.textContent ?? null])"
    )
    assert shown == [
        [
            "out-missing",
            "Error displaying widget: model not found",
        ],  # the words scripts/make_pdf.py looks for
        ["out-bad", "Error displaying widget: boom"],
        ["out-slider", None],  # an ipywidgets control: not drawn, its view tag left as it was
        ["out-ok", "ok 1"],
    ]
    assert len(errors) == 2, errors  # one console error for each view that could not be drawn
    assert any("widget missing" in e for e in errors) and any("widget bad" in e for e in errors), (
        errors
    )


def test_figures_are_drawn_while_the_page_still_arrives(page, book):
    """A view is drawn as soon as the parser has added it, before the rest of the page arrives."""
    models = {"a": anywidget(RECORDER, name="a", x=1)}
    html = html_page([models], view("a") + "<!--split-->" + "<p>rest</p>" * 50 + view("a"))
    first, rest = html.split("<!--split-->")
    first += "<!--" + " " * 4096 + "-->"  # past any buffering before the parser starts
    book("stream.html", html)
    pause = 2.0
    with serve(book.folder, {"/stream.html": (first.encode(), pause, rest.encode())}) as base:
        start = time.monotonic()
        page.goto(base + "stream.html", wait_until="commit")
        drawn(page, 1)
        seen_after = time.monotonic() - start
        state = page.evaluate("() => document.readyState")
        drawn(page, 2)
    assert state == "loading" and seen_after < pause, (state, seen_after)
