import { createRng } from "../rng.js";

/**
 * The model of docs/phenomena/invariant-measure.md in float64: h = ReLU(U x̃), U = √m·V/‖V‖_F (exactly
 * scale-invariant in V, like a layer before BatchNorm), logit z = a·h + b, binary cross-entropy with
 * logits. The reference for the tfjs experiment and the finite-difference tests.
 */

/** Two overlapping Gaussian classes, μ₀ = (1, 0.5), μ₁ = (−1, −0.5), identity covariance; rows (x₁, x₂, 1). */
export function makeClassData({ n, seed }: { n: number; seed: number }): { X: Float64Array; y: Float64Array } {
  const rng = createRng({ seed });
  const X = new Float64Array(n * 3),
    y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.uniform() < 0.5 ? 1 : 0;
    const sign = y[i] === 1 ? -1 : 1;
    X[3 * i] = sign * 1 + rng.normal();
    X[3 * i + 1] = sign * 0.5 + rng.normal();
    X[3 * i + 2] = 1;
  }
  return { X, y };
}

/** log(1 + e^z) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Mean BCE over the rows `rows` (all by default) and its gradient in V (m × p, row-major, p = X.length / y.length: 3 for the toy), a and b. */
export function scaleInvariantLossGrad({
  X,
  y,
  V,
  a,
  b,
  rows,
}: {
  X: ArrayLike<number>;
  y: ArrayLike<number>;
  V: ArrayLike<number>;
  a: ArrayLike<number>;
  b: number;
  rows?: ArrayLike<number>;
}) {
  const m = a.length,
    p = X.length / y.length;
  const idx = rows ?? Array.from({ length: y.length }, (_, i) => i);
  const B = idx.length;
  let s2 = 0;
  for (let i = 0; i < p * m; i++) s2 += V[i] * V[i];
  const s = Math.sqrt(s2),
    c = Math.sqrt(m) / s;
  const GU = new Float64Array(p * m),
    ga = new Float64Array(m);
  let loss = 0,
    gb = 0;
  for (let r = 0; r < B; r++) {
    const i = idx[r];
    const pre = new Float64Array(m);
    let z = b;
    for (let k = 0; k < m; k++) {
      let u = 0;
      for (let t = 0; t < p; t++) u += V[p * k + t] * X[p * i + t];
      pre[k] = c * u;
      z += a[k] * Math.max(pre[k], 0);
    }
    loss += (softplus(z) - y[i] * z) / B;
    const g = (1 / (1 + Math.exp(-z)) - y[i]) / B;
    gb += g;
    for (let k = 0; k < m; k++) {
      ga[k] += g * Math.max(pre[k], 0);
      if (pre[k] <= 0) continue;
      for (let t = 0; t < p; t++) GU[p * k + t] += g * a[k] * X[p * i + t];
    }
  }
  // ∂f/∂V = (√m/s)(G_U − ⟨G_U, V̂⟩V̂): the chain rule through V/‖V‖, orthogonal to V.
  let proj = 0;
  for (let i = 0; i < p * m; i++) proj += (GU[i] * V[i]) / s;
  const gV = Float64Array.from(GU, (g, i) => c * (g - (proj * V[i]) / s));
  return { loss, gV, ga, gb };
}
