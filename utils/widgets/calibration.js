// Live figure: temperature scaling. Reliability diagram of softmax(logits / T) (equal-width confidence bins),
// and the ECE and NLL curves over T with the current T marked. logits (n × K) and labels (n) come as traits.
import { argmax, expectedCalibrationError } from "./formulas.js";
import { negativeLogLikelihood, reliabilityBins } from "./formulas.js";
import { decadeTicksX, formatFixed, frame, line, logSpace } from "./shared.js";
import { readout, redrawOn, slider, uid, yAxis } from "./shared.js";

function render({ model, el }) {
  const [tMin, tMax] = model.get("T_range");
  const nBins = model.get("n_bins");
  const step = 0.01;
  const { controls, svg, pre } = frame(el, {
    name: "CalibrationTemperature",
    width: 360,
    height: 476,
    title:
      "온도 T에서의 보정 다이어그램(구간별 정확도와 평균 신뢰도)과, 온도에 따른 ECE와 NLL 곡선",
    lines: 5,
  });
  const tSlider = slider(model, {
    trait: "T",
    label: "온도 T",
    min: tMin,
    max: tMax,
    step,
    digits: 2,
    log: true,
  });
  controls.append(tSlider.row);
  const rel = { x0: 44, x1: 344, top: 50, bottom: 240 };
  const crv = { x0: 44, x1: 344, top: 336, bottom: 432 };
  // The gap |accuracy − confidence| is a hatched, outlined band in the text colour, the same on the bar and off it
  // and in the legend. Each hatch line sits on a wider line in the page colour, so it keeps its contrast on the
  // accuracy bar too (the text colour alone is too close to the bar's blue in the dark theme).
  const hatch = uid("hatch");
  const defs =
    `<defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
    `<path class="livefig-hatch-halo" d="M3,0V6"/><path class="livefig-hatch" d="M3,0V6"/></pattern></defs>`;
  let cache = null; // per-data quantities: accuracy and the ECE/NLL curves over the slider's grid

  function prepare(logits, labels) {
    const lx0 = Math.log10(tMin);
    const lx1 = Math.log10(tMax);
    const ts = logSpace(tMin, tMax, Math.round((lx1 - lx0) / 0.02));
    const ece = ts.map((T) => expectedCalibrationError(logits, labels, T, nBins));
    const nll = ts.map((T) => negativeLogLikelihood(logits, labels, T));
    const acc =
      logits.reduce((a, o, i) => a + (argmax(o) === labels[i] ? 1 : 0), 0) / logits.length;
    const sx = (T) => crv.x0 + ((Math.log10(T) - lx0) / (lx1 - lx0)) * (crv.x1 - crv.x0);
    const eMax = Math.max(...ece) * 1.05 || 1;
    const nMax = Math.max(...nll) * 1.05 || 1;
    const syE = (v) => crv.bottom - (v / eMax) * (crv.bottom - crv.top);
    const syN = (v) => crv.bottom - (v / nMax) * (crv.bottom - crv.top);
    const path = (ys, sy) =>
      "M" + ts.map((T, i) => `${sx(T).toFixed(1)},${sy(ys[i]).toFixed(1)}`).join("L");
    let s = `<text x="${crv.x0}" y="${crv.top - 10}" font-weight="bold">온도 T에 따른 ECE와 NLL</text>`;
    s += decadeTicksX(sx, lx0, lx1, crv);
    s += `<path class="livefig-axis" d="M${crv.x0},${crv.top}V${crv.bottom}H${crv.x1}"/>`;
    s += `<path class="livefig-curve" d="${path(nll, syN)}"/><path class="livefig-curve livefig-curve2" d="${path(ece, syE)}"/>`;
    s += `<text x="${crv.x1}" y="${crv.bottom + 34}" text-anchor="end">온도 T (로그 눈금)</text>`;
    s += `<text class="livefig-tick" x="${crv.x0 - 4}" y="${crv.top + 4}" text-anchor="end">높음</text><text class="livefig-tick" x="${crv.x0 - 4}" y="${crv.bottom}" text-anchor="end">0</text>`;
    const lx = crv.x1 - 120;
    s += `<line class="livefig-curve" x1="${lx}" x2="${lx + 18}" y1="${crv.top - 14}" y2="${crv.top - 14}"/><text x="${lx + 22}" y="${crv.top - 10}">NLL</text>`;
    s += `<line class="livefig-curve livefig-curve2" x1="${lx + 60}" x2="${lx + 78}" y1="${crv.top - 14}" y2="${crv.top - 14}"/><text x="${lx + 82}" y="${crv.top - 10}">ECE</text>`;
    return { logits, labels, acc, s, sx, syE, syN };
  }

  function draw() {
    const logits = model.get("logits");
    const labels = model.get("labels");
    const T = model.get("T");
    tSlider.set(T);
    if (!cache || cache.logits !== logits || cache.labels !== labels)
      cache = prepare(logits, labels);
    const bins = reliabilityBins(logits, labels, T, nBins);
    const ece = expectedCalibrationError(logits, labels, T, nBins);
    const nll = negativeLogLikelihood(logits, labels, T);
    const conf =
      bins.count.reduce((a, c, b) => a + (c ? c * bins.confidence[b] : 0), 0) / logits.length;
    // reliability diagram: x = confidence bin, y = accuracy; the gap to the bin's mean confidence hatched. The sample
    // counts stand in a row above the plot, one per bin, so no bar, band or the diagonal ever runs through them.
    const sx = (v) => rel.x0 + v * (rel.x1 - rel.x0);
    const sy = (v) => rel.bottom - v * (rel.bottom - rel.top);
    let s = defs + yAxis(sy, [0, 0.25, 0.5, 0.75, 1], rel.x0, rel.x1, 2, "");
    s += `<text x="${rel.x0}" y="${rel.top - 30}" font-weight="bold">보정 다이어그램 (T = ${formatFixed(T, 2)})</text>`;
    const countY = rel.top - 12;
    s += `<text class="livefig-tick" x="${rel.x0 - 4}" y="${countY}" text-anchor="end">샘플 수</text>`;
    const w = (rel.x1 - rel.x0) / nBins;
    for (let b = 0; b < nBins; b++) {
      if (!bins.count[b]) continue;
      const x = (rel.x0 + b * w + 1).toFixed(1);
      const a = bins.accuracy[b];
      const c = bins.confidence[b];
      s += `<rect class="livefig-c1" x="${x}" y="${sy(a).toFixed(1)}" width="${(w - 2).toFixed(1)}" height="${(rel.bottom - sy(a)).toFixed(1)}"/>`;
      const [y0, y1] = [sy(Math.max(a, c)), sy(Math.min(a, c))];
      s += `<rect class="livefig-gap" fill="url(#${hatch})" x="${x}" y="${y0.toFixed(1)}" width="${(w - 2).toFixed(1)}" height="${(y1 - y0).toFixed(1)}"/>`;
      s += `<text class="livefig-tick" x="${(rel.x0 + (b + 0.5) * w).toFixed(1)}" y="${countY}" text-anchor="middle">${bins.count[b]}</text>`;
    }
    for (let k = 0; k <= nBins; k += nBins / 5)
      s += `<text class="livefig-tick" x="${sx(k / nBins).toFixed(1)}" y="${rel.bottom + 16}" text-anchor="middle">${(k / nBins).toFixed(1)}</text>`;
    s += `<line class="livefig-dash" x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}"/>`;
    s += `<path class="livefig-axis" d="M${rel.x0},${rel.top}V${rel.bottom}H${rel.x1}"/>`;
    s += `<text x="${rel.x1}" y="${rel.bottom + 34}" text-anchor="end">신뢰도(가장 큰 확률) 구간</text>`;
    const ly = rel.bottom + 46;
    s += `<rect class="livefig-c1" x="${rel.x0}" y="${ly}" width="10" height="10"/><text x="${rel.x0 + 14}" y="${ly + 9}">구간의 정확도</text>`;
    s += `<rect class="livefig-gap" fill="url(#${hatch})" x="${rel.x0 + 110}" y="${ly}" width="10" height="10"/><text x="${rel.x0 + 124}" y="${ly + 9}">평균 신뢰도와의 차이</text>`;
    s += cache.s;
    const x = cache.sx(T).toFixed(1);
    s += `<line class="livefig-axis" x1="${x}" x2="${x}" y1="${crv.top}" y2="${crv.bottom}"/>`;
    s += `<circle class="livefig-dot livefig-c1" r="4" cx="${x}" cy="${cache.syN(nll).toFixed(1)}"/>`;
    s += `<circle class="livefig-dot" r="4" cx="${x}" cy="${cache.syE(ece).toFixed(1)}"/>`;
    svg.innerHTML = s;
    readout(pre, [
      line("T", "T", T, ".2f"),
      line("ece", "ECE", ece, ".4f"),
      line("nll", "NLL", nll, ".4f", " nat"),
      line("accuracy", "정확도", cache.acc, ".4f"),
      line("confidence", "평균 신뢰도", conf, ".4f"),
    ]);
  }
  return redrawOn(model, ["T", "logits"], draw);
}

export default { render };
