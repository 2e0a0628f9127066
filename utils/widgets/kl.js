// Live figure: two distributions p, q (from weight sliders) and D(p‖q), D(q‖p), H(p), H(p, q) in nats.
import { crossEntropy, entropy, klDivergence, normalize } from "./formulas.js";
import { esc, frame, line, probBars, readout, redrawOn, saveEntry, showError, slider } from "./shared.js";

function render({ model, el }) {
  const labels = model.get("labels");
  const [lo, hi, step] = model.get("weight_range");
  const { controls, svg, pre } = frame(el, { name: "KLExplorer", width: 440, height: 240, title: "두 분포 p, q와 두 방향의 KL 발산" });
  const make = (key, tag) =>
    labels.map((name, j) =>
      slider({ label: `${tag} 가중치 ${name}`, min: lo, max: hi, step, digits: 1, key: `${tag}${j}` }, model.get(key)[j], saveEntry(model, key, j)),
    );
  const pSliders = make("p_weights", "p");
  const qSliders = make("q_weights", "q");
  controls.append(...pSliders.map((s) => s.row), ...qSliders.map((s) => s.row));

  function draw() {
    const pw = model.get("p_weights");
    const qw = model.get("q_weights");
    pSliders.forEach((s, j) => s.set(pw[j]));
    qSliders.forEach((s, j) => s.set(qw[j]));
    const sum = (w) => w.reduce((a, b) => a + b, 0);
    if (!(sum(pw) > 0 && sum(qw) > 0)) {
      showError(svg, pre, 220, 120, "p와 q 모두 가중치 하나 이상이 0보다 커야 합니다.", "p와 q의 가중치를 하나 이상 0보다 크게 하세요.");
      return;
    }
    const p = normalize(pw);
    const q = normalize(qw);
    const dpq = klDivergence(p, q);
    const dqp = klDivergence(q, p);
    const finite = [dpq, dqp].filter(Number.isFinite);
    const yMax = Math.max(1, 1.2 * Math.max(0, ...finite));
    const top = 40;
    const bottom = 205;
    let s = probBars(
      [
        { values: p, cls: "sbw-c1", name: "p" },
        { values: q, cls: "sbw-c2", name: "q" },
      ],
      labels,
      { x0: 36, x1: 290, top, bottom, title: "두 분포" },
    );
    s += `<text x="380" y="${top - 12}" text-anchor="middle" font-weight="bold">KL 발산 (nat)</text>`;
    [
      ["KL(p‖q)", dpq],
      ["KL(q‖p)", dqp],
    ].forEach(([name, d], k) => {
      const x = 330 + k * 55;
      const h = Number.isFinite(d) ? (d / yMax) * (bottom - top) : bottom - top;
      s += `<rect class="sbw-c3" x="${x}" y="${(bottom - h).toFixed(1)}" width="40" height="${h.toFixed(1)}"${Number.isFinite(d) ? "" : ' opacity="0.35"'}/>`;
      const ty = Number.isFinite(d) ? bottom - h - 4 : top + 18; // ∞: inside the full-height bar, under the title
      s += `<text x="${x + 20}" y="${ty.toFixed(1)}" text-anchor="middle">${Number.isFinite(d) ? d.toFixed(3) : "∞"}</text>`;
      s += `<text x="${x + 20}" y="${bottom + 15}" text-anchor="middle" font-size="11">${esc(name)}</text>`;
    });
    s += `<line class="sbw-axis" x1="322" x2="432" y1="${bottom}" y2="${bottom}"/>`;
    svg.innerHTML = s;
    readout(pre, [
      ...p.map((v, j) => line(`p${j}`, `p(${labels[j]})`, v, ".4f")),
      ...q.map((v, j) => line(`q${j}`, `q(${labels[j]})`, v, ".4f")),
      line("KL_pq", "KL(p‖q)", dpq, ".4f", dpq === Infinity ? " (무한대)" : " nat"),
      line("KL_qp", "KL(q‖p)", dqp, ".4f", dqp === Infinity ? " (무한대)" : " nat"),
      line("H_p", "H(p)", entropy(p), ".4f", " nat"),
      line("H_pq", "H(p, q)", crossEntropy(p, q), ".4f", crossEntropy(p, q) === Infinity ? " (무한대)" : " nat"),
    ]);
  }
  return redrawOn(model, ["p_weights", "q_weights"], draw);
}

export default { render };
