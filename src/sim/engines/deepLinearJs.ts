import { ritzMax } from "../models/lanczos.js";
import type { DeepLinearModel } from "./models.js";

/** A row-major matrix; null stands for an identity (the empty products P_0 and S_L). */
interface Mat {
  d: Float64Array;
  r: number;
  c: number;
}
type M = Mat | null;

/** op(A)·op(B) with op = transpose where asked; identities pass the other operand through. */
function mm(A: M, B: M, ta = false, tb = false): M {
  if (A === null) return B === null ? null : tb ? transpose(B) : B;
  if (B === null) return ta ? transpose(A) : A;
  const n = ta ? A.c : A.r, p = ta ? A.r : A.c, q = tb ? B.r : B.c;
  const out = new Float64Array(n * q), a = A.d, b = B.d, ac = A.c, bc = B.c;
  // One loop nest per case, each with unit stride in its innermost loop.
  if (tb) {
    // out_ij = Σ_s op(A)_is B_js: a dot product of two rows when A is not transposed.
    for (let i = 0; i < n; i++)
      for (let j = 0; j < q; j++) {
        let acc = 0;
        if (ta) for (let s = 0; s < p; s++) acc += a[s * ac + i] * b[j * bc + s];
        else for (let s = 0, ao = i * ac, bo = j * bc; s < p; s++) acc += a[ao + s] * b[bo + s];
        out[i * q + j] = acc;
      }
  } else if (ta) {
    // out_i· += A_si B_s·
    for (let s = 0; s < p; s++)
      for (let i = 0, bo = s * bc; i < n; i++) {
        const x = a[s * ac + i], o = i * q;
        for (let j = 0; j < q; j++) out[o + j] += x * b[bo + j];
      }
  } else {
    for (let i = 0; i < n; i++)
      for (let s = 0, o = i * q; s < p; s++) {
        const x = a[i * ac + s], bo = s * bc;
        for (let j = 0; j < q; j++) out[o + j] += x * b[bo + j];
      }
  }
  return { d: out, r: n, c: q };
}

function transpose(A: Mat): Mat {
  const out = new Float64Array(A.r * A.c);
  for (let i = 0; i < A.r; i++) for (let j = 0; j < A.c; j++) out[j * A.r + i] = A.d[i * A.c + j];
  return { d: out, r: A.c, c: A.r };
}

/** x += y in place (x is a fresh product, never a weight). */
function addTo(x: Mat, y: M): Mat {
  if (y) for (let i = 0; i < x.d.length; i++) x.d[i] += y.d[i];
  return x;
}

/** P_l = W_l ⋯ W_1 (P_0 = I) and S_l = W_L ⋯ W_{l+1} (S_L = I) of one pathway. */
function chains(Wk: Mat[]) {
  const L = Wk.length, P: M[] = [null], S: M[] = new Array(L + 1).fill(null);
  for (let l = 1; l <= L; l++) P.push(mm(Wk[l - 1], P[l - 1]));
  for (let l = L - 1; l >= 1; l--) S[l] = mm(S[l + 1], Wk[l]); // S_0 is never used
  return { P, S };
}

/**
 * The deep linear model in float64 loops, member by member (same maths as models/deepLinear.ts):
 * ∂loss/∂W_l = S_lᵀ R P_{l−1}ᵀ, and the exact Hessian-vector product by the product rule. For
 * Lanczos the prefix/suffix products, R and S_lᵀR are computed once per sharpness call, not per
 * product, since the weights do not move while it runs.
 */
