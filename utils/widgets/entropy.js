// Live figure: entropy of p = w / Σw in nats and bits, with one weight slider per class.
import { entropy, entropyBits, normalize } from "./formulas.js";
import { CLASS_COLORS, esc, formatFixed, frame, line } from "./shared.js";
import { classSliders, probBars, readout, redrawOn, weightsMakeDistributions } from "./shared.js";

function render({ model, el }) {
  const labels = model.get("labels");
  const { controls, svg, pre } = frame(el, {
    name: "EntropyExplorer",
    width: 360,
    height: 240,
    title:
      "가중치로 만든 분포의 클래스별 확률 막대와, 0부터 최댓값 log₂(클래스 수)비트까지의 눈금 위에 그린 엔트로피 막대",
    lines: labels.length + 2,
  });
  const sliders = classSliders(model, "weights", "weight_range", (name) => `가중치 ${name}`);
  controls.append(...sliders.map((s) => s.row));
  const hMax = Math.log2(labels.length);

  function draw() {
    const w = model.get("weights");
    sliders.forEach((s, j) => s.set(w[j]));
    if (!weightsMakeDistributions(svg, pre, [w], ALL_ZERO)) return;
    const p = normalize(w);
    const hNat = entropy(p);
    const hBit = entropyBits(p);
    // right: a gauge from 0 to log2(K) bits, in a neutral colour (the theme's c2 is orange, like 닭's class colour)
    const top = 50;
    const bottom = 210;
    const y = bottom - (hBit / hMax) * (bottom - top);
    svg.innerHTML =
      probBars([{ values: p, colors: CLASS_COLORS, name: "p" }], labels, {
        x0: 36,
        x1: 224,
        top,
        bottom,
        title: "확률 p = w / Σw",
      }) +
      `<rect x="266" y="${top}" width="24" height="${bottom - top}" fill="none" class="livefig-axis"/>` +
      `<rect class="livefig-neutral" x="266" y="${y.toFixed(1)}" width="24" height="${(bottom - y).toFixed(1)}"/>` +
      `<text x="266" y="${top - 24}" font-weight="bold">엔트로피</text>` +
      `<text class="livefig-tick" x="294" y="${bottom}">0</text>` +
      `<text class="livefig-tick" x="294" y="${top + 4}">${esc(`최대 log₂${labels.length}`)}</text>` +
      `<text class="livefig-tick" x="294" y="${top + 19}">= ${formatFixed(hMax, 3)}</text>` +
      `<text class="livefig-val" x="262" y="${(y + 4).toFixed(1)}" text-anchor="end">${formatFixed(hBit, 3)}</text>` +
      `<text class="livefig-tick" x="278" y="${bottom + 16}" text-anchor="middle">bit</text>`;
    readout(pre, [
      ...p.map((v, j) => line(`p${j}`, `p(${labels[j]})`, v, ".4f")),
      line("H_nat", "H", hNat, ".4f", " nat"),
      line("H_bit", "H", hBit, ".4f", " bit"),
    ]);
  }
  return redrawOn(model, ["weights"], draw);
}

/** What the figure says when every weight is 0 (message, hint). */
const ALL_ZERO = [
  "가중치가 모두 0이라 분포를 만들 수 없습니다.",
  "가중치를 하나 이상 0보다 크게 하세요.",
];

export default { render };
