// View helpers shared by the live figures: number formatting, sliders, the `name = value` readout, SVG bits.
// Plain DOM, no dependencies. Colours come from CSS classes in widgets.css (theme variables), except the class
// colours below.

/**
 * One colour per class, in class order (index 0 고양이, 1 닭, 2 강아지, …): the same list as CLASS_COLORS in
 * utils/plotting.py, so a class has one colour in the static figures and in the live ones (a unit test in
 * tests/unit/test_widgets.py checks the two lists agree). For single-series class bars (probBars' `colors`).
 */
export const CLASS_COLORS = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860"];

/** Python's f"{x:.{d}f}" (round half to even on exact ties, "inf"/"-inf"/"nan"), for the printed numbers. */
export function formatFixed(x, d) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const a = Math.abs(x);
  let out = a.toFixed(d); // ECMA-262 rounds exact ties up (away from zero)
  if (a < 1e21) {
    const exact = a.toFixed(100); // the exact decimal digits of the double (enough for every |x| ≥ 1e-30)
    const dot = exact.indexOf(".");
    const rest = exact.slice(dot + 1 + d);
    const kept = exact.slice(0, dot + 1 + d).replace(/\.$/, "");
    if (/^50*$/.test(rest) && Number(kept.slice(-1)) % 2 === 0) out = kept; // tie, last kept digit even: keep
  }
  return sign + out;
}

