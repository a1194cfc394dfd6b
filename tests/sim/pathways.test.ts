import { beforeAll, describe, expect, it } from "vitest";
import { flatten, hessianVector, hierarchyTarget, smallSvd, unflatten } from "../../src/sim/models/deepLinear.js";
import { lanczosMax } from "../../src/sim/models/lanczos.js";
import { symmetricEigen, tridiagonalMaxEigen } from "../../src/sim/metrics/symmetricEigen.js";
import {
  edgeShare,
  lambdaSingle,
  lambdaSplit,
  pathwaysTheory,
  reductionFactor,
} from "../../src/sim/theory/pathways.js";
import { createRng } from "../../src/sim/rng.js";
import { collectRun } from "../../node/collect.js";
import { loadTf } from "../../node/tfNode.js";
import { hessianSharpness } from "../../loaders/sharpnessAt.js";
import { createDeepLinearJs } from "../../src/sim/engines/deepLinearJs.js";
import type { Tf } from "../../src/sim/types.js";

/** Float64 loss ½‖Σ_k W_L⋯W_1 − T‖² of a flat parameter vector, for finite differences. */
function loss64(theta: Float64Array, K: number, dims: number[], T: Float64Array): number {
  const L = dims.length - 1;
  const sum = new Float64Array(dims[L] * dims[0]);
  let off = 0;
  for (let k = 0; k < K; k++) {
    let P: Float64Array | null = null; // dims[l] × dims[0]
    for (let l = 0; l < L; l++) {
      const r = dims[l + 1],
        c = dims[l];
      const W = theta.subarray(off, off + r * c);
      off += r * c;
      if (P === null) P = Float64Array.from(W);
      else {
        const Q = new Float64Array(r * dims[0]);
        for (let i = 0; i < r; i++)
          for (let j = 0; j < dims[0]; j++)
            for (let m = 0; m < c; m++) Q[i * dims[0] + j] += W[i * c + m] * P[m * dims[0] + j];
        P = Q;
      }
    }
    P!.forEach((v, i) => (sum[i] += v));
  }
  return 0.5 * sum.reduce((acc, v, i) => acc + (v - T[i]) ** 2, 0);
}

function fdHessian(theta: Float64Array, f: (t: Float64Array) => number, h = 1e-4): Float64Array {
  const n = theta.length,
    H = new Float64Array(n * n);
  const at = (i: number, di: number, j: number, dj: number) => {
    const t = Float64Array.from(theta);
    t[i] += di;
    t[j] += dj;
    return f(t);
  };
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const v = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
      H[i * n + j] = H[j * n + i] = v;
    }
  return H;
}

