import { ritzMax } from "../models/lanczos.js";
import { createKernels, createLayout } from "../wasm/kernels.js";
import type { DeepLinearModel, DeepLinearSetup } from "../types.js";

/** A row-major float64 matrix at byte offset o of the kernels' memory; null stands for an identity (the empty products P_0 and S_L). */
interface Mat {
  o: number;
  r: number;
  c: number;
}
type M = Mat | null;

/**
 * The deep linear model in float64, member by member (same maths as models/deepLinear.ts), on the
 * SIMD kernels of wasm/kernels.wat: ∂loss/∂W_l = S_lᵀ R P_{l−1}ᵀ with P_l = W_l⋯W_1, S_l = W_L⋯W_{l+1},
 * R = Σ_k P_L − T, and the exact Hessian-vector product by the product rule. Every matrix is laid
 * out once at creation (the Lanczos basis grows with the iterations asked for), never per step. For
 * Lanczos the chains, R and S_{l+1}ᵀR are computed once per sharpness call, since the weights do
 * not move while it runs.
 */
export function createDeepLinearJs({ T: target, dims, inits, lrs }: DeepLinearSetup): DeepLinearModel {
  const E = inits.length,
    K = inits[0].length,
    L = dims.length - 1;
  const layout = createLayout();
  const alloc = (r: number, c: number): Mat => ({ o: layout.f64(r * c), r, c });
  const shape = (l: number) => [dims[l + 1], dims[l]] as const; // W_{l+1}, 0-based l
  // Each member's weights are contiguous in pathway-then-layer order: the order of the flat
  // parameter vector, so a direction v maps onto them by the same relative offsets.
  const W = inits.map((member) => member.map((Wk) => Wk.map((_, l) => alloc(...shape(l)))));
  const rel = W[0].map((Wk) => Wk.map((m) => m.o - W[0][0][0].o));
  const size = (layout.end - W[0][0][0].o) / 8 / E;
  const negT = alloc(target.rows, target.cols),
    R = alloc(target.rows, target.cols),
    dR = alloc(target.rows, target.cols);
  // Per-pathway workspace; the chains alias the weights where a product is a single factor.
  const work = Array.from({ length: K }, () => ({
    P: dims.map((_, l) => (l >= 2 ? alloc(dims[l], dims[0]) : null)),
    S: dims.map((_, l) => (l >= 1 && l <= L - 2 ? alloc(dims[L], dims[l]) : null)),
    SR: dims.slice(1).map((_, l) => (l < L - 1 ? alloc(dims[l + 1], dims[0]) : R)),
    dP: dims.map((_, l) => (l >= 2 ? alloc(dims[l], dims[0]) : null)),
    dS: dims.map((_, l) => (l >= 1 && l <= L - 2 ? alloc(dims[L], dims[l]) : null)),
  }));
  const tmp = alloc(Math.max(...dims.slice(1)), dims[0]);
  const base = layout.end; // then the Lanczos residual w and basis q_0, q_1, …, grown on demand
  const wasm = createKernels({ bytes: base + 8 * size * 3 });
  const view = (m: Mat) => wasm.f64At(m.o, m.r * m.c);
  W.forEach((Wm, e) => Wm.forEach((Wk, k) => Wk.forEach((m, l) => view(m).set(inits[e][k][l]))));
  view(negT).set(target.T.map((t) => -t));

  /** C = op(A)·op(B) (or C += alpha·…): Aᵀ·B and A·B run along rows of B, A·Bᵀ as row dot products. */
  function mul(C: Mat, A: Mat, B: Mat, ta: boolean, tb: boolean, alpha = 1, acc = 0) {
    if (tb) wasm.gemmDot(C.o, A.o, A.c, B.o, B.c, A.r, A.c, B.r, alpha, acc);
    else if (ta) wasm.gemmAx(C.o, A.o, 1, A.c, B.o, B.c, A.c, A.r, B.c, alpha, acc);
    else wasm.gemmAx(C.o, A.o, A.c, 1, B.o, B.c, A.r, A.c, B.c, alpha, acc);
  }
  const copy = (dst: Mat, src: Mat) => wasm.f64().copyWithin(dst.o / 8, src.o / 8, src.o / 8 + src.r * src.c);

  /** The chains of member e (P_l, S_l per pathway, as matrices or aliases), R, and S_{l+1}ᵀR. */
  function prepare(e: number) {
    const chains = work.map(({ P, S, SR }, k) => {
      const Wk = W[e][k],
        Pm: M[] = P.slice(),
        Sm: M[] = S.slice();
      Pm[1] = Wk[0];
      for (let l = 2; l <= L; l++) mul(Pm[l]!, Wk[l - 1], Pm[l - 1]!, false, false);
      if (L >= 2) Sm[L - 1] = Wk[L - 1];
      for (let l = L - 2; l >= 1; l--) mul(Sm[l]!, Sm[l + 1]!, Wk[l], false, false);
      return { P: Pm, S: Sm, SR };
    });
    copy(R, negT);
    for (const { P } of chains) wasm.axpy(R.o, 1, P[L]!.o, R.r * R.c);
    for (const { S, SR } of chains) for (let l = 0; l < L - 1; l++) mul(SR[l], S[l + 1]!, R, true, false);
    return chains;
  }

  function hvp(e: number, chains: ReturnType<typeof prepare>, v: number, out: number) {
    const at = (k: number, l: number, o: number): Mat => ({ o: o + rel[k][l], r: dims[l + 1], c: dims[l] });
    const d = chains.map(({ P, S }, k) => {
      const Wk = W[e][k],
        dP: M[] = work[k].dP.slice(),
        dS: M[] = work[k].dS.slice();
      dP[1] = at(k, 0, v);
      for (let l = 2; l <= L; l++) {
        mul(dP[l]!, at(k, l - 1, v), P[l - 1]!, false, false);
        mul(dP[l]!, Wk[l - 1], dP[l - 1]!, false, false, 1, 1);
      }
      if (L >= 2) dS[L - 1] = at(k, L - 1, v);
      for (let l = L - 2; l >= 1; l--) {
        mul(dS[l]!, S[l + 1]!, at(k, l, v), false, false);
        mul(dS[l]!, dS[l + 1]!, Wk[l], false, false, 1, 1);
      }
      return { dP, dS };
    });
    view(dR).fill(0);
    for (const { dP } of d) wasm.axpy(dR.o, 1, dP[L]!.o, dR.r * dR.c);
    chains.forEach(({ P, S, SR }, k) => {
      const { dP, dS } = d[k];
      for (let l = 0; l < L; l++) {
        // H·v for W_{l+1}: (S_{l+1}ᵀ dR + dS_{l+1}ᵀ R) P_lᵀ + S_{l+1}ᵀ R dP_lᵀ
        const o = at(k, l, out);
        let t = dR;
        if (l + 1 < L) {
          t = { ...tmp, r: dims[l + 1] };
          mul(t, S[l + 1]!, dR, true, false);
          mul(t, dS[l + 1]!, R, true, false, 1, 1);
        }
        if (l === 0) copy(o, t);
        else mul(o, t, P[l]!, false, true);
        if (l >= 1) mul(o, SR[l], dP[l]!, false, true, 1, 1);
      }
    });
  }

  return {
    weights: async () => W.map((Wm) => Wm.map((Wk) => Wk.map((m) => Float64Array.from(view(m))))),
    size,
    step({ update, omegas }) {
      const loss = new Float64Array(E);
      const om = omegas ? new Float64Array(E * K * R.r * R.c) : undefined;
      for (let e = 0; e < E; e++) {
        const chains = prepare(e);
        loss[e] = 0.5 * wasm.dot(R.o, R.o, R.r * R.c);
        if (om) chains.forEach(({ P }, k) => om.set(view(P[L]!), (e * K + k) * R.r * R.c));
        if (!update) continue;
        // Last layer first: P_1 is W_1 itself, and must still be the old W_1 when W_2 moves.
        for (const [k, { P, SR }] of chains.entries())
          for (let l = L - 1; l >= 0; l--) {
            const Wl = W[e][k][l];
            if (l === 0) wasm.axpy(Wl.o, -lrs[e], SR[0].o, Wl.r * Wl.c);
            else mul(Wl, SR[l], P[l]!, false, true, -lrs[e], 1);
          }
      }
      return { loss, omegas: om ? Promise.resolve(om) : undefined };
    },
    async sharpness({ start, iters }) {
      const m = Math.min(iters, size);
      wasm.reserve(base + 8 * size * (m + 1));
      const w = base,
        q = (j: number) => base + 8 * size * (j + 1);
      return W.map((_, e) => {
        const chains = prepare(e);
        // Lanczos with full reorthogonalization: one Gram–Schmidt pass suffices in float64 (the
        // tfjs engine does two, for float32).
        const q0 = wasm.f64At(q(0), size);
        q0.set(start.subarray(e * size, (e + 1) * size));
        const n0 = 1 / Math.max(Math.sqrt(wasm.dot(q(0), q(0), size)), 1e-30);
        for (let i = 0; i < size; i++) q0[i] *= n0;
        const alpha: number[] = [],
          beta: number[] = [];
        for (let j = 0; j < m; j++) {
          hvp(e, chains, q(j), w);
          alpha.push(wasm.dot(w, q(j), size));
          wasm.orthogonalize(w, q(0), j + 1, size);
          const b = Math.sqrt(wasm.dot(w, w, size));
          if (j + 1 < m) {
            beta.push(b);
            wasm.f64At(q(j + 1), size).fill(0);
            wasm.axpy(q(j + 1), 1 / Math.max(b, 1e-30), w, size);
          }
        }
        return ritzMax({ alpha, beta });
      });
    },
    dispose() {},
  };
}
