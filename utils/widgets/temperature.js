// Live figure: softmax with temperature, p = softmax(o / T). Sliders for each logit and for T (log scale).
import { softmax } from "./formulas.js";
import { CLASS_COLORS, formatFixed, frame, line } from "./shared.js";
import { classSliders, probBars, readout, redrawOn, slider } from "./shared.js";

function render({ model, el }) {
  const labels = model.get("labels");
  const [tMin, tMax] = model.get("T_range");
  const { controls, svg, pre } = frame(el, {
    name: "TemperatureSoftmax",
    width: 360,
    height: 240,
    title: "로짓을 온도 T로 나눈 소프트맥스 확률을 클래스마다 막대로 그린 그림",
    lines: labels.length + 1,
  });
  const logitSliders = classSliders(model, "logits", "logit_range", (name) => `o(${name})`);
  const tSlider = slider(model, {
    trait: "T",
    label: "온도 T",
    min: tMin,
    max: tMax,
    step: 0.05,
    digits: 3,
    log: true,
  });
  controls.append(...logitSliders.map((s) => s.row), tSlider.row);

  function draw() {
    const o = model.get("logits");
    const T = model.get("T");
    logitSliders.forEach((s, j) => s.set(o[j]));
    tSlider.set(T);
    const p = softmax(o, T);
    svg.innerHTML = probBars([{ values: p, colors: CLASS_COLORS, name: "p" }], labels, {
      x0: 36,
      x1: 352,
      top: 50,
      bottom: 210,
      title: `확률 softmax(o / T),  T = ${formatFixed(T, 3)}`,
    });
    readout(pre, [
      line("T", "T", T, ".3f"),
      ...p.map((v, j) => line(`p${j}`, `p(${labels[j]})`, v, ".4f")),
    ]);
  }
  return redrawOn(model, ["logits", "T"], draw);
}

export default { render };