describe("pathways: Hessian, Lanczos and theory", () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = await loadTf({ backend: "wasm" });
  });
  // A tiny net, K = 2 pathways of 3 layers, dims 2 → 3 → 2 → 2, at a random (non-minimum) point.
  const K = 2,
    dims = [2, 3, 2, 2];
  const T = Float64Array.of(1, 0.5, -0.3, 2);
  const n = K * (6 + 6 + 4);
  const theta = Float64Array.from(
    { length: n },
    (
      (r) => () =>
        0.7 * r.normal()
    )(createRng({ seed: 11 })),
  );
  const H = fdHessian(theta, (t) => loss64(t, K, dims, T));
  const asMats = () => {
    let off = 0;
    return Array.from({ length: K }, () =>
      dims.slice(0, -1).map((c, l) => {
        const r = dims[l + 1];
        const m = tf.tensor3d(Float32Array.from(theta.subarray(off, off + r * c)), [1, r, c]);
        off += r * c;
        return m;
      }),
    );
  };

  it("computes exact Hessian-vector products (against a float64 finite-difference Hessian)", () => {
    const W = asMats();
    const Tt = tf.tensor3d(Float32Array.from(T), [1, 2, 2]);
    const r = createRng({ seed: 4 });
    const v = Float64Array.from({ length: n }, () => r.normal());
    const Hv = tf
      .tidy(() =>
        flatten(tf, hessianVector({ tf, W, V: unflatten(tf, tf.tensor2d(Float32Array.from(v), [1, n]), W), T: Tt })),
      )
      .dataSync();
    const ref = Array.from({ length: n }, (_, i) => v.reduce((acc, vj, j) => acc + H[i * n + j] * vj, 0));
    const scale = Math.hypot(...ref);
    ref.forEach((x, i) => expect(Math.abs(Hv[i] - x)).toBeLessThan(1e-4 * scale));
    tf.dispose([...W.flat(), Tt]);
  });

  it("finds the largest algebraic eigenvalue with Lanczos, even with negative eigenvalues present", async () => {
    const { values } = symmetricEigen({ matrix: H, n });
    expect(values.at(-1)!).toBeLessThan(0); // a saddle region: plain power iteration could lock onto this
    const W = asMats();
    const Tt = tf.tensor3d(Float32Array.from(T), [1, 2, 2]);
    const start = tf.tensor2d(
      Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1)),
      [1, n],
    );
    const [top] = await lanczosMax({
      tf,
      apply: (x) => flatten(tf, hessianVector({ tf, W, V: unflatten(tf, x, W), T: Tt })),
      start,
      iters: n,
    });
    expect(Math.abs(top / values[0] - 1)).toBeLessThan(1e-4);
    tf.dispose([...W.flat(), Tt, start]);
  });

  it("hand-written engine: exact top eigenvalue and gradient step against float64 finite differences, depths 1–3, two members", async () => {
    for (const dims of [
      [2, 3, 2, 2],
      [3, 5],
      [3, 4, 3],
    ]) {
      const T = Float64Array.from({ length: dims[0] * dims.at(-1)! }, (_, i) => Math.cos(i));
      const N = K * dims.slice(0, -1).reduce((acc, c, l) => acc + c * dims[l + 1], 0);
      const r = createRng({ seed: N });
      const thetas = [0, 1].map(() => Float64Array.from({ length: N }, () => 0.7 * r.normal()));
      const split = (t: Float64Array) => {
        const sizes = Array.from({ length: K }, () => dims.slice(0, -1).map((c, l) => c * dims[l + 1])).flat();
        const ends = sizes.map((_, i) => sizes.slice(0, i + 1).reduce((x, y) => x + y, 0));
        const mats = sizes.map((size, i) => t.slice(ends[i] - size, ends[i]));
        return Array.from({ length: K }, (_, k) => mats.slice(k * (dims.length - 1), (k + 1) * (dims.length - 1)));
      };
      const lr = 1e-3;
      const model = createDeepLinearJs({
        T: { T, rows: dims.at(-1)!, cols: dims[0] },
        dims,
        inits: thetas.map(split),
        lrs: [lr, lr],
      });
      const f = (t: Float64Array) => loss64(t, K, dims, T);
      const start = Float32Array.from({ length: 2 * N }, (_, i) => Math.sin(i + 1));
      const tops = await model.sharpness({ start, iters: N });
      thetas.forEach((theta, e) => {
        const top = symmetricEigen({ matrix: fdHessian(theta, f), n: N }).values[0];
        expect(Math.abs(tops[e] - top)).toBeLessThan(1e-5 * Math.max(1, Math.abs(top)));
      });
      // one GD step, then the loss it reports against the loss after a step along the FD gradient
      const { loss: before } = model.step({ update: true, omegas: false }) as { loss: Float64Array };
      const { loss: after } = model.step({ update: false, omegas: false }) as { loss: Float64Array };
      thetas.forEach((theta, e) => {
        expect(before[e]).toBeCloseTo(f(theta), 12);
        const g = theta.map((_, i) => {
          const p = Float64Array.from(theta),
            m = Float64Array.from(theta);
          p[i] += 1e-6;
          m[i] -= 1e-6;
          return (f(p) - f(m)) / 2e-6;
        });
        expect(Math.abs(after[e] - f(theta.map((x, i) => x - lr * g[i])))).toBeLessThan(1e-9 * f(theta));
      });
    }
  });

  it("solves tridiagonal and dense symmetric eigenproblems", () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1
    expect(tridiagonalMaxEigen({ alpha: [2, 2], beta: [1] })).toBeCloseTo(3, 12);
    expect(tridiagonalMaxEigen({ alpha: [-5, -1, -3], beta: [0, 0] })).toBeCloseTo(-1, 12);
    const { values } = symmetricEigen({ matrix: [4, 1, 0, 1, 3, 1, 0, 1, 2], n: 3 });
    // trace 9, det 18: check the invariants
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(9, 10);
    expect(values.reduce((a, b) => a * b, 1)).toBeCloseTo(18, 9);
  });

  it("recovers the hierarchy's singular values √15, √7, √3, √3, 1, 1, 1, 1", () => {
    const svd = smallSvd(hierarchyTarget());
    const expected = [15, 7, 3, 3, 1, 1, 1, 1].map(Math.sqrt);
    svd.forEach((m, a) => expect(m.s).toBeCloseTo(expected[a], 10));
  });

  it("measures λ_max at constructed balanced minima as L·s^(2−2/L)·Σ q_k^(2−2/L) (scalar, 1e-3)", async () => {
    for (const [L, s, shares] of [
      [3, 2, [1, 0]],
      [4, 1, [0.7, 0.3]],
      [3, 1.5, [0.5, 0.3, 0.2]],
      [6, 1, [0.5, 0.5]],
    ] as [number, number, number[]][]) {
      const measured = await hessianSharpness({ K: shares.length, L, shares, s });
      expect(Math.abs(measured / lambdaSplit({ s, L, shares }) - 1)).toBeLessThan(1e-3);
    }
    expect(lambdaSplit({ s: 2, L: 3, shares: [1] })).toBeCloseTo(lambdaSingle({ s: 2, L: 3 }), 12);
  });

  it("measures λ_max at constructed minima of the matrix model on the hierarchy (1e-3)", async () => {
    const target = hierarchyTarget(),
      svd = smallSvd(target),
      L = 3,
      H = 16;
    // Pathway k holds share q_k of every mode, balanced: W1 = D Vᵀ (H×8), W2 = D (H×H), W3 = U D (15×H), D = diag((q_k s_α)^(1/3)).
    const build = (q: number) => {
      const d = svd.map((m) => (q * m.s) ** (1 / L));
      const W1 = new Float32Array(H * 8),
        W2 = new Float32Array(H * H),
        W3 = new Float32Array(15 * H);
      svd.forEach((m, a) => {
        for (let c = 0; c < 8; c++) W1[a * 8 + c] = d[a] * m.v[c];
        W2[a * H + a] = d[a];
        for (let r = 0; r < 15; r++) W3[r * H + a] = m.u[r] * d[a];
      });
      return [tf.tensor3d(W1, [1, H, 8]), tf.tensor3d(W2, [1, H, H]), tf.tensor3d(W3, [1, 15, H])];
    };
    const Tt = tf.tensor3d(Float32Array.from(target.T), [1, 15, 8]);
    for (const q of [1, 0.6]) {
      const W = [build(q), build(1 - q)];
      const N = W.flat().reduce((acc, m) => acc + m.size, 0);
      const r = createRng({ seed: 5 });
      const start = tf.tensor2d(
        Float32Array.from({ length: N }, () => r.normal()),
        [1, N],
      );
      const [top] = await lanczosMax({
        tf,
        apply: (x) => flatten(tf, hessianVector({ tf, W, V: unflatten(tf, x, W), T: Tt })),
        start,
        iters: 60,
      });
      expect(Math.abs(top / lambdaSplit({ s: svd[0].s, L, shares: [q, 1 - q] }) - 1)).toBeLessThan(1e-3);
      tf.dispose([...W.flat(), start]);
    }
    Tt.dispose();
  });

  it("gives ρ(K, L) = K^(2/L−1) from measured sharpness", async () => {
    for (const [K, L] of [
      [2, 3],
      [3, 4],
      [4, 6],
      [2, 2],
    ]) {
      const single = await hessianSharpness({ K, L, shares: [1, ...new Array(K - 1).fill(0)] });
      const equal = await hessianSharpness({ K, L, shares: new Array(K).fill(1 / K) });
      expect(Math.abs(equal / single / reductionFactor({ K, L }) - 1)).toBeLessThan(1e-3);
    }
    expect([2, 3, 4, 6].map((L) => reductionFactor({ K: 2, L }).toFixed(3))).toEqual([
      "1.000",
      "0.794",
      "0.707",
      "0.630",
    ]);
  });
});

