// Live figure: two distributions p, q (from weight sliders) and D(p‖q), D(q‖p), H[p], H(p, q) in nats.
import { crossEntropy, entropy, klDivergence, normalize } from "./formulas.js";
import {
  classSliders,
  esc,
  frame,
  line,
  probBars,
  readout,
  redrawOn,
  weightsMakeDistributions,
} from "./shared.js";

function render({ model, el }) {
  const { controls, svg, pre } = frame(el, {
    name: "KLExplorer",
    width: 360,
    height: 318,
    title:
      "두 분포 p, q의 클래스별 확률 막대와, 두 방향의 KL 발산 D(p‖q), D(q‖p)를 가로 막대로 그린 그림",
    lines: 2 * model.get("labels").length + 4,
  });
  const labels = model.get("labels");
  const make = (key, tag) =>
    classSliders(model, key, "weight_range", (name) => `${tag} 가중치 ${name}`);
  const pSliders = make("p_weights", "p");
  const qSliders = make("q_weights", "q");
  controls.append(...pSliders.map((s) => s.row), ...qSliders.map((s) => s.row));

  function draw() {
    const pw = model.get("p_weights");
    const qw = model.get("q_weights");
    pSliders.forEach((s, j) => s.set(pw[j]));
    qSliders.forEach((s, j) => s.set(qw[j]));
    if (!weightsMakeDistributions(svg, pre, [pw, qw], ALL_ZERO)) return;
    const p = normalize(pw);
    const q = normalize(qw);
    const dpq = klDivergence(p, q);
    const dqp = klDivergence(q, p);
    const finite = [dpq, dqp].filter(Number.isFinite);
    const dMax = Math.max(1, 1.2 * Math.max(0, ...finite));
    const top = 50;
    const bottom = 200;
    let s = probBars(
      [
        { values: p, cls: "livefig-c1", name: "p" },
        { values: q, cls: "livefig-c2", name: "q" },
      ],
      labels,
      { x0: 36, x1: 352, top, bottom, title: "두 분포의 확률" },
    );
    // below: the two divergences as horizontal bars from x = 94 (200 units = dMax; ∞: a faded bar past the scale)
    s += `<text x="36" y="248" font-weight="bold">KL 발산 (nat)</text>`;
    [
      ["D(p‖q)", dpq],
      ["D(q‖p)", dqp],
    ].forEach(([name, d], k) => {
      const y = 260 + k * 26;
      const w = Number.isFinite(d) ? (d / dMax) * 200 : 210;
      s += `<text x="88" y="${y + 13}" text-anchor="end">${esc(name)}</text>`;
      s += `<rect class="livefig-c3" x="94" y="${y}" width="${w.toFixed(1)}" height="18"${Number.isFinite(d) ? "" : ' opacity="0.35"'}/>`;
      s += `<text class="livefig-val" x="${(98 + w).toFixed(1)}" y="${y + 13}">${Number.isFinite(d) ? d.toFixed(3) : "∞"}</text>`;
    });
    s += `<line class="livefig-axis" x1="94" x2="94" y1="256" y2="308"/>`;
    svg.innerHTML = s;
    readout(pre, [
      ...p.map((v, j) => line(`p${j}`, `p(${labels[j]})`, v, ".4f")),
      ...q.map((v, j) => line(`q${j}`, `q(${labels[j]})`, v, ".4f")),
      line("KL_pq", "D(p‖q)", dpq, ".4f", dpq === Infinity ? " (무한대)" : " nat"),
      line("KL_qp", "D(q‖p)", dqp, ".4f", dqp === Infinity ? " (무한대)" : " nat"),
      line("H_p", "H[p]", entropy(p), ".4f", " nat"),
      line(
        "H_pq",
        "H(p, q)",
        crossEntropy(p, q),
        ".4f",
        crossEntropy(p, q) === Infinity ? " (무한대)" : " nat",
      ),
    ]);
  }
  return redrawOn(model, ["p_weights", "q_weights"], draw);
}

/** What the figure says when every weight of p or of q is 0 (message, hint). */
const ALL_ZERO = [
  "p와 q 모두 가중치 하나 이상이 0보다 커야 합니다.",
  "p와 q의 가중치를 하나 이상 0보다 크게 하세요.",
];

export default { render };
