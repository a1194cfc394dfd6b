import { dormandPrince, type Integrator } from "../integrators/dormandPrince.js";
import { tridiagonalMaxEigen } from "../metrics/symmetricEigen.js";
import { lanczosF64 } from "../models/lanczos.js";
import type { DeepLinearModel, DeepLinearSetup } from "../types.js";

/** C = A·B for row-major A (r×c) and B (c×d). */
function matmul(A: ArrayLike<number>, B: ArrayLike<number>, r: number, c: number, d: number): Float64Array {
  const C = new Float64Array(r * d);
  for (let i = 0; i < r; i++)
    for (let k = 0; k < c; k++) {
      const a = A[i * c + k];
      if (a !== 0) for (let j = 0; j < d; j++) C[i * d + j] += a * B[k * d + j];
    }
  return C;
}
const transpose = (A: ArrayLike<number>, r: number, c: number) => {
  const T = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j * r + i] = A[i * c + j];
  return T;
};
const identity = (n: number) => {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
};

/**
 * Gradient flow of the multi-pathway deep linear nets (loss ½‖Σ_k Ω_k − T‖²_F with whitened inputs,
 * Ω_k = W_L⋯W_1; docs/phenomena/pathways.md), float64, each member integrated by Dormand–Prince 5(4)
 * to relative tolerance `rtol`; a "step" advances the flow by that member's time `lr`. The gradient
 * of layer l is (W_L⋯W_{l+1})ᵀ R (W_{l−1}⋯W_1)ᵀ with R = Σ_k Ω_k − T. Sharpness: Lanczos with full
 * reorthogonalization on Hessian-vector products by central differences of the gradient.
 */
export function createDeepLinearFlow({
  T: target,
  dims,
  inits,
  lrs,
  rtol,
}: DeepLinearSetup & { rtol: number }): DeepLinearModel {
  const K = inits[0].length,
    L = dims.length - 1,
    rows = target.rows,
    cols = target.cols;
  const sizes = dims.slice(1).map((d, l) => d * dims[l]);
  const size = K * sizes.reduce((a, b) => a + b, 0);
  const offset = (k: number, l: number) =>
    k * sizes.reduce((a, b) => a + b, 0) + sizes.slice(0, l).reduce((a, b) => a + b, 0);
  const thetas = inits.map((member) => {
    const t = new Float64Array(size);
    member.forEach((Wk, k) => Wk.forEach((W, l) => t.set(W, offset(k, l))));
    return t;
  });
  const layer = (t: Float64Array, k: number, l: number) => t.subarray(offset(k, l), offset(k, l) + sizes[l]);
  /** Ω_k of every pathway and the residual R = Σ_k Ω_k − T. */
  const forward = (t: Float64Array) => {
    const prefixes = Array.from({ length: K }, (_, k) => {
      const P: Float64Array[] = [identity(dims[0])];
      for (let l = 0; l < L; l++) P.push(matmul(layer(t, k, l), P[l], dims[l + 1], dims[l], dims[0]));
      return P;
    });
    const R = Float64Array.from(target.T, (v) => -v);
    for (const P of prefixes) for (let i = 0; i < R.length; i++) R[i] += P[L][i];
    return { prefixes, R };
  };
  /** −∇L into `out`. */
  const field = (t: Float64Array, out: Float64Array) => {
    const { prefixes, R } = forward(t);
    for (let k = 0; k < K; k++) {
      let S: Float64Array = identity(dims[L]); // W_L⋯W_{l+1}, from the top down
      for (let l = L - 1; l >= 0; l--) {
        const left = matmul(transpose(S, dims[L], dims[l + 1]), R, dims[l + 1], dims[L], dims[0]);
        const g = matmul(left, transpose(prefixes[k][l], dims[l], dims[0]), dims[l + 1], dims[0], dims[l]);
        const o = offset(k, l);
        for (let i = 0; i < g.length; i++) out[o + i] = -g[i];
        S = matmul(S, layer(t, k, l), dims[L], dims[l + 1], dims[l]);
      }
    }
  };
  const flows: Integrator[] = thetas.map(() => dormandPrince({ f: field, size, rtol }));
  const losses = new Float64Array(inits.length);
  const gradAt = (t: Float64Array) => {
    const g = new Float64Array(size);
    field(t, g);
    for (let i = 0; i < size; i++) g[i] = -g[i];
    return g;
  };
  return {
    size,
    weights: async () =>
      thetas.map((t) =>
        Array.from({ length: K }, (_, k) => Array.from({ length: L }, (_, l) => Float64Array.from(layer(t, k, l)))),
      ),
    step({ update, omegas }) {
      const om = omegas ? new Float64Array(inits.length * K * rows * cols) : null;
      thetas.forEach((t, e) => {
        const { prefixes, R } = forward(t);
        losses[e] = 0.5 * R.reduce((s, v) => s + v * v, 0);
        if (om) prefixes.forEach((P, k) => om.set(P[L], (e * K + k) * rows * cols));
        if (update) flows[e].advance({ y: t, span: lrs[e] });
      });
      return { loss: losses.slice(), omegas: om ? Promise.resolve(om) : undefined };
    },
    async sharpness({ start, iters }) {
      return thetas.map((t, e) => {
        const hvp = (v: Float64Array) => {
          const eps = 1e-5 * Math.max(1, Math.hypot(...t));
          const plus = t.map((x, i) => x + eps * v[i]),
            minus = t.map((x, i) => x - eps * v[i]);
          const gp = gradAt(plus),
            gm = gradAt(minus);
          return gp.map((x, i) => (x - gm[i]) / (2 * eps));
        };
        const start0 = Float64Array.from(start.subarray(e * size, (e + 1) * size));
        return tridiagonalMaxEigen(lanczosF64({ apply: hvp, start: start0, iters }));
      });
    },
    dispose() {},
  };
}
