import { lanczosF64, ritzMax } from "../models/lanczos.js";
import type { DeepLinearModel } from "../types.js";
import { createMatmul } from "../wasm/matmul.js";

/** Data a pathway net with tanh hidden layers regresses: n rows of inputs X (n × d) and targets Y (n × c), row weights w. */
export interface TanhData {
  X: Float64Array;
  Y: Float64Array;
  n: number;
  /** Each row's weight in the loss ½ Σ_i w_i ‖F(x_i) − y_i‖² (1 for the toy's items, 1/n for real data). */
  w: number;
}

/**
 * K pathways of L layers with tanh on the hidden layers, F(x) = Σ_k W_kL tanh(W_k,L−1 ⋯ tanh(W_k1 x)),
 * on rows of data, in float64 (docs/phenomena/pathways.md "Real data": the nonlinear version, where
 * the deep linear formulas are only a guide). Exact gradient by backpropagation and exact
 * Hessian-vector products by the R-operator (Pearlmutter 1994), forward then backward along v.
 * Ω_k, what the mode shares read, is each pathway's linear part on the data, Σ_i w_i f_k(x_i) x_iᵀ:
 * on whitened inputs (E[x xᵀ] = I) it is the linear model's Ω_k when tanh is taken away.
 */
export function createDeepTanhJs({
  data,
  dims,
  inits,
  lrs,
}: {
  data: TanhData;
  dims: number[];
  inits: Float64Array[][][];
  lrs: number[];
}): DeepLinearModel {
  const { X, Y, n, w } = data;
  // the products on the blocked SIMD kernel (wasm/matmul.ts)
  const mm = createMatmul();
  const K = inits[0].length,
    L = dims.length - 1,
    c = dims[L];
  const W = inits.map((m) => m.map((Wk) => Wk.map((x) => Float64Array.from(x))));
  const size = W[0].reduce((s, Wk) => s + Wk.reduce((t, x) => t + x.length, 0), 0);
  const buf = (d: number) => new Float64Array(n * d);
  // per pathway: H_l (l = 0 … L−1; H_0 = X) and the output F_k; shared residual D = w (F − Y)
  const H = Array.from({ length: K }, () => [X, ...dims.slice(1, L).map(buf)]);
  const Fk = Array.from({ length: K }, () => buf(c));
  const D = buf(c);

  /** Forward pass of member e: fills H, Fk and D; returns the loss. */
  function forward(e: number) {
    D.fill(0);
    for (let k = 0; k < K; k++) {
      for (let l = 1; l <= L; l++) {
        const out = l < L ? H[k][l] : Fk[k];
        mm(out, H[k][l - 1], W[e][k][l - 1], n, dims[l - 1], dims[l], false, true);
        if (l < L) for (let i = 0; i < out.length; i++) out[i] = Math.tanh(out[i]);
      }
      for (let i = 0; i < n * c; i++) D[i] += Fk[k][i];
    }
    let loss = 0;
    for (let i = 0; i < n * c; i++) {
      D[i] -= Y[i];
      loss += D[i] * D[i];
      D[i] *= w;
    }
    return 0.5 * w * loss;
  }

  /** ∂loss/∂W for member e after forward(e): G[k][l], backpropagating D through each pathway. */
  function backward(e: number) {
    return W[e].map((Wk, k) => {
      const G = Wk.map((x) => new Float64Array(x.length));
      let Dl: Float64Array = D;
      for (let l = L; l >= 1; l--) {
        mm(G[l - 1], Dl, H[k][l - 1], dims[l], n, dims[l - 1], true, false);
        if (l === 1) break;
        const next = mm(buf(dims[l - 1]), Dl, Wk[l - 1], n, dims[l], dims[l - 1], false, false);
        const h = H[k][l - 1];
        for (let i = 0; i < next.length; i++) next[i] *= 1 - h[i] * h[i];
        Dl = next;
      }
      return G;
    });
  }

  /** H v for member e at its current weights (forward(e) done): v and the result as [k][l] blocks. */
  function hvp(e: number, V: Float64Array[][]) {
    // forward along v: RA_l = RH_{l−1} W_lᵀ + H_{l−1} V_lᵀ, RH_l = (1 − H_l²) ⊙ RA_l
    const RA = V.map((Vk, k) => {
      const out: Float64Array[] = [];
      let RH: Float64Array | null = null;
      for (let l = 1; l <= L; l++) {
        const a = mm(buf(dims[l]), H[k][l - 1], Vk[l - 1], n, dims[l - 1], dims[l], false, true);
        if (RH) {
          const b = mm(buf(dims[l]), RH, W[e][k][l - 1], n, dims[l - 1], dims[l], false, true);
          for (let i = 0; i < a.length; i++) a[i] += b[i];
        }
        out.push(a);
        if (l < L) {
          const h = H[k][l];
          RH = Float64Array.from(a, (x, i) => (1 - h[i] * h[i]) * x);
        }
      }
      return out;
    });
    const RD = buf(c);
    for (let k = 0; k < K; k++) for (let i = 0; i < n * c; i++) RD[i] += w * RA[k][L - 1][i];
    return W[e].map((Wk, k) => rBackward(Wk, V[k], RA[k], H[k], RD));
  }

  /** The backward pass along v of one pathway: RG_l = RD_lᵀ H_{l−1} + D_lᵀ RH_{l−1}. */
  function rBackward(
    Wk: Float64Array[],
    Vk: Float64Array[],
    RA: Float64Array[],
    Hk: Float64Array[],
    RD0: Float64Array,
  ) {
    const RG = Wk.map((x) => new Float64Array(x.length));
    let Dl: Float64Array = D,
      RDl: Float64Array = RD0;
    for (let l = L; l >= 1; l--) {
      mm(RG[l - 1], RDl, Hk[l - 1], dims[l], n, dims[l - 1], true, false);
      if (l === 1) break;
      const h = Hk[l - 1],
        ra = RA[l - 2];
      const RH = Float64Array.from(ra, (x, i) => (1 - h[i] * h[i]) * x);
      const extra = mm(new Float64Array(RG[l - 1].length), Dl, RH, dims[l], n, dims[l - 1], true, false);
      for (let i = 0; i < extra.length; i++) RG[l - 1][i] += extra[i];
      const DW = mm(buf(dims[l - 1]), Dl, Wk[l - 1], n, dims[l], dims[l - 1], false, false);
      const next = mm(buf(dims[l - 1]), RDl, Wk[l - 1], n, dims[l], dims[l - 1], false, false);
      const DV = mm(buf(dims[l - 1]), Dl, Vk[l - 1], n, dims[l], dims[l - 1], false, false);
      for (let i = 0; i < next.length; i++) {
        const s1 = 1 - h[i] * h[i];
        next[i] = (next[i] + DV[i]) * s1 - 2 * h[i] * s1 * ra[i] * DW[i];
        DW[i] *= s1;
      }
      Dl = DW;
      RDl = next;
    }
    return RG;
  }

  // a direction as one vector (Lanczos) and as [k][l] blocks (the passes), pathway then layer
  const offsets = [0];
  for (const x of W[0].flat()) offsets.push(offsets.at(-1)! + x.length);
  const flat = (blocks: Float64Array[][]) => {
    const out = new Float64Array(size);
    blocks.flat().forEach((B, i) => out.set(B, offsets[i]));
    return out;
  };
  const blocks = (v: Float64Array) => {
    let i = 0;
    return W[0].map((Wk) => Wk.map(() => v.subarray(offsets[i], offsets[++i])));
  };

  return {
    size,
    step({ update, omegas }) {
      const E = W.length;
      const loss = new Float64Array(E);
      const om = omegas ? new Float64Array(E * K * c * dims[0]) : undefined;
      for (let e = 0; e < E; e++) {
        loss[e] = forward(e);
        if (om)
          for (let k = 0; k < K; k++) {
            const Om = mm(new Float64Array(c * dims[0]), Fk[k], X, c, n, dims[0], true, false);
            for (let i = 0; i < Om.length; i++) om[(e * K + k) * c * dims[0] + i] = w * Om[i];
          }
        if (!update) continue;
        const G = backward(e);
        W[e].forEach((Wk, k) => Wk.forEach((x, l) => x.forEach((_, i) => (x[i] -= lrs[e] * G[k][l][i]))));
      }
      return { loss, omegas: om ? Promise.resolve(om) : undefined };
    },
    async sharpness({ start, iters }) {
      return W.map((_, e) => {
        forward(e);
        const start0 = Float64Array.from(start.subarray(e * size, (e + 1) * size));
        return ritzMax(lanczosF64({ apply: (v) => flat(hvp(e, blocks(v))), start: start0, iters }));
      });
    },
    weights: async () => W.map((m) => m.map((Wk) => Wk.map((x) => x.slice()))),
    dispose() {},
  };
}