export function createDeepLinearJs({ T: target, dims, inits, lrs }: { T: { T: Float64Array; rows: number; cols: number }; dims: number[]; inits: Float64Array[][][]; lrs: number[] }): DeepLinearModel {
  const E = inits.length, K = inits[0].length, L = dims.length - 1;
  const shape = (l: number) => ({ r: dims[l + 1], c: dims[l] });
  const W: Mat[][][] = inits.map((member) => member.map((Wk) => Wk.map((d, l) => ({ d: Float64Array.from(d), ...shape(l) }))));
  const size = dims.slice(0, -1).reduce((n, c, l) => n + c * dims[l + 1], 0) * K;
  const T: Mat = { d: target.T, r: target.rows, c: target.cols };

  /** Everything fixed at one set of weights: the chains, R = Σ_k P_L − T, and S_{l+1}ᵀR (half of each gradient, and a term of every HVP). */
  function at(Wm: Mat[][]) {
    const ch = Wm.map(chains);
    const R: Mat = { d: Float64Array.from(T.d, (t) => -t), r: T.r, c: T.c };
    for (const c of ch) addTo(R, c.P[L]);
    const SR = ch.map((c) => Wm[0].map((_, l) => mm(c.S[l + 1], R, true)!));
    return { ch, R, SR };
  }

  function hvp(Wm: Mat[][], { ch, R, SR }: ReturnType<typeof at>, v: Float64Array, out: Float64Array) {
    let offset = 0;
    const V = Wm.map((Wk) => Wk.map((m) => ({ d: v.subarray(offset, (offset += m.d.length)), r: m.r, c: m.c }) as Mat));
    const d = Wm.map((Wk, k) => {
      const { P, S } = ch[k], dP: M[] = [null], dS: M[] = new Array(L + 1).fill(null);
      for (let l = 1; l <= L; l++) {
        const a = mm(V[k][l - 1], P[l - 1])!;
        dP.push(dP[l - 1] === null ? a : addTo(mm(Wk[l - 1], dP[l - 1])!, a));
      }
      for (let l = L - 1; l >= 1; l--) {
        const b = mm(S[l + 1], V[k][l])!;
        dS[l] = dS[l + 1] === null ? b : addTo(mm(dS[l + 1], Wk[l])!, b);
      }
      return { dP, dS };
    });
    const dR: Mat = { d: new Float64Array(T.d.length), r: T.r, c: T.c };
    for (const x of d) addTo(dR, x.dP[L]);
    offset = 0;
    Wm.forEach((Wk, k) =>
      Wk.forEach((_, l) => {
        const { P, S } = ch[k], { dP, dS } = d[k];
        const term = mm(mm(S[l + 1], dR, true), P[l], false, true)!;
        if (dS[l + 1] !== null) addTo(term, mm(mm(dS[l + 1], R, true), P[l], false, true));
        if (dP[l] !== null) addTo(term, mm(SR[k][l], dP[l], false, true));
        out.set(term.d, offset);
        offset += term.d.length;
      }),
    );
  }

  const dot = (x: Float64Array, y: Float64Array) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  };

  return {
    size,
    step({ update, omegas }) {
      const loss = new Float64Array(E);
      const om = omegas ? new Float64Array(E * K * T.r * T.c) : undefined;
      W.forEach((Wm, e) => {
        const { ch, R, SR } = at(Wm);
        loss[e] = 0.5 * dot(R.d, R.d);
        if (om) ch.forEach((c, k) => om.set(c.P[L]!.d, (e * K + k) * T.r * T.c));
        if (!update) return;
        const grads = Wm.map((Wk, k) => Wk.map((_, l) => mm(SR[k][l], ch[k].P[l], false, true)!));
        Wm.forEach((Wk, k) => Wk.forEach((m, l) => {
          const g = grads[k][l].d;
          for (let i = 0; i < g.length; i++) m.d[i] -= lrs[e] * g[i];
        }));
      });
      return { loss, omegas: om ? Promise.resolve(om) : undefined };
    },
    async sharpness({ start, iters }) {
      const k = Math.min(iters, size);
      return W.map((Wm, e) => {
        const fixed = at(Wm);
        // Lanczos with full reorthogonalization: one Gram–Schmidt pass suffices in float64 (the
        // tfjs engine does two, for float32).
        const basis: Float64Array[] = [];
        const q0 = Float64Array.from(start.subarray(e * size, (e + 1) * size));
        const n0 = Math.max(Math.sqrt(dot(q0, q0)), 1e-30);
        basis.push(q0.map((x) => x / n0));
        const alpha: number[] = [], beta: number[] = [];
        const w = new Float64Array(size);
        for (let j = 0; j < k; j++) {
          hvp(Wm, fixed, basis[j], w);
          alpha.push(dot(w, basis[j]));
          for (const q of basis) {
            const c = dot(w, q);
            for (let i = 0; i < size; i++) w[i] -= c * q[i];
          }
          const b = Math.sqrt(dot(w, w));
          if (j + 1 < k) {
            beta.push(b);
            const inv = 1 / Math.max(b, 1e-30);
            basis.push(w.map((x) => x * inv));
          }
        }
        return ritzMax({ alpha, beta });
      });
    },
    dispose() {},
  };
}
