import { describe, expect, it } from "vitest";
import { createDeepTanhJs } from "../../src/sim/engines/deepTanhJs.js";
import { symmetricEigen } from "../../src/sim/metrics/symmetricEigen.js";
import { createRng } from "../../src/sim/rng.js";

describe("pathways with tanh hidden layers (js, float64)", () => {
  const rng = createRng({ seed: 11 });
  const n = 7,
    dims = [5, 4, 4, 3],
    K = 2;
  const data = {
    X: Float64Array.from({ length: n * dims[0] }, () => rng.normal()),
    Y: Float64Array.from({ length: n * dims[3] }, () => rng.normal()),
    n,
    w: 1 / n,
  };
  const init = Array.from({ length: K }, () =>
    dims.slice(1).map((d, l) => Float64Array.from({ length: d * dims[l] }, () => 0.6 * rng.normal())),
  );
  const flat = (W: Float64Array[][]) => Float64Array.from(W.flatMap((Wk) => Wk.flatMap((x) => [...x])));
  const unflat = (v: Float64Array) => {
    const sizes = init.flat().map((x) => x.length);
    const at = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
    return init.map((Wk, k) =>
      Wk.map((_, l) => v.slice(at[k * Wk.length + l], at[k * Wk.length + l] + sizes[k * Wk.length + l])),
    );
  };
  const theta = flat(init);
  const N = theta.length;
  const loss = (v: Float64Array) =>
    (
      createDeepTanhJs({ data, dims, inits: [unflat(v)], lrs: [1] }).step({ update: false, omegas: false })
        .loss as Float64Array
    )[0];
  /** The exact gradient: one step of η = 1 moves the weights by −∇. */
  const grad = async (v: Float64Array) => {
    const model = createDeepTanhJs({ data, dims, inits: [unflat(v)], lrs: [1] });
    model.step({ update: true, omegas: false });
    const after = flat((await model.weights!())[0]);
    return v.map((x, i) => x - after[i]);
  };

  it("has the gradient of its loss (central differences)", async () => {
    const g = await grad(theta);
    const h = 1e-6;
    for (const i of [0, 3, 19, 20, 40, N - 1]) {
      const plus = theta.slice(),
        minus = theta.slice();
      plus[i] += h;
      minus[i] -= h;
      expect(g[i]).toBeCloseTo((loss(plus) - loss(minus)) / (2 * h), 8);
    }
  });

  it("finds λ_max of the Hessian built from central differences of the gradient (exact Hessian-vector products)", async () => {
    const h = 1e-5;
    const H = new Float64Array(N * N);
    for (let j = 0; j < N; j++) {
      const plus = theta.slice(),
        minus = theta.slice();
      plus[j] += h;
      minus[j] -= h;
      const [gp, gm] = [await grad(plus), await grad(minus)];
      for (let i = 0; i < N; i++) H[i * N + j] = (gp[i] - gm[i]) / (2 * h);
    }
    // symmetrize the difference quotient's O(h²) asymmetry
    for (let i = 0; i < N; i++)
      for (let j = 0; j < i; j++) H[i * N + j] = H[j * N + i] = (H[i * N + j] + H[j * N + i]) / 2;
    const top = symmetricEigen({ matrix: H, n: N }).values[0];
    const model = createDeepTanhJs({ data, dims, inits: [init], lrs: [1] });
    const start = Float32Array.from({ length: N }, () => rng.normal());
    const [lam] = await model.sharpness({ start, iters: N });
    expect(lam).toBeCloseTo(top, 6);
    expect(top).toBeGreaterThan(0);
  });

  it("gives each pathway's linear part on the data, Σ_i w_i f_k(x_i) x_iᵀ", async () => {
    const model = createDeepTanhJs({ data, dims, inits: [init], lrs: [1] });
    const om = await model.step({ update: false, omegas: true }).omegas!;
    // pathway 0 computed here by hand
    const f = (x: number[], Wk: Float64Array[]) =>
      Wk.reduce((h, W, l) => {
        const rows = W.length / h.length;
        const a = Array.from({ length: rows }, (_, r) => h.reduce((s, v, j) => s + W[r * h.length + j] * v, 0));
        return l < Wk.length - 1 ? a.map(Math.tanh) : a;
      }, x);
    const c = dims[3],
      d = dims[0];
    for (let r = 0; r < c; r++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) {
          const x = Array.from(data.X.subarray(i * d, (i + 1) * d));
          s += (f(x, init[0])[r] * x[j]) / n;
        }
        expect(om[r * d + j]).toBeCloseTo(s, 12);
      }
  });
});

describe("pathways --activation tanh", () => {
  it("sharpens progressively on the digits, then hovers at 2/η (Cohen et al.'s Figure 1)", async () => {
    const { collectRun } = await import("../../node/collect.js");
    await import("../../node/dataSets.js");
    const params = {
      data: "digits",
      activation: "tanh",
      lr: 1,
      steps: 800,
      sharpnessEvery: 100,
      sharpnessIters: 16,
      every: 100,
    };
    const run = await collectRun({ experiment: "pathways", params });
    const sharp = run.samples.filter((s) => s.sharpness !== null).map((s) => [s.step, s.sharpness as number]);
    expect(sharp[0][1]).toBeLessThan(0.1);
    const late = sharp.filter(([t]) => t >= 600).map(([, v]) => v);
    expect(late.length).toBeGreaterThan(1);
    for (const v of late) expect(Math.abs(v / 2 - 1)).toBeLessThan(0.1);
    const { tanhVerdict } = await import("../../loaders/pathwaysTanh.js");
    const trace = {
      lr: 1,
      step: run.samples.map((s) => s.step),
      loss: run.samples.map((s) => s.loss),
      sharpnessStep: sharp.map(([t]) => t),
      sharpness: sharp.map(([, v]) => v),
    };
    expect(tanhVerdict({ traces: [trace], steps: 800 }).rows[0]).toMatchObject({ sharpens: true, hovers: true });
    // the same trace read against another step size's edge bends
    expect(tanhVerdict({ traces: [{ ...trace, lr: 0.5 }], steps: 800 }).holds).toBe(false);
  });

  it("refuses the scalar toy and the tfjs engine, naming why", async () => {
    const { experiments } = await import("../../src/sim/experiments/index.js");
    const { defaults } = await import("../../src/sim/params.js");
    const exp = experiments.pathways;
    const base = { ...defaults(exp.schema), activation: "tanh" };
    expect(() => exp.theory!({ ...base, model: "scalar" })).toThrow("activation tanh needs model matrix");
    await expect(exp.run({ engine: "tfjs", params: { ...base, steps: 2 }, sink: {} })).rejects.toThrow(
      "activation tanh runs gradient descent on the js engine",
    );
  });
});