describe("pathways dynamics", () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = await loadTf({ backend: "wasm" });
  });
  const scalarRun = (lrs: number[], extra = {}) =>
    collectRun({
      tf,
      experiment: "pathways",
      params: {
        model: "scalar",
        depth: 4,
        initScale: 0.3,
        steps: 3000,
        sharpnessEvery: 50,
        sharpnessIters: 8,
        ...extra,
      },
      members: lrs.map((lr) => ({ lr, seed: 0 })),
    });

  it("keeps the initial shares with L = 2", async () => {
    const r = await scalarRun([0.1, 0.3], { depth: 2, sharpnessIters: 4 });
    const initial = 0.3 ** 2 / (0.3 ** 2 + 0.25 ** 2);
    for (const m of r.summary.members) expect(Math.abs((m.finalShare as number[])[0] - initial)).toBeLessThan(0.01);
  });

  it("ends balanced with λ_max within 1 % below 2/η inside the window, and does not converge above it (scalar toy)", async () => {
    const r = await scalarRun([0.6, 0.65, 0.68, 0.72]);
    const th = pathwaysTheory({ s: 1, L: 4, K: 2, lr: 0.6 });
    expect([th.windowLow, th.windowHigh].map((x) => x.toFixed(4))).toEqual(["0.5000", "0.7071"]);
    for (const m of r.summary.members.slice(0, 3)) {
      const edge = 2 / (m.lr as number);
      expect(m.converged).toBe(true);
      expect(m.finalSharpness as number).toBeLessThan(edge);
      expect(m.finalSharpness as number).toBeGreaterThan(0.99 * edge);
      expect(Math.abs((m.finalShare as number[])[0] - edgeShare({ s: 1, L: 4, lr: m.lr as number }))).toBeLessThan(
        0.02,
      );
    }
    expect(r.summary.members[3].converged).toBe(false);
  });

  it("on the hierarchy: flow-like η ends winner-takes-all at λ_single; η = 0.125 splits, just below 2/η; η = 0.15 does not converge", async () => {
    const flow = await collectRun({
      tf,
      experiment: "pathways",
      params: { lr: 0.02, steps: 5000, sharpnessEvery: 1000, every: 100 },
    });
    const m = flow.summary.members[0];
    expect((m.finalShare as number[])[0]).toBeGreaterThan(0.99);
    expect(Math.abs((m.finalSharpness as number) / (flow.summary.theory.lambdaSingle as number) - 1)).toBeLessThan(
      0.01,
    );
    const eos = await collectRun({
      tf,
      experiment: "pathways",
      params: { lr: 0.125, steps: 3000, sharpnessEvery: 1000, every: 100, denseUntil: 200 },
    });
    const e = eos.summary.members[0];
    expect(e.converged).toBe(true);
    expect(e.finalSharpness as number).toBeLessThan(16);
    expect(e.finalSharpness as number).toBeGreaterThan(0.99 * 16);
    expect((e.finalShare as number[])[0]).toBeLessThan(0.85);
    // the catapult: sharpness overshoots 2/η on the way
    expect(
      Math.max(...eos.samples.filter((s) => s.sharpness != null).map((s) => s.sharpness as number)),
    ).toBeGreaterThan(20);
    const above = await collectRun({
      tf,
      experiment: "pathways",
      params: { lr: 0.15, steps: 3000, sharpnessEvery: 0, every: 100 },
    });
    expect(above.summary.members[0].converged).toBe(false);
  });
});
