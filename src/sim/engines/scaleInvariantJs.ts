import { createKernels, createLayout } from "../wasm/kernels.js";
import type { ScaleInvariantModel } from "../types.js";

/**
 * The scale-invariant net in float64, one member at a time (same maths as the tfjs model).
 * Per step: s = ‖V‖, Z = √m X_b V̂ᵀ (B×m), z = relu(Z) a + b, mean BCE; g = (σ(z) − y)/B,
 * ∂/∂a = relu(Z)ᵀ g, ∂/∂b = Σ g, G_U = (g aᵀ ⊙ [Z > 0])ᵀ X_b, and ∂/∂V = (√m/s)(G_U − ⟨G_U, V̂⟩V̂),
 * the gradient of a scale-invariant function being orthogonal to V. The B×m passes run on the
 * SIMD kernel `scaleInvariantLossGrad` (wasm/kernels.wat), two neurons at a time; the O(m) rest
 * (norms, projection, update, angle) stays here.
 */
export function createScaleInvariantJs({
  X,
  y,
  inits,
  weightDecay,
  decay,
  window0,
}: {
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
    rootM = Math.sqrt(m);
  const v = new Float64Array(E * m * 3),
    a = new Float64Array(E * m),
    b = new Float64Array(E);
  inits.forEach(({ V, a: a0, b: b0 }, j) => {
    v.set(V, j * m * 3);
    a.set(a0, j * m);
    b[j] = b0 ?? 0;
  });
  const gv2 = Float64Array.from({ length: E }, (_, j) => window0?.[j].gv2 ?? 0),
    angle = Float64Array.from({ length: E }, (_, j) => window0?.[j].angle ?? 0),
    losses = new Float64Array(E);
  const gV = new Float64Array(m * 3),
    gA = new Float64Array(m),
    Vn = new Float64Array(m * 3);
  // The kernel's memory: neurons padded to an even count m2 (a pad neuron has u = 0, a = 0, so it
  // is never active); u and G_U by coordinate planes of m2. Z (B×m2) and then the mini-batch rows
  // (E·B) come last and grow with the batch.
  const m2 = m + (m % 2);
  const layout = createLayout();
  const Xo = layout.f64(3 * n),
    Yo = layout.f64(n),
    Uo = layout.f64(3 * m2),
    Ao = layout.f64(m2),
    GAo = layout.f64(m2),
    GUo = layout.f64(3 * m2),
    OUT = layout.f64(2),
    ALL = layout.i32(n);
  const Z = layout.end;
  const wasm = createKernels({ bytes: Z + 8 * n * m2 });
  wasm.f64().set(X, Xo / 8);
  wasm.f64().set(y, Yo / 8);
  wasm.i32().set(
    Int32Array.from({ length: n }, (_, i) => i),
    ALL / 4,
  );
  /** Room for B rows of Z and a list of `list` row indices after it, at the returned byte offset. */
  function room(B: number, list = 0): number {
    wasm.reserve(Z + 8 * B * m2 + 4 * list);
    return Z + 8 * B * m2;
  }

  /** Loss and gradient of member j on the B rows listed at byte offset `rows`; fills gV, gA and returns [loss, gb, s]. */
  function lossGrad(j: number, rows: number, B: number): [number, number, number] {
    const vo = j * m * 3,
      ao = j * m,
      f64 = wasm.f64();
    let s2 = 0;
    for (let i = 0; i < m * 3; i++) s2 += v[vo + i] * v[vo + i];
    const s = Math.sqrt(s2),
      c = rootM / s;
    for (let q = 0; q < m; q++) {
      for (let d = 0; d < 3; d++) f64[Uo / 8 + d * m2 + q] = v[vo + 3 * q + d] * c; // √m V̂
      f64[Ao / 8 + q] = a[ao + q];
    }
    wasm.scaleInvariantLossGrad(Uo, Ao, b[j], Xo, Yo, rows, B, m2, Z, GAo, GUo, OUT);
    for (let q = 0; q < m; q++) {
      gA[q] = f64[GAo / 8 + q];
      for (let d = 0; d < 3; d++) gV[3 * q + d] = f64[GUo / 8 + d * m2 + q];
    }
    // gV holds G_U; project out V̂ and scale by √m/s.
    let dot = 0;
    for (let i = 0; i < m * 3; i++) dot += gV[i] * v[vo + i];
    dot /= s;
    for (let i = 0; i < m * 3; i++) gV[i] = c * (gV[i] - (dot * v[vo + i]) / s);
    return [f64[OUT / 8] / B, f64[OUT / 8 + 1], s];
  }

  return {
    async evaluate() {
      const loss = new Float64Array(E),
        gradNorm = new Float64Array(E),
        vNorm = new Float64Array(E);
      room(n);
      for (let j = 0; j < E; j++) {
        const [l, gb, s] = lossGrad(j, ALL, n);
        let g2 = gb * gb;
        for (let i = 0; i < m * 3; i++) g2 += gV[i] * gV[i];
        for (let k = 0; k < m; k++) g2 += gA[k] * gA[k];
        loss[j] = l;
        gradNorm[j] = Math.sqrt(g2);
        vNorm[j] = s;
      }
      return { loss, gradNorm, vNorm };
    },
    window: async () => ({ gv2: gv2.slice(), angle: angle.slice() }),
    step(lr, idx) {
      const B = idx ? idx.length / E : n;
      const list = room(B, idx?.length);
      if (idx) wasm.i32().set(idx, list / 4);
      for (let j = 0; j < E; j++) {
        const [l, gb, s] = lossGrad(j, idx ? list + 4 * j * B : ALL, B);
        losses[j] = l;
        const vo = j * m * 3,
          ao = j * m,
          lam = weightDecay[j];
        let g2 = 0,
          n2 = 0;
        for (let i = 0; i < m * 3; i++) {
          const old = v[vo + i],
            next = old - lr * (gV[i] + lam * old);
          g2 += gV[i] * gV[i];
          n2 += next * next;
          Vn[i] = next;
        }
        // angle(V, Vₙ) = 2·atan2(‖û − ûₙ‖, ‖û + ûₙ‖), stable for small angles (as in the tfjs model).
        const sn = Math.sqrt(n2);
        let minus = 0,
          plus = 0;
        for (let i = 0; i < m * 3; i++) {
          const u = v[vo + i] / s,
            un = Vn[i] / sn;
          minus += (u - un) ** 2;
          plus += (u + un) ** 2;
          v[vo + i] = Vn[i];
        }
        for (let k = 0; k < m; k++) a[ao + k] -= lr * (gA[k] + lam * a[ao + k]);
        b[j] -= lr * gb;
        gv2[j] = decay * gv2[j] + g2;
        angle[j] = decay * angle[j] + 2 * Math.atan2(Math.sqrt(minus), Math.sqrt(plus));
      }
      return losses;
    },
    weights: async () => ({ v: v.slice(), a: a.slice() }),
    memberState: (j) => ({
      V: Array.from(v.subarray(j * m * 3, (j + 1) * m * 3)),
      a: Array.from(a.subarray(j * m, (j + 1) * m)),
      b: b[j],
      gv2: gv2[j],
      angle: angle[j],
    }),
    dispose() {},
  };
}
