import type { ScaleInvariantModel } from "../types.js";
import { createDensePass, createPlanePass } from "./scaleInvariantPasses.js";

/**
 * The scale-invariant net in float64, one member at a time (same maths as the tfjs model): the
 * loss-and-gradient pass (scaleInvariantPasses.ts) on the toy's 3 inputs or on real data's p, then
 * here the O(m·p) rest: weight decay, the update, the window sums and the angle per step.
 */
export function createScaleInvariantJs({
  X,
  y,
  inits,
  weightDecay,
  decay,
  window0,
}: {
  /** n rows of p inputs, the last a constant 1. */
  X: Float64Array;
  y: Float64Array;
  inits: { V: Float64Array; a: Float64Array; b?: number }[];
  /** Each member's window sums to start from (a resumed run); default 0. */
  window0?: { gv2: number; angle: number }[];
  weightDecay: number[];
  decay: number;
}): ScaleInvariantModel {
  const E = inits.length,
    m = inits[0].a.length,
    n = y.length,
    p = X.length / n,
    mp = m * p;
  const v = new Float64Array(E * mp),
    a = new Float64Array(E * m),
    b = new Float64Array(E);
  inits.forEach(({ V, a: a0, b: b0 }, j) => {
    v.set(V, j * mp);
    a.set(a0, j * m);
    b[j] = b0 ?? 0;
  });
  const weights = { v, a, b };
  const gv2 = Float64Array.from({ length: E }, (_, j) => window0?.[j].gv2 ?? 0),
    angle = Float64Array.from({ length: E }, (_, j) => window0?.[j].angle ?? 0),
    losses = new Float64Array(E);
  const grads = { gV: new Float64Array(mp), gA: new Float64Array(m) },
    Vn = new Float64Array(mp);
  const pass = (p === 3 ? createPlanePass : createDensePass)({ X, y, m });

  /** Member j's step: V ← V − η(g_V + λV), a likewise, b ← b − η ∂/∂b; the window sums. */
  function update(j: number, lr: number, gb: number, s: number) {
    const { gV, gA } = grads;
    const vo = j * mp,
      lam = weightDecay[j];
    let g2 = 0,
      n2 = 0;
    for (let i = 0; i < mp; i++) {
      const next = v[vo + i] - lr * (gV[i] + lam * v[vo + i]);
      g2 += gV[i] * gV[i];
      n2 += next * next;
      Vn[i] = next;
    }
    // angle(V, Vₙ) = 2·atan2(‖û − ûₙ‖, ‖û + ûₙ‖), stable for small angles (as in the tfjs model).
    const sn = Math.sqrt(n2);
    let minus = 0,
      plus = 0;
    for (let i = 0; i < mp; i++) {
      const u = v[vo + i] / s,
        un = Vn[i] / sn;
      minus += (u - un) ** 2;
      plus += (u + un) ** 2;
      v[vo + i] = Vn[i];
    }
    for (let k = 0; k < m; k++) a[j * m + k] -= lr * (gA[k] + lam * a[j * m + k]);
    b[j] -= lr * gb;
    gv2[j] = decay * gv2[j] + g2;
    angle[j] = decay * angle[j] + 2 * Math.atan2(Math.sqrt(minus), Math.sqrt(plus));
  }

  return {
    async evaluate() {
      const loss = new Float64Array(E),
        gradNorm = new Float64Array(E),
        vNorm = new Float64Array(E);
      for (let j = 0; j < E; j++) {
        const [l, gb, s] = pass(j, weights, null, grads);
        let g2 = gb * gb;
        for (const g of grads.gV) g2 += g * g;
        for (const g of grads.gA) g2 += g * g;
        loss[j] = l;
        gradNorm[j] = Math.sqrt(g2);
        vNorm[j] = s;
      }
      return { loss, gradNorm, vNorm };
    },
    window: async () => ({ gv2: gv2.slice(), angle: angle.slice() }),
    step(lr, idx) {
      const B = idx ? idx.length / E : n;
      for (let j = 0; j < E; j++) {
        const [l, gb, s] = pass(j, weights, idx ? idx.subarray(j * B, (j + 1) * B) : null, grads);
        losses[j] = l;
        update(j, lr, gb, s);
      }
      return losses;
    },
    weights: async () => ({ v: v.slice(), a: a.slice() }),
    memberState: (j) => ({
      V: Array.from(v.subarray(j * mp, (j + 1) * mp)),
      a: Array.from(a.subarray(j * m, (j + 1) * m)),
      b: b[j],
      gv2: gv2[j],
      angle: angle[j],
    }),
    dispose() {},
  };
}
