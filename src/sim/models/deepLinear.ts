import type * as TF from "@tensorflow/tfjs-core";
import type { Tf } from "../types.js";
import { symmetricEigen } from "../metrics/symmetricEigen.js";

/**
 * Multi-pathway deep linear networks f(x) = Σ_k W_L^(k) ⋯ W_1^(k) x with whitened inputs (X = I),
 * loss ½‖Σ_k Ω_k − T‖²_F (docs/phenomena/pathways.md). Weights are batched over E ensemble members:
 * W[k][l] has shape [E, dims[l+1], dims[l]]. Gradients and Hessian-vector products are written out
 * exactly (the loss is a polynomial in the weights), so no autodiff tape and no finite differences.
 */
export type Mats = TF.Tensor[][];

/** Shi et al.'s hierarchical task: 8 items, 15 features (root, 2 halves, 4 pairs, 8 leaves); T is 15×8. */
export function hierarchyTarget(): { T: Float64Array; rows: number; cols: number } {
  const rows = 15,
    cols = 8,
    T = new Float64Array(rows * cols);
  for (let j = 0; j < 8; j++) {
    T[0 * cols + j] = 1;
    T[(1 + Math.floor(j / 4)) * cols + j] = 1;
    T[(3 + Math.floor(j / 2)) * cols + j] = 1;
    T[(7 + j) * cols + j] = 1;
  }
  return { T, rows, cols };
}

/** A singular triple of the target: T v = s u. */
export interface Mode {
  s: number;
  u: number[];
  v: number[];
}

/**
 * SVD of a matrix with a small side via the eigen-decomposition of the smaller Gram matrix (TᵀT, or
 * TTᵀ for a wide T such as real data's 10 × 613): singular values descending, u_α, v_α; as many as
 * the smaller side.
 */
export function smallSvd({ T, rows, cols }: { T: ArrayLike<number>; rows: number; cols: number }): Mode[] {
  // A wide T: the SVD of Tᵀ (its Gram matrix is TTᵀ), with u and v trading places.
  if (rows < cols) return smallSvd(transposed({ T, rows, cols })).map(({ s, u, v }) => ({ s, u: v, v: u }));
  const TtT = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < cols; j++)
      for (let r = 0; r < rows; r++) TtT[i * cols + j] += T[r * cols + i] * T[r * cols + j];
  const { values, vectors } = symmetricEigen({ matrix: TtT, n: cols });
  return values.map((ev, a) => {
    const s = Math.sqrt(Math.max(ev, 0));
    const v = Array.from({ length: cols }, (_, i) => vectors[i * cols + a]);
    const u = Array.from({ length: rows }, (_, r) =>
      s > 0 ? v.reduce((acc, vi, i) => acc + T[r * cols + i] * vi, 0) / s : 0,
    );
    return { s, u, v };
  });
}

const transposed = ({ T, rows, cols }: { T: ArrayLike<number>; rows: number; cols: number }) => ({
  T: Float64Array.from({ length: rows * cols }, (_, k) => T[(k % rows) * cols + Math.floor(k / rows)]),
  rows: cols,
  cols: rows,
});

const mm = (tf: Tf, a: TF.Tensor | null, b: TF.Tensor | null, ta = false, tb = false): TF.Tensor | null => {
  // null stands for the identity (empty products P_0 and S_L)
  if (a === null) return b === null ? null : tb ? tf.transpose(b, [0, 2, 1]) : b;
  if (b === null) return ta ? tf.transpose(a, [0, 2, 1]) : a;
  return tf.matMul(a, b, ta, tb);
};

/** Prefix products P_l = W_l ⋯ W_1 (P[0] = I as null) and suffix products S_l = W_L ⋯ W_{l+1} (S[L] = I). */
function chains(tf: Tf, Wk: TF.Tensor[]) {
  const L = Wk.length;
  const P: (TF.Tensor | null)[] = [null];
  for (let l = 1; l <= L; l++) P.push(mm(tf, Wk[l - 1], P[l - 1]));
  const S: (TF.Tensor | null)[] = new Array(L + 1).fill(null);
  for (let l = L - 1; l >= 0; l--) S[l] = mm(tf, S[l + 1], Wk[l]);
  return { P, S };
}

