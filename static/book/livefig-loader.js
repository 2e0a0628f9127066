// The book's live figures (utils/widgets, anywidget widgets) in the static HTML, drawn without the
// ipywidgets HTML manager.
//
// MyST-NB writes a notebook's saved widget state as
// <script type="application/vnd.jupyter.widget-state+json"> in the <head> (one per notebook on the
// singlehtml page, _ext/singlehtml_book.py) and each widget output as
// <script type="application/vnd.jupyter.widget-view+json">{"model_id": …}</script> where it sits.
// This script (loaded async on pages with widget state: nb_ipywidgets_js in _config.yml) draws
// every view of an anywidget model (_model_module "anywidget") in a <div class="widget-subarea">
// put just before its view tag: it imports the model's _esm (the module source) from a blob: URL,
// adds its _css once, calls initialize({model}) once per model and render({model, el}) once per
// view, as anywidget does in JupyterLab. A view is drawn as soon as the parser has added its tag
// (a MutationObserver watches the page while it arrives), not at DOMContentLoaded.
//
// The model is a small stand-in for anywidget's: get, set (fires "change:<name>" and "change" when
// a value changes), on, off, and save_changes/send, which do nothing (there is no kernel). When a
// view's element leaves the page, its listeners are removed, its signal is aborted and the clean-up
// function render returned is called. Views of other widgets (ipywidgets controls) are not drawn;
// the book has none.
(() => {
  "use strict";

  const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
  const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  /** What ipywidgets shows for a view it cannot draw (scripts/make_pdf.py and tests seek it). */
  const ERROR = "Error displaying widget";

  /** model id → saved model {model_module, model_name, state}, from the state scripts read. */
  const saved = new Map();
  /** State scripts read, view tags placed (a WeakSet: nothing kept alive). */
  const done = new WeakSet();
  /** model id → Promise of {model, widget}: one model, module import and initialize() per id. */
  const models = new Map();
  /** CSS texts already added to the page. */
  const styles = new Set();
  /** Drawn views: {el, dispose}. */
  const views = new Set();
  /** The owner of the listeners initialize() adds (they last as long as the page). */
  const INITIALIZE = Symbol("initialize");

  /** Deep equality of JSON values: whether set() changed a trait (as Backbone's _.isEqual). */
  function same(a, b) {
    if (Object.is(a, b)) return true;
    if (!a || !b || typeof a !== "object" || typeof b !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]))
    );
  }

  /** One widget model over its saved traits. Listeners are {event, callback, owner}. */
  class Model {
    /** @param {Object<string, *>} state the saved traits */
    constructor(state) {
      this.state = { ...state };
      this.listeners = [];
    }

    /** @param {string} name */
    get(name) {
      return this.state[name];
    }

    /**
     * Set one trait (name, value) or several ({name: value, …}); fires "change:<name>"
     * (model, value) for each trait whose value changed, then "change" (model) once.
     */
    set(name, value) {
      const changes = typeof name === "object" && name !== null ? name : { [name]: value };
      const changed = Object.keys(changes).filter((k) => !same(this.state[k], changes[k]));
      for (const k of changed) this.state[k] = changes[k];
      for (const k of changed) this.emit(`change:${k}`, this, this.state[k]);
      if (changed.length) this.emit("change", this);
    }

    /** @param {string} events one or more event names, space-separated */
    on(events, callback, owner) {
      for (const event of events.split(/\s+/)) this.listeners.push({ event, callback, owner });
    }

    /** Remove the listeners matching all given arguments: off() all, off(null, null, o) o's. */
    off(events, callback, owner) {
      const names = events ? events.split(/\s+/) : null;
      this.listeners = this.listeners.filter(
        (l) =>
          !(
            (!names || names.includes(l.event)) &&
            (!callback || l.callback === callback) &&
            (owner === undefined || l.owner === owner)
          ),
      );
    }

    emit(event, ...args) {
      for (const l of this.listeners.slice()) if (l.event === event) l.callback(...args);
    }
  }

  /** The model as one view (or initialize) sees it: its on/off touch only its own listeners. */
  function scoped(model, owner) {
    return {
      get: (name) => model.get(name),
      set: (name, value) => model.set(name, value),
      on: (events, callback) => model.on(events, callback, owner),
      off: (events, callback) => model.off(events, callback, owner),
      save_changes() {}, // no kernel to send the change to
      send() {},
    };
  }

  /** Read new state scripts; one that does not parse is still arriving (an error if `last`). */
  function readStates(last) {
    for (const script of document.querySelectorAll(STATE)) {
      if (done.has(script)) continue;
      let data;
      try {
        data = JSON.parse(script.textContent);
      } catch (err) {
        if (last) console.error("livefig: unreadable widget state", err);
        continue;
      }
      done.add(script);
      for (const [id, entry] of Object.entries(data.state || {})) saved.set(id, entry);
    }
  }

  /** Add a CSS text to the page once. */
  function addStyle(css) {
    if (!css || styles.has(css)) return;
    styles.add(css);
    const style = document.createElement("style");
    style.dataset.livefig = "";
    style.textContent = css;
    document.head.append(style);
  }

  /** Import a module from its source text (a blob: URL works from file:// too). */
  async function importSource(source) {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    try {
      return await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  /** Make the model of a saved anywidget state: CSS, module, widget definition, initialize(). */
  async function start(state) {
    const model = new Model(state);
    addStyle(state._css);
    const mod = await importSource(state._esm);
    // anywidget allows `export default {render, initialize}`, a default function returning that
    // object, and (deprecated) a named `export function render`.
    const widget = mod.render
      ? { render: mod.render }
      : typeof mod.default === "function"
        ? await mod.default()
        : mod.default;
    if (!widget || typeof widget !== "object") throw new Error("the module has no default export");
    if (widget.initialize) {
      await widget.initialize({
        model: scoped(model, INITIALIZE),
        signal: new AbortController().signal,
      });
    }
    return { model, widget };
  }

  /** Render model `id` into `el` and remember how to undo it. */
  async function draw(id, entry, el) {
    try {
      if (!models.has(id)) models.set(id, start(entry.state));
      const { model, widget } = await models.get(id);
      if (!widget.render) return;
      const owner = {};
      const controller = new AbortController();
      el.classList.add(...(model.get("_dom_classes") || []));
      const cleanup = await widget.render({
        model: scoped(model, owner),
        el,
        signal: controller.signal,
      });
      views.add({
        el,
        dispose() {
          controller.abort();
          model.off(null, null, owner);
          try {
            if (typeof cleanup === "function") cleanup();
          } catch (err) {
            console.warn(`livefig: clean-up of widget ${id} failed`, err);
          }
        },
      });
      disposeRemoved(); // el may have left the page while the module loaded
    } catch (err) {
      console.error(`livefig: cannot draw widget ${id}`, err);
      showError(el, String(err && err.message ? err.message : err));
    }
  }

  function showError(el, message) {
    const box = document.createElement("div");
    box.className = "livefig-error";
    box.textContent = `${ERROR}: ${message}`;
    el.replaceChildren(box);
  }

  /** Place one view tag: an element before it, drawn once its module is loaded. */
  function place(tag, last) {
    let view;
    try {
      view = JSON.parse(tag.textContent);
    } catch {
      if (last) console.error("livefig: unreadable widget view", tag.textContent);
      return; // its text is still arriving
    }
    const id = view.model_id;
    if (!saved.has(id)) readStates(last);
    const entry = saved.get(id);
    if (!entry && !last) return; // its state may come later in the page
    done.add(tag);
    const el = document.createElement("div");
    el.className = "widget-subarea";
    if (!entry) {
      tag.before(el);
      console.error(`livefig: no saved state for widget ${id}`);
      showError(el, "model not found");
    } else if (entry.state && entry.state._model_module === "anywidget") {
      tag.before(el);
      draw(id, entry, el);
    } else {
      console.warn(
        `livefig: ${entry.model_module} ${entry.model_name} is not an anywidget; not drawn`,
      );
    }
  }

  /** Place the view tags not placed yet; `last` (DOMContentLoaded): a missing state is an error. */
  function scan(last) {
    for (const tag of document.querySelectorAll(VIEW)) if (!done.has(tag)) place(tag, last);
  }

  /** Undo the views whose element has left the page. */
  function disposeRemoved() {
    for (const view of views) {
      if (!view.el.isConnected) {
        views.delete(view);
        view.dispose();
      }
    }
  }

  new MutationObserver((records) => {
    if (document.readyState === "loading") scan(false);
    if (views.size && records.some((r) => r.removedNodes.length)) disposeRemoved();
  }).observe(document, { childList: true, subtree: true });

  if (document.readyState === "loading") {
    scan(false);
    document.addEventListener("DOMContentLoaded", () => scan(true));
  } else {
    scan(true);
  }
})();
