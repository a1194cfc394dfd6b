import type * as TF from "@tensorflow/tfjs-core";
import type { Tf } from "../types.js";
import { tridiagonalMaxEigen } from "../metrics/symmetricEigen.js";

/**
 * Largest algebraic eigenvalue of a symmetric operator for each of E members, by `iters` steps of
 * Lanczos with full reorthogonalization (two batched matMuls against the basis so far). Unlike
 * power iteration it cannot lock onto a large negative eigenvalue far from a minimum
 * (docs/phenomena/pathways.md). `apply` maps [E, N] to [E, N]; `start` is the [E, N] starting block (any non-zero).
 * One read-back for all members at the end.
 */
export async function lanczosMax({
  tf,
  apply,
  start,
  iters,
}: {
  tf: Tf;
  apply: (v: TF.Tensor) => TF.Tensor;
  start: TF.Tensor;
  iters: number;
}): Promise<number[]> {
  const [E, N] = start.shape as number[];
  const k = Math.min(iters, N);
  const unit = (x: TF.Tensor) => tf.div(x, tf.maximum(tf.norm(x, "euclidean", 1, true), 1e-30));
  let basis: TF.Tensor = tf.tidy(() => tf.expandDims(unit(start), 1)); // [E, j, N]
  const alphas: TF.Tensor[] = [],
    betas: TF.Tensor[] = [];
  for (let j = 0; j < k; j++) {
    const next = tf.tidy(() => {
      const v = tf.squeeze(tf.slice(basis, [0, j, 0], [E, 1, N]), [1]);
      const w = apply(v);
      const alpha = tf.sum(tf.mul(w, v), 1);
      // w ⟂ every basis vector (full reorthogonalization, twice for float32 safety)
      const project = (x: TF.Tensor) =>
        tf.sub(x, tf.squeeze(tf.matMul(tf.matMul(tf.expandDims(x, 1), basis, false, true), basis), [1]));
      const r = project(project(w));
      const beta = tf.norm(r, "euclidean", 1);
      return { alpha, beta, basis: j + 1 < k ? tf.concat([basis, tf.expandDims(unit(r), 1)], 1) : undefined };
    });
    alphas.push(next.alpha);
    if (j + 1 < k) betas.push(next.beta);
    else next.beta.dispose();
    if (next.basis) {
      basis.dispose();
      basis = next.basis;
    }
  }
  basis.dispose();
  const stacked = tf.stack([...alphas, ...betas]);
  const data = (await stacked.data()) as Float32Array;
  tf.dispose([stacked, ...alphas, ...betas]);
  return Array.from({ length: E }, (_, e) =>
    ritzMax({
      alpha: Array.from({ length: k }, (_, i) => data[i * E + e]),
      beta: Array.from({ length: k - 1 }, (_, i) => data[(k + i) * E + e]),
    }),
  );
}

/** The largest Ritz value of a Lanczos tridiagonal (α, β), cut at a breakdown (β ≈ 0): the Krylov space is exhausted and later entries are noise. */
export function ritzMax({ alpha, beta }: { alpha: number[]; beta: number[] }): number {
  const stop = beta.findIndex((b) => !(b > 1e-6 * Math.max(1, Math.abs(alpha[0]))));
  const m = stop === -1 ? alpha.length : stop + 1;
  return tridiagonalMaxEigen({ alpha: alpha.slice(0, m), beta: beta.slice(0, m - 1) });
}

/**
 * The Lanczos tridiagonal (α, β) of a symmetric operator on plain float64 vectors, from `start`:
 * up to `iters` steps with full reorthogonalization (one Gram–Schmidt pass suffices in float64),
 * stopping where the Krylov space is exhausted (‖w‖ < 1e-12). For the float64 engines without
 * kernel memory (the gradient flow's and the tanh net's).
 */
export function lanczosF64({
  apply,
  start,
  iters,
}: {
  apply: (v: Float64Array) => Float64Array;
  start: Float64Array;
  iters: number;
}): { alpha: number[]; beta: number[] } {
  const m = Math.min(iters, start.length);
  const dot = (x: Float64Array, y: Float64Array) => x.reduce((s, v, i) => s + v * y[i], 0);
  const basis: Float64Array[] = [];
  const alpha: number[] = [],
    beta: number[] = [];
  let q = start.map((x) => x / Math.hypot(...start));
  for (let j = 0; j < m; j++) {
    basis.push(q);
    const w = apply(q);
    alpha.push(dot(w, q));
    for (const b of basis) {
      const d = dot(w, b);
      for (let i = 0; i < w.length; i++) w[i] -= d * b[i];
    }
    const n = Math.hypot(...w);
    if (n < 1e-12 || j === m - 1) break;
    beta.push(n);
    q = w.map((x) => x / n);
  }
  return { alpha, beta };
}
