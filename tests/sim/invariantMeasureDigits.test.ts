import { beforeAll, describe, expect, it } from "vitest";
import { loadDataSet } from "../../node/dataSets.js";
import { loadTf } from "../../node/tfNode.js";
import { invariantMeasureData, invariantMeasureInit } from "../../src/sim/experiments/invariantMeasure.js";
import { scaleInvariantLossGrad } from "../../src/sim/models/scaleInvariantNet.js";
import { createScaleInvariantJs } from "../../src/sim/engines/scaleInvariantJs.js";
import { createScaleInvariantTf } from "../../src/sim/engines/scaleInvariantTf.js";
import { equilibriumNorm } from "../../src/sim/theory/invariantMeasure.js";
import { invariantMeasureDigits } from "../../loaders/invariantMeasureDigits.js";
import { createRng } from "../../src/sim/rng.js";
import type { Tf } from "../../src/sim/types.js";

loadDataSet("digits"); // registers the data source
const rows = (n: number) => invariantMeasureData({ data: "digits", trainSize: n, points: 10, dataSeed: 0 });

describe("the scale-invariant net on the digits", () => {
  const { X, y, p } = rows(60);
  const net = (seed: number, m: number) => ({
    ...invariantMeasureInit({ width: m, initSeed: seed, inputs: p }),
    b: 0.1,
  });

  it("takes x̃ = (pixels / √d, 1) and y = 1 for the digits 5–9", () => {
    const full = rows(1797);
    expect(full.p).toBe(62);
    for (let i = 0; i < 1797; i++) expect(full.X[i * 62 + 61]).toBe(1);
    expect(full.y.reduce((s, v) => s + v, 0)).toBeGreaterThan(800);
  });

  it("has the gradient of its loss (central differences) and none along V", () => {
    const w = net(1, 5);
    const g = scaleInvariantLossGrad({ X, y, ...w });
    const h = 1e-6;
    const loss = (V: Float64Array) => scaleInvariantLossGrad({ X, y, ...w, V }).loss;
    for (const i of [0, 7, p + 3, 5 * p - 1]) {
      const plus = w.V.slice(),
        minus = w.V.slice();
      plus[i] += h;
      minus[i] -= h;
      expect(g.gV[i]).toBeCloseTo((loss(plus) - loss(minus)) / (2 * h), 7);
    }
    expect(Math.abs(g.gV.reduce((s, v, i) => s + v * w.V[i], 0))).toBeLessThan(1e-12);
  });

  it("the js engine's blocked products step like the reference loops (padded sizes, mini-batches, 2 members)", async () => {
    const m = 6,
      B = 7,
      lr = 0.3,
      lams = [0.01, 0.002];
    const inits = [net(5, m), net(6, m)];
    const model = createScaleInvariantJs({ X, y, inits, weightDecay: lams, decay: 0.9 });
    const r = createRng({ seed: 8 });
    const idx = Int32Array.from({ length: 2 * B }, () => r.int(y.length));
    const losses = Array.from(model.step(lr, idx) as Float64Array);
    const { v, a } = await model.weights();
    inits.forEach((w, j) => {
      const list = Array.from(idx.subarray(j * B, (j + 1) * B));
      const Xb = Float64Array.from(list.flatMap((i) => Array.from(X.subarray(i * p, (i + 1) * p)))),
        yb = Float64Array.from(list, (i) => y[i]);
      const g = scaleInvariantLossGrad({ X: Xb, y: yb, ...w });
      expect(Math.abs(losses[j] - g.loss)).toBeLessThan(1e-12 * g.loss);
      w.V.forEach((x, i) =>
        expect(Math.abs(v[j * m * p + i] - (x - lr * (g.gV[i] + lams[j] * x)))).toBeLessThan(1e-12 * (1 + Math.abs(x))),
      );
      w.a.forEach((x, k) =>
        expect(Math.abs(a[j * m + k] - (x - lr * (g.ga[k] + lams[j] * x)))).toBeLessThan(1e-12 * (1 + Math.abs(x))),
      );
    });
    // full batch: loss and ‖∇f‖ against the reference
    const { loss, gradNorm } = await model.evaluate();
    const after = await model.weights();
    const w0 = { V: Float64Array.from(after.v).subarray(0, m * p), a: Float64Array.from(after.a).subarray(0, m) };
    const g = scaleInvariantLossGrad({ X, y, ...w0, b: model.memberState!(0).b });
    expect(loss[0]).toBeCloseTo(g.loss, 12);
    const norm = Math.hypot(...g.gV, ...g.ga, g.gb);
    expect(gradNorm[0]).toBeCloseTo(norm, 12);
  });
});

describe("js against tfjs on the digits", () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = await loadTf({ backend: "cpu" });
  });

  it("takes the same 20 mini-batch steps (float32 tolerance)", async () => {
    const { X, y, p } = rows(400);
    const inits = [invariantMeasureInit({ width: 16, initSeed: 3, inputs: p })];
    const args = { X, y, inits, weightDecay: [5e-3], decay: 0.99 };
    const js = createScaleInvariantJs(args),
      tfm = createScaleInvariantTf({ tf, ...args });
    const r = createRng({ seed: 4 });
    for (let t = 0; t < 20; t++) {
      const idx = Int32Array.from({ length: 32 }, () => r.int(y.length));
      const a = (js.step(0.2, idx) as Float64Array)[0];
      const b = (await (tfm.step(0.2, idx) as { data(): Promise<Float32Array> }).data())[0];
      expect(Math.abs(a - b)).toBeLessThan(1e-4 * a);
    }
    const [ej, et] = [await js.evaluate(), await tfm.evaluate()];
    expect(Math.abs(ej.gradNorm[0] - et.gradNorm[0])).toBeLessThan(1e-3 * ej.gradNorm[0]);
    expect(Math.abs(ej.vNorm[0] - et.vNorm[0])).toBeLessThan(1e-4 * ej.vNorm[0]);
    tfm.dispose();
  });
});

describe("invariant measure --data digits: the page's figure", () => {
  it("settles with ‖V‖⁴ = ηG²/(2λ), the gradient away from zero and the chains' law still", async () => {
    const run = await invariantMeasureDigits({ chains: 4, steps: 6000 });
    const { lr, weightDecay } = run.params as { lr: number; weightDecay: number };
    expect(run.theory.vNorm).toBeCloseTo(equilibriumNorm({ lr, weightDecay, noiseScale: run.theory.noiseScale }), 12);
    expect(Math.abs(run.measured.eqRatio - 1)).toBeLessThan(0.1);
    expect(Math.abs(run.measured.angle / Math.sqrt(2 * lr * weightDecay) - 1)).toBeLessThan(0.2);
    expect(run.verdict).toMatchObject({ settles: true, gradientStays: true, chainsMove: true, norm: true });
    expect(run.verdict.text).toContain(`√(2ηλ) = ${Math.sqrt(2 * lr * weightDecay).toPrecision(3)}`);
  });
});
