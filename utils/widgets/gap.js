// Live figure: the RealSoftMax gap λ⁻¹ log Σ exp(λ o_j) − max o on log–log axes, with its bound log(n)/λ.
import { realSoftmax, realSoftmaxGap } from "./formulas.js";
import { decadeTicksX, esc, frame, line, logSpace, readout, redrawOn, slider } from "./shared.js";

function render({ model, el }) {
  const [lamMin, lamMax] = model.get("lam_range");
  const { controls, svg, pre } = frame(el, {
    name: "LogSumExpGap",
    width: 360,
    height: 250,
    title:
      "배율 λ에 따라 RealSoftMax와 최댓값의 간격이 줄어드는 모습과 상한 log K / λ를 로그-로그 축에 그린 그림 (K는 수의 개수)",
    lines: 4,
  });
  const lamSlider = slider(model, {
    trait: "lam",
    label: "배율 λ",
    min: lamMin,
    max: lamMax,
    step: 0.05,
    digits: 3,
    log: true,
  });
  controls.append(lamSlider.row);
  const box = { x0: 48, x1: 344, top: 30, bottom: 210 };
  let curve = null; // the static part (curve, bound, axes), rebuilt only when the logits change

  function staticPart(o) {
    const lx0 = Math.log10(lamMin);
    const lx1 = Math.log10(lamMax);
    const pts = logSpace(lamMin, lamMax, 200).map((lam) => [
      lam,
      realSoftmaxGap(o, lam),
      Math.log(o.length) / lam,
    ]);
    const ys = pts.flatMap(([, g, b]) => [g, b]).filter((v) => v > 0);
    const ly1 = Math.ceil(Math.log10(Math.max(...ys)));
    const ly0 = Math.max(ly1 - 60, Math.floor(Math.log10(Math.min(...ys)))); // at most 60 decades
    const sx = (lam) => box.x0 + ((Math.log10(lam) - lx0) / (lx1 - lx0)) * (box.x1 - box.x0);
    const sy = (v) =>
      box.bottom -
      ((Math.log10(Math.max(v, 10 ** ly0)) - ly0) / (ly1 - ly0)) * (box.bottom - box.top);
    const path = (k) =>
      "M" + pts.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[k]).toFixed(1)}`).join("L");
    let s = "";
    const every = Math.ceil((ly1 - ly0) / 6);
    const minor = ly1 - ly0 > 12 ? every : 1; // gridlines: every decade, or with the labels when there are many
    for (let e = ly0; e <= ly1; e++) {
      const y = sy(10 ** e).toFixed(1);
      if ((ly1 - e) % minor === 0)
        s += `<line class="livefig-grid" x1="${box.x0}" x2="${box.x1}" y1="${y}" y2="${y}"/>`;
      if ((ly1 - e) % every === 0)
        s += `<text class="livefig-tick" x="${box.x0 - 4}" y="${y}" text-anchor="end" dominant-baseline="middle">${e >= -3 && e <= 3 ? String(10 ** e) : `1e${e}`}</text>`;
    }
    s += decadeTicksX(sx, lx0, lx1, box);
    s += `<path class="livefig-axis" d="M${box.x0},${box.top}V${box.bottom}H${box.x1}"/>`;
    s += `<path class="livefig-dash" d="${path(2)}"/><path class="livefig-curve" d="${path(1)}"/>`;
    s += `<text x="${box.x1}" y="${box.bottom + 34}" text-anchor="end">λ (로그 눈금)</text>`;
    s += `<text x="${box.x0 + 6}" y="${box.top - 10}">간격 (로그 눈금)</text>`;
    const lx = box.x0 + 10; // legend bottom-left: the curve starts high on the left
    const ly = box.bottom - 34;
    s += `<line class="livefig-curve" x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}"/><text x="${lx + 22}" y="${ly + 4}">간격</text>`;
    s += `<line class="livefig-dash" x1="${lx}" x2="${lx + 18}" y1="${ly + 18}" y2="${ly + 18}"/><text x="${lx + 22}" y="${ly + 22}">${esc(`상한 log ${o.length} / λ`)}</text>`;
    return { s, sx, sy };
  }

  function draw() {
    const o = model.get("logits");
    const lam = model.get("lam");
    lamSlider.set(lam);
    if (!curve || curve.o !== o) curve = { o, ...staticPart(o) };
    const gap = realSoftmaxGap(o, lam);
    const m = Math.max(...o);
    svg.innerHTML =
      curve.s +
      `<circle class="livefig-dot" r="5" cx="${curve.sx(lam).toFixed(1)}" cy="${curve.sy(gap).toFixed(1)}"/>`;
    readout(pre, [
      line("lam", "λ", lam, ".3f"),
      line("realsoftmax", "RealSoftMax", realSoftmax(o, lam), ".4f"),
      line("max", "max", m, ".4f"),
      line("gap", "간격", gap, gap >= 1e-3 ? ".4f" : ".3e"),
    ]);
  }
  return redrawOn(model, ["lam", "logits"], draw);
}

export default { render };
