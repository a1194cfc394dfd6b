import type { ScaleInvariantModel } from "./models.js";

/** softplus(z) = log(1 + e^z) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/**
 * The scale-invariant net in float64 loops, one member at a time (same maths as the tfjs model).
 * Per step: s = ‖V‖, Z = √m X_b V̂ᵀ (B×m), z = relu(Z) a + b, mean BCE; g = (σ(z) − y)/B,
 * ∂/∂a = relu(Z)ᵀ g, ∂/∂b = Σ g, G_U = (g aᵀ ⊙ [Z > 0])ᵀ X_b, and ∂/∂V = (√m/s)(G_U − ⟨G_U, V̂⟩V̂),
 * the gradient of a scale-invariant function being orthogonal to V.
 */
export function createScaleInvariantJs({ X, y, inits, weightDecay }: { X: Float64Array; y: Float64Array; inits: { V: Float64Array; a: Float64Array }[]; weightDecay: number[] }): ScaleInvariantModel {
  const E = inits.length, m = inits[0].a.length, n = y.length, rootM = Math.sqrt(m);
  const v = new Float64Array(E * m * 3), a = new Float64Array(E * m), b = new Float64Array(E);
  inits.forEach(({ V, a: a0 }, j) => (v.set(V, j * m * 3), a.set(a0, j * m)));
  const gv2 = new Float64Array(E), angle = new Float64Array(E), losses = new Float64Array(E);
  // Scratch for one member: pre-activations of the current rows, and the gradients.
  let Z = new Float64Array(0);
  const gV = new Float64Array(m * 3), gA = new Float64Array(m), U = new Float64Array(m * 3);
  const all = Int32Array.from({ length: n }, (_, i) => i);

  /** Loss and gradient of member j on rows[from, from + B); fills gV, gA and returns [loss, gb, s]. */
  function lossGrad(j: number, rows: Int32Array, from: number, B: number): [number, number, number] {
    if (Z.length < B * m) Z = new Float64Array(B * m);
    const vo = j * m * 3, ao = j * m;
    let s2 = 0;
    for (let i = 0; i < m * 3; i++) s2 += v[vo + i] * v[vo + i];
    const s = Math.sqrt(s2), c = rootM / s;
    for (let i = 0; i < m * 3; i++) U[i] = v[vo + i] * c; // √m V̂
    gA.fill(0), gV.fill(0);
    let loss = 0, gb = 0;
    for (let r = 0; r < B; r++) {
      const row = rows[from + r], x0 = X[3 * row], x1 = X[3 * row + 1], x2 = X[3 * row + 2], zo = r * m;
      let z = b[j];
      for (let k = 0; k < m; k++) {
        const zk = U[3 * k] * x0 + U[3 * k + 1] * x1 + U[3 * k + 2] * x2;
        Z[zo + k] = zk;
        if (zk > 0) z += zk * a[ao + k];
      }
      const yr = y[row];
      loss += softplus(z) - yr * z;
      const g = (1 / (1 + Math.exp(-z)) - yr) / B;
      gb += g;
      for (let k = 0; k < m; k++) {
        const zk = Z[zo + k];
        if (zk <= 0) continue; // tf.step(0) = 0
        gA[k] += zk * g;
        const ga = g * a[ao + k];
        gV[3 * k] += ga * x0;
        gV[3 * k + 1] += ga * x1;
        gV[3 * k + 2] += ga * x2;
      }
    }
    // gV holds G_U; project out V̂ and scale by √m/s.
    let dot = 0;
    for (let i = 0; i < m * 3; i++) dot += gV[i] * v[vo + i];
    dot /= s;
    for (let i = 0; i < m * 3; i++) gV[i] = c * (gV[i] - (dot * v[vo + i]) / s);
    return [loss / B, gb, s];
  }

  return {
    async evaluate() {
      const loss = new Float64Array(E), gradNorm = new Float64Array(E), vNorm = new Float64Array(E);
      for (let j = 0; j < E; j++) {
        const [l, gb, s] = lossGrad(j, all, 0, n);
        let g2 = gb * gb;
        for (let i = 0; i < m * 3; i++) g2 += gV[i] * gV[i];
        for (let k = 0; k < m; k++) g2 += gA[k] * gA[k];
        (loss[j] = l), (gradNorm[j] = Math.sqrt(g2)), (vNorm[j] = s);
      }
      return { loss, gradNorm, vNorm };
    },
    window: async () => ({ gv2: gv2.slice(), angle: angle.slice() }),
    resetWindow() {
      gv2.fill(0), angle.fill(0);
    },
    step(lr, idx) {
      const B = idx ? idx.length / E : n;
      for (let j = 0; j < E; j++) {
        const [l, gb, s] = lossGrad(j, idx ?? all, idx ? j * B : 0, B);
        losses[j] = l;
        const vo = j * m * 3, ao = j * m, lam = weightDecay[j];
        let g2 = 0, n2 = 0;
        for (let i = 0; i < m * 3; i++) {
          const old = v[vo + i], next = old - lr * (gV[i] + lam * old);
          (g2 += gV[i] * gV[i]), (n2 += next * next);
          U[i] = next; // U is free until the next lossGrad
        }
        // angle(V, Vₙ) = 2·atan2(‖û − ûₙ‖, ‖û + ûₙ‖), stable for small angles (as in the tfjs model).
        const sn = Math.sqrt(n2);
        let minus = 0, plus = 0;
        for (let i = 0; i < m * 3; i++) {
          const u = v[vo + i] / s, un = U[i] / sn;
          (minus += (u - un) ** 2), (plus += (u + un) ** 2);
          v[vo + i] = U[i];
        }
        for (let k = 0; k < m; k++) a[ao + k] -= lr * (gA[k] + lam * a[ao + k]);
        b[j] -= lr * gb;
        gv2[j] += g2;
        angle[j] += 2 * Math.atan2(Math.sqrt(minus), Math.sqrt(plus));
      }
      return losses;
    },
    weights: async () => ({ v: v.slice(), a: a.slice() }),
    dispose() {},
  };
}