/** Residual R = Σ_k Ω_k − T ([E, out, in]), per-member loss ½‖R‖², and ∂loss/∂W_l = S_lᵀ R P_{l−1}ᵀ. Call inside tf.tidy. */
export function lossGrad({ tf, W, T }: { tf: Tf; W: Mats; T: TF.Tensor }) {
  const ch = W.map((Wk) => chains(tf, Wk));
  const R = tf.sub(tf.addN(ch.map((c) => c.P[c.P.length - 1]!)), T);
  const loss = tf.mul(tf.sum(tf.square(R), [1, 2]), 0.5);
  const grad = W.map((Wk, k) => Wk.map((_, l) => mm(tf, mm(tf, ch[k].S[l + 1], R, true), ch[k].P[l], false, true)!));
  return { loss, grad, R, omegas: ch.map((c) => c.P[c.P.length - 1]!) };
}

/**
 * Exact Hessian-vector product H·V by differentiating the gradient along V (product rule):
 * dP_l = W_l dP_{l−1} + V_l P_{l−1}, dS_l = dS_{l+1} W_{l+1} + S_{l+1} V_{l+1}, dR = Σ_k dP_L, and
 * d(∂/∂W_l) = dS_lᵀ R P_{l−1}ᵀ + S_lᵀ dR P_{l−1}ᵀ + S_lᵀ R dP_{l−1}ᵀ. Call inside tf.tidy.
 */
export function hessianVector({ tf, W, V, T }: { tf: Tf; W: Mats; V: Mats; T: TF.Tensor }): Mats {
  const ch = W.map((Wk) => chains(tf, Wk));
  const R = tf.sub(tf.addN(ch.map((c) => c.P[c.P.length - 1]!)), T);
  const d = W.map((Wk, k) => {
    const L = Wk.length,
      { P, S } = ch[k];
    const dP: (TF.Tensor | null)[] = [null];
    for (let l = 1; l <= L; l++) {
      const a = mm(tf, V[k][l - 1], P[l - 1]);
      dP.push(dP[l - 1] === null ? a : tf.add(tf.matMul(Wk[l - 1], dP[l - 1]!), a!));
    }
    const dS: (TF.Tensor | null)[] = new Array(L + 1).fill(null);
    for (let l = L - 1; l >= 0; l--) {
      const b = mm(tf, S[l + 1], V[k][l]);
      dS[l] = dS[l + 1] === null ? b : tf.add(tf.matMul(dS[l + 1]!, Wk[l]), b!);
    }
    return { dP, dS };
  });
  const dR = tf.addN(d.map((x) => x.dP[x.dP.length - 1]!));
  return W.map((Wk, k) =>
    Wk.map((_, l) => {
      const { P, S } = ch[k],
        { dP, dS } = d[k];
      const terms = [mm(tf, mm(tf, S[l + 1], dR, true), P[l], false, true)!];
      if (dS[l + 1] !== null) terms.push(mm(tf, mm(tf, dS[l + 1], R, true), P[l], false, true)!);
      if (dP[l] !== null) terms.push(mm(tf, mm(tf, S[l + 1], R, true), dP[l], false, true)!);
      return terms.length === 1 ? terms[0] : tf.addN(terms);
    }),
  );
}

/** Flatten a per-member list of matrices into [E, N], and back. */
export function flatten(tf: Tf, M: Mats): TF.Tensor {
  const E = M[0][0].shape[0]!;
  return tf.concat(
    M.flat().map((m) => tf.reshape(m, [E, -1])),
    1,
  );
}
export function unflatten(tf: Tf, flat: TF.Tensor, like: Mats): Mats {
  let offset = 0;
  return like.map((Wk) =>
    Wk.map((m) => {
      const [E, r, c] = m.shape as number[];
      const piece = tf.reshape(tf.slice(flat, [0, offset], [E, r * c]), [E, r, c]);
      offset += r * c;
      return piece;
    }),
  );
}
