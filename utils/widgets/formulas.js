// The book's formulas in plain JavaScript (float64), one function per formula, no dependencies.
// Each mirrors a NumPy reference in `utils` (tests/browser/test_widget_formulas.py compares them to 1e-9).
// Vectors are plain arrays of numbers; inputs are assumed valid (the Python widgets validate them).

/** softmax(o / T)_j = exp(o_j/T − max_k o_k/T) / Σ_k exp(o_k/T − max_k o_k/T), T > 0. */
export function softmax(o, T = 1) {
  const s = o.map((v) => v / T);
  const m = Math.max(...s);
  const e = s.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/** logsumexp(o) = max o + log Σ_j exp(o_j − max o). */
export function logsumexp(o) {
  const m = Math.max(...o);
  let z = 0;
  for (const v of o) z += Math.exp(v - m);
  return m + Math.log(z);
}

/** Weights ≥ 0 (not all 0) → probabilities w / Σ w. */
export function normalize(w) {
  const z = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / z);
}

/** Entropy in nats, H[p] = −Σ_j p_j log p_j with 0·log 0 = 0. */
export function entropy(p) {
  let h = 0;
  for (const v of p) if (v > 0) h -= v * Math.log(v);
  return Math.max(h, 0) + 0;
}

/** Entropy in bits, H[p] / ln 2. */
export function entropyBits(p) {
  return entropy(p) / Math.LN2;
}

/** KL divergence in nats, D(p‖q) = Σ_{p_j>0} p_j (log p_j − log q_j); +Infinity where q_j = 0 < p_j. */
export function klDivergence(p, q) {
  let d = 0;
  for (let j = 0; j < p.length; j++) {
    if (p[j] > 0) d += q[j] > 0 ? p[j] * (Math.log(p[j]) - Math.log(q[j])) : Infinity;
  }
  return Math.max(d, 0) + 0;
}

/** Cross-entropy in nats, H(p, q) = −Σ_{p_j>0} p_j log q_j = H[p] + D(p‖q); +Infinity where q_j = 0 < p_j. */
export function crossEntropy(p, q) {
  let h = 0;
  for (let j = 0; j < p.length; j++) {
    if (p[j] > 0) h += q[j] > 0 ? -p[j] * Math.log(q[j]) : Infinity;
  }
  return Math.max(h, 0) + 0;
}

/** RealSoftMax gap: λ⁻¹ log Σ_j exp(λ o_j) − max o = λ⁻¹ log1p(Σ_{j≠argmax} exp(λ (o_j − max o))) ∈ (0, log(n)/λ]. */
export function realSoftmaxGap(o, lam) {
  let k = 0;
  for (let j = 1; j < o.length; j++) if (o[j] > o[k]) k = j;
  let s = 0;
  for (let j = 0; j < o.length; j++) if (j !== k) s += Math.exp(lam * (o[j] - o[k]));
  return Math.log1p(s) / lam;
}

/** RealSoftMax itself, λ⁻¹ log Σ_j exp(λ o_j) = max o + gap (never overflows). */
export function realSoftmax(o, lam) {
  return Math.max(...o) + realSoftmaxGap(o, lam);
}

/** Index of the first largest entry (NumPy's argmax). */
export function argmax(v) {
  let k = 0;
  for (let j = 1; j < v.length; j++) if (v[j] > v[k]) k = j;
  return k;
}

/**
 * Reliability bins of softmax(logits / T): rows are samples, bin b holds confidences (max probability) in
 * (e_b, e_{b+1}] with edges e_k = k · (1/B) exactly as np.linspace(0, 1, B + 1) computes them (as
 * utils.calibration.reliability_bins). Returns per-bin count, mean confidence and accuracy (NaN if empty).
 */
export function reliabilityBins(logits, labels, T, nBins = 10) {
  const count = new Array(nBins).fill(0);
  const confSum = new Array(nBins).fill(0);
  const correct = new Array(nBins).fill(0);
  for (let i = 0; i < logits.length; i++) {
    const p = softmax(logits[i], T);
    const k = argmax(p);
    let b = 0;
    while (b < nBins - 1 && p[k] > (b + 1) * (1 / nBins)) b++;
    count[b] += 1;
    confSum[b] += p[k];
    if (k === labels[i]) correct[b] += 1;
  }
  return {
    count,
    confidence: count.map((c, b) => (c ? confSum[b] / c : NaN)),
    accuracy: count.map((c, b) => (c ? correct[b] / c : NaN)),
  };
}

/** Expected calibration error, ECE = Σ_b (n_b / n) |acc_b − conf_b| over equal-width confidence bins. */
export function expectedCalibrationError(logits, labels, T, nBins = 10) {
  const { count, confidence, accuracy } = reliabilityBins(logits, labels, T, nBins);
  let ece = 0;
  for (let b = 0; b < nBins; b++)
    if (count[b]) ece += (count[b] / logits.length) * Math.abs(accuracy[b] - confidence[b]);
  return ece;
}

/** Mean negative log-likelihood of softmax(logits / T): (1/n) Σ_i (logsumexp(o_i / T) − o_{i,y_i} / T). */
export function negativeLogLikelihood(logits, labels, T) {
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const s = logits[i].map((v) => v / T);
    total += logsumexp(s) - s[labels[i]];
  }
  return total / logits.length;
}