/** Python's f"{x:.{d}e}" (two-digit exponent, e.g. 3.720e-05); exact decimal ties round up here (rare). */
export function formatExp(x, d) {
  if (!Number.isFinite(x)) return formatFixed(x, d);
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const [m, e] = Math.abs(x).toExponential(d).split("e");
  const n = Number(e);
  return `${sign}${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

/**
 * A readout line `name = value unit`. fmt is the Python format spec the text follows (".4f" or ".3e"), kept in
 * data-format so tests can format the Python value the same way; +Infinity is shown as "∞".
 */
export function line(key, name, value, fmt, unit = "") {
  const d = Number(fmt.slice(1, -1));
  const text =
    value === Infinity ? "∞" : fmt.endsWith("e") ? formatExp(value, d) : formatFixed(value, d);
  return { key, value, fmt, text: `${name} = ${text}${unit}` };
}

/** Escape text for SVG/HTML markup built from strings. */
export function esc(s) {
  return String(s).replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c],
  );
}

let counter = 0;
/** A page-unique id for <label for=...>. */
export function uid(prefix) {
  counter += 1;
  return `livefig-${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Element helper: el("div", {class: "x"}, child, ...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

/**
 * A labelled <input type="range"> bound to the model trait `spec.trait` (entry `spec.index` of a list trait, if
 * given), with its value shown beside it. spec: {trait, index, label, min, max, step, digits, log}; with log: true
 * the slider moves log10(value) in steps of `step` and value = 10 ** position. Every input event (keyboard arrows,
 * Home/End, dragging) stores the new value in the trait and sends it to the kernel (saveTrait/saveEntry).
 * The slider's data-key names what it moves in Python terms: "T", or "logits[0]" for entry 0 of w.logits.
 * The value box is as wide as the longest value the slider can show (min or max, e.g. "-10.0", "100.000") in
 * `ch` of its monospace font (--livefig-chars, widgets.css), so the widest value fits whatever the font and the
 * screen, and the column does not change width while the slider moves. Returns {row, input, set}.
 */
export function slider(model, spec) {
  const id = uid("s");
  const toValue = (pos) => (spec.log ? 10 ** pos : pos);
  const toPos = (v) => (spec.log ? Math.log10(v) : v);
  const entry = spec.index !== undefined;
  const input = el("input", {
    type: "range",
    id,
    min: toPos(spec.min),
    max: toPos(spec.max),
    step: spec.step,
    "data-key": entry ? `${spec.trait}[${spec.index}]` : spec.trait,
    "data-log": spec.log ? "1" : "0",
    // JupyterLab: keys pressed on the slider move it, not the notebook (arrows, Home/End are shortcuts there)
    "data-lm-suppress-shortcuts": "true",
  });
  const chars = Math.max(...[spec.min, spec.max].map((v) => formatFixed(v, spec.digits).length));
  const out = el("output", { for: id, class: "livefig-value", style: `--livefig-chars: ${chars}` });
  const row = el("div", { class: "livefig-row" }, el("label", { for: id }, spec.label), input, out);
  const set = (v) => {
    out.textContent = formatFixed(v, spec.digits);
    input.setAttribute("aria-valuetext", `${spec.label} = ${out.textContent}`);
    if (Math.abs(Number(input.value) - toPos(v)) > 1e-12) input.value = String(toPos(v));
  };
  const save = entry ? saveEntry(model, spec.trait, spec.index) : saveTrait(model, spec.trait);
  input.addEventListener("input", () => save(toValue(Number(input.value))));
  set(entry ? model.get(spec.trait)[spec.index] : model.get(spec.trait));
  return { row, input, set };
}

/**
 * One slider per class for the entries of the list trait `trait` (a logit, a weight), its range
 * [min, max, step] from the trait `rangeTrait`, labelled `label(class name)`.
 */
export function classSliders(model, trait, rangeTrait, label) {
  const [min, max, step] = model.get(rangeTrait);
  return model
    .get("labels")
    .map((name, index) =>
      slider(model, { trait, index, label: label(name), min, max, step, digits: 1 }),
    );
}

/** The `name = value` readout: lines [{key, value, fmt, text}] (see line()) → one <span data-key data-value> per line. */
export function readout(pre, lines) {
  if (pre.children.length !== lines.length) {
    pre.replaceChildren();
    lines.forEach((_, i) =>
      pre.append(...(i ? ["\n"] : []), el("span", { class: "livefig-line" })),
    );
  }
  lines.forEach((line, i) => {
    const span = pre.children[i];
    span.dataset.key = line.key;
    span.dataset.value = String(line.value);
    span.dataset.format = line.fmt;
    if (span.textContent !== line.text) span.textContent = line.text;
  });
}

/** Store a slider's value in the trait `key` and send it to the kernel (a no-op in static HTML). */
function saveTrait(model, key) {
  return (v) => {
    model.set(key, v);
    model.save_changes();
  };
}

/** Store a slider's value as entry j of the list trait `key`: set a changed copy (the model must see a new list). */
function saveEntry(model, key, j) {
  const save = saveTrait(model, key);
  return (v) => {
    const list = model.get(key).slice();
    list[j] = v;
    save(list);
  };
}

/** Draw now and on every change of the traits `keys`; returns the clean-up render() returns (listeners off). */
export function redrawOn(model, keys, draw) {
  for (const key of keys) model.on(`change:${key}`, draw);
  draw();
  return () => {
    for (const key of keys) model.off(`change:${key}`, draw);
  };
}

/**
 * Whether every weight list in `weightLists` has a positive sum (so each makes a distribution). If one does not, the
 * figure says so instead of drawing: `message` in the middle of the SVG and `hint` as the only readout line (key
 * "error"); the caller then draws nothing else.
 */
export function weightsMakeDistributions(svg, pre, weightLists, [message, hint]) {
  if (weightLists.every((w) => w.reduce((a, b) => a + b, 0) > 0)) return true;
  const { width, height } = svg.viewBox.baseVal;
  svg.innerHTML = `<text x="${width / 2}" y="${height / 2}" text-anchor="middle">${esc(message)}</text>`;
  readout(pre, [{ key: "error", value: "", fmt: "", text: hint }]);
  return false;
}

/** n + 1 points from lo to hi, evenly spaced on a log scale (lo, hi > 0). */
export function logSpace(lo, hi, n) {
  const [l0, l1] = [Math.log10(lo), Math.log10(hi)];
  return Array.from({ length: n + 1 }, (_, i) => 10 ** (l0 + ((l1 - l0) * i) / n));
}

/** Vertical gridlines and labels at the powers of ten from 10^lx0 to 10^lx1 (x via sx), over box.top..box.bottom. */
export function decadeTicksX(sx, lx0, lx1, box) {
  let s = "";
  for (let e = Math.ceil(lx0); e <= Math.floor(lx1); e++) {
    const x = sx(10 ** e).toFixed(1);
    s += `<line class="livefig-grid" x1="${x}" x2="${x}" y1="${box.top}" y2="${box.bottom}"/>`;
    s += `<text class="livefig-tick" x="${x}" y="${box.bottom + 16}" text-anchor="middle">${e >= 0 ? 10 ** e : (10 ** e).toFixed(-e)}</text>`;
  }
  return s;
}

/**
 * The widget skeleton: root div (class livefig, data-widget=name), controls, an SVG figure (viewBox w×h), a <pre>.
 * Figures are drawn 360 units wide and shown at most 24rem wide (widgets.css), so 1 unit ≈ 1 CSS px on a phone
 * and on a desktop alike and the 12–13px text stays that size. `lines`: the readout's usual line count, kept as
 * its minimum height so the page does not jump when an error replaces the numbers with one hint.
 */
export function frame(el0, { name, width, height, title, lines = 1 }) {
  const root = el("div", {
    class: "livefig",
    "data-widget": name,
    role: "group",
    "aria-label": title,
  });
  const controls = el("div", { class: "livefig-controls" });
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("class", "livefig-fig");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", title);
  const pre = el("pre", {
    class: "livefig-readout",
    "aria-live": "polite",
    style: `--livefig-lines: ${lines}`,
  });
  root.append(controls, svg, pre);
  el0.append(root);
  return { root, controls, svg, pre };
}

/** A left y-axis with ticks at `ticks` (value → y via sy), gridlines across [x0, x1], labels to the left. */
export function yAxis(sy, ticks, x0, x1, digits, label) {
  let s = "";
  for (const t of ticks) {
    const y = sy(t).toFixed(1);
    s += `<line class="livefig-grid" x1="${x0}" x2="${x1}" y1="${y}" y2="${y}"/>`;
    s += `<text class="livefig-tick" x="${x0 - 4}" y="${y}" text-anchor="end" dominant-baseline="middle">${t.toFixed(digits)}</text>`;
  }
  if (label)
    s += `<text class="livefig-tick" x="${x0 - 4}" y="10" text-anchor="end">${esc(label)}</text>`;
  return s;
}

/**
 * Grouped probability bars on [0, 1]: series [{values, cls, name}] over category `labels`, bars over x0..x1 with
 * 1 at y = `top` and 0 at y = `bottom`. A series with `colors` instead of `cls` fills bar j with colors[j] (the
 * class colours, for a single series of class probabilities; several series keep one theme colour each). Each
 * bar carries its value just above it (3 decimals, 2 if the bars are too narrow for 3), so the title and legend
 * sit higher, at y = top − 24. Returns SVG markup.
 */
export function probBars(series, labels, { x0, x1, top, bottom, title }) {
  const sy = (v) => bottom - v * (bottom - top);
  let s = yAxis(sy, [0, 0.25, 0.5, 0.75, 1], x0, x1, 2, "");
  const slot = (x1 - x0) / labels.length;
  const bw = Math.min(48, (slot * 0.72) / series.length);
  const digits = bw >= 34 ? 3 : 2; // "0.000" is about 31 units wide at 12px
  labels.forEach((name, j) => {
    const cx = x0 + slot * (j + 0.5);
    series.forEach((ser, k) => {
      const v = ser.values[j];
      const x = cx - (bw * series.length) / 2 + k * bw;
      const y = sy(v);
      const fill = ser.colors
        ? `fill="${ser.colors[j % ser.colors.length]}"`
        : `class="${ser.cls}"`;
      s += `<rect ${fill} x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(bottom - y).toFixed(1)}"/>`;
      s += `<text class="livefig-val" x="${(x + bw / 2 - 1).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${v.toFixed(digits)}</text>`;
    });
    s += `<text x="${cx.toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${esc(name)}</text>`;
  });
  s += `<line class="livefig-axis" x1="${x0}" x2="${x1}" y1="${bottom}" y2="${bottom}"/>`;
  const ty = top - 24;
  if (title) s += `<text x="${x0}" y="${ty}" font-weight="bold">${esc(title)}</text>`;
  if (series.length > 1) {
    series.forEach((ser, k) => {
      const lx = x1 - 40 * (series.length - k);
      s += `<rect class="${ser.cls}" x="${lx}" y="${ty - 10}" width="10" height="10"/>`;
      s += `<text x="${lx + 14}" y="${ty}">${esc(ser.name)}</text>`;
    });
  }
  return s;
}
