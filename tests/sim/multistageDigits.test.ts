import { beforeAll, describe, expect, it } from "vitest";
import { loadDataSet } from "../../node/dataSets.js";
import { loadTf } from "../../node/tfNode.js";
import { stratifiedSubset, subsetOf } from "../../src/sim/data/labelledSet.js";
import { multistageData, multistageInit } from "../../src/sim/experiments/multistage.js";
import { experiments } from "../../src/sim/experiments/index.js";
import { twoLayerLossGrad } from "../../src/sim/models/twoLayer.js";
import { multistageTheory } from "../../src/sim/theory/multistage.js";
import { leastSquares } from "../../src/sim/metrics/leastSquares.js";
import { condensedFraction, cosineMatrix, meanAbsCosTo } from "../../src/sim/metrics/condensation.js";
import { createTwoLayerJs } from "../../src/sim/engines/twoLayerJs.js";
import { createTwoLayerTf } from "../../src/sim/engines/twoLayerTf.js";
import { createRng } from "../../src/sim/rng.js";
import type { Tf } from "../../src/sim/types.js";
import { solve } from "./solve.js";
import { collectRun } from "../../node/collect.js";
import { baseParams } from "../../src/sim/experiments/baseParams.js";
import { multistageDigitsVerdict } from "../../loaders/multistageDigits.js";

loadDataSet("digits"); // registers the data source
const digits = multistageData({ data: "digits", trainSize: 1797, points: 20, target: "tanh2" });

/** n digits (a stratified subset) as the scalar task, for the small checks. */
const small = (n: number) => multistageData({ data: "digits", trainSize: n, points: 20, target: "tanh2" });

describe("the multi-stage theory on the digits", () => {
  const { x, y, d } = digits;
  const n = y.length;
  const theory = multistageTheory({ x, y, width: 100, initScale: 1e-4, lr: 0.4 });

  it("takes the 61 varying pixels, scaled to mean squared norm 1, and y = ±1 by the 5–9 split", () => {
    expect(d).toBe(61);
    let norm2 = 0;
    for (let i = 0; i < x.length; i++) norm2 += x[i] ** 2 / n;
    expect(norm2).toBeCloseTo(1, 10);
    const labels = subsetOf(
      loadDataSet("digits"),
      stratifiedSubset({ ...loadDataSet("digits"), size: n, seed: 0 }),
    ).labels;
    labels.forEach((c, i) => expect(y[i]).toBe(c >= 5 ? 1 : -1));
  });

  it("computes M = E[y x̃], λ = ‖M‖ and T_init = ln(1/mε²)/(2λη) from the data", () => {
    const M = new Float64Array(d + 1);
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < d; s++) M[s] += (y[i] * x[i * d + s]) / n;
      M[d] += y[i] / n;
    }
    M.forEach((v, s) => expect(theory.M[s]).toBeCloseTo(v, 14));
    expect(theory.lambda).toBeCloseTo(Math.hypot(...M), 14);
    expect(theory.tInit).toBeCloseTo(Math.log(1 / (100 * 1e-8)) / (2 * theory.lambda * 0.4), 9);
  });

  it("gives L_lin as the normal equations solved by plain elimination give it", () => {
    const p = d + 1;
    const A = new Float64Array(p * p),
      b = new Float64Array(p);
    const row = (i: number) => [...x.subarray(i * d, (i + 1) * d), 1];
    for (let i = 0; i < n; i++) {
      const r = row(i);
      for (let s = 0; s < p; s++) {
        b[s] += r[s] * y[i];
        for (let t = 0; t < p; t++) A[s * p + t] += r[s] * r[t];
      }
    }
    const beta = solve(A, b, p, 1);
    let loss = 0;
    for (let i = 0; i < n; i++) loss += (row(i).reduce((s, v, k) => s + v * beta[k], 0) - y[i]) ** 2;
    expect(theory.lLin).toBeCloseTo(loss / (2 * n), 12);
    expect(theory.lLin).toBeGreaterThan(0.1);
    expect(theory.lLin).toBeLessThan(0.5);
  });

  it("least squares leaves a residual orthogonal to every column, also when columns repeat", () => {
    const rng = createRng({ seed: 5 });
    const rows = 40,
      p = 6;
    const X = new Float64Array(rows * p),
      yy = Float64Array.from({ length: rows }, () => rng.normal());
    for (let i = 0; i < rows; i++) {
      for (let s = 0; s < 4; s++) X[i * p + s] = rng.normal();
      X[i * p + 4] = X[i * p] - 2 * X[i * p + 1]; // dependent
      X[i * p + 5] = 1;
    }
    const { beta, loss, rank } = leastSquares({ X, y: yy });
    expect(rank).toBe(5);
    let check = 0;
    for (let s = 0; s < p; s++) {
      let g = 0;
      for (let i = 0; i < rows; i++) {
        let r = -yy[i];
        for (let t = 0; t < p; t++) r += X[i * p + t] * beta[t];
        g += X[i * p + s] * r;
        if (s === 0) check += r * r;
      }
      expect(Math.abs(g)).toBeLessThan(1e-10);
    }
    expect(loss).toBeCloseTo(check / (2 * rows), 14);
  });
});

describe("the two-layer net on d-dimensional inputs", () => {
  const { x, y, d } = small(37);
  const net = multistageInit({ width: 6, seed: 2, initScale: 0.5, inputs: d });

  it("has the gradient of its loss (central differences, every weight of a neuron)", () => {
    for (const activation of ["tanh", "relu"] as const) {
      const g = twoLayerLossGrad({ x, y, ...net, activation });
      const h = 1e-6;
      const at = (key: "a" | "w" | "b", i: number, delta: number) => {
        const p = { a: net.a.slice(), w: net.w.slice(), b: net.b.slice() };
        p[key][i] += delta;
        return twoLayerLossGrad({ x, y, ...p, activation }).loss;
      };
      const check = (key: "a" | "w" | "b", grad: Float64Array, idx: number[]) =>
        idx.forEach((i) => expect(grad[i]).toBeCloseTo((at(key, i, h) - at(key, i, -h)) / (2 * h), 7));
      check("a", g.ga, [0, 3, 5]);
      check("b", g.gb, [1, 4]);
      check("w", g.gw, [0, 7, d + 3, 6 * d - 1]);
    }
  });

  it("the js engine's blocked products take the same steps as the reference loops (padded sizes, 2 members)", async () => {
    const other = multistageInit({ width: 6, seed: 3, initScale: 0.5, inputs: d });
    for (const activation of ["tanh", "relu"] as const) {
      const model = createTwoLayerJs({ x, y, activation, lr: 0.3, inits: [net, other] });
      const ref = [net, other].map((p) => ({ a: p.a.slice(), w: p.w.slice(), b: p.b.slice() }));
      for (let t = 0; t < 5; t++) {
        const losses = model.step(true) as Float64Array;
        ref.forEach((p, j) => {
          const g = twoLayerLossGrad({ x, y, ...p, activation });
          expect(losses[j]).toBeCloseTo(g.loss, 13);
          p.a.forEach((_, k) => (p.a[k] -= 0.3 * g.ga[k]));
          p.w.forEach((_, k) => (p.w[k] -= 0.3 * g.gw[k]));
          p.b.forEach((_, k) => (p.b[k] -= 0.3 * g.gb[k]));
        });
      }
      (await model.weights()).forEach((wj, j) => {
        wj.w.forEach((v, k) => expect(v).toBeCloseTo(ref[j].w[k], 12));
        wj.a.forEach((v, k) => expect(v).toBeCloseTo(ref[j].a[k], 12));
        wj.b.forEach((v, k) => expect(v).toBeCloseTo(ref[j].b[k], 12));
      });
    }
  });
});

describe("js against tfjs on the digits", () => {
  let tf: Tf;
  beforeAll(async () => {
    tf = await loadTf({ backend: "cpu" });
  });

  it("follows the same losses over 30 steps from ε = 0.1 (float32 tolerance)", async () => {
    const { x, y, d } = small(300);
    const inits = [multistageInit({ width: 20, seed: 0, initScale: 0.1, inputs: d })];
    const js = createTwoLayerJs({ x, y, activation: "tanh", lr: 0.4, inits });
    const tfm = createTwoLayerTf({ tf, x, y, activation: "tanh", lr: 0.4, inits });
    for (let t = 0; t < 30; t++) {
      const a = (js.step(true) as Float64Array)[0];
      const b = (await (tfm.step(true) as { data(): Promise<Float32Array> }).data())[0];
      expect(Math.abs(a - b)).toBeLessThan(2e-5 * (1 + a));
    }
    const [wj, wt] = [(await js.weights())[0], (await tfm.weights())[0]];
    wj.w.forEach((v, k) => expect(Math.abs(v - wt.w[k])).toBeLessThan(1e-4));
    tfm.dispose();
  });
});

describe("condensation in many dimensions", () => {
  it("counts aligned pairs, cosines and the mean |cos| to M by their definitions", () => {
    const rng = createRng({ seed: 9 });
    const m = 9,
      d = 5;
    const dir = Array.from({ length: d + 1 }, () => rng.normal());
    // three neurons along +dir, two along −dir (a line: condensed), four at random
    const rows = Array.from({ length: m }, (_, k) =>
      k < 5 ? dir.map((v) => v * (k < 3 ? 1 + k : -(k - 2))) : dir.map(() => rng.normal()),
    );
    const w = rows.flatMap((r) => r.slice(0, d)),
      b = rows.map((r) => r[d]);
    const cos = (u: number[], v: number[]) =>
      u.reduce((s, ui, i) => s + ui * v[i], 0) / Math.hypot(...u) / Math.hypot(...v);
    const C = cosineMatrix({ w, b });
    let pairs = 0;
    for (let k = 0; k < m; k++)
      for (let l = 0; l < m; l++) {
        expect(C[k * m + l]).toBeCloseTo(cos(rows[k], rows[l]), 12);
        if (l > k && Math.abs(cos(rows[k], rows[l])) > 0.99) pairs++;
      }
    expect(pairs).toBeGreaterThanOrEqual(10); // the five on the line: 10 pairs
    expect(condensedFraction({ w, b })).toBeCloseTo(pairs / 36, 14);
    const mean = rows.reduce((s, r) => s + Math.abs(cos(r, dir)), 0) / m;
    expect(meanAbsCosTo({ w, b, direction: dir })).toBeCloseTo(mean, 12);
  });
});

describe("multistage --data digits", () => {
  it("ends its initial plateau near T_init and rests near L_lin, condensed (the page's verdict, on one seed)", async () => {
    const params = {
      ...baseParams({ experiment: experiments.multistage, values: { data: "digits" } }),
      data: "digits",
    };
    const run = await collectRun({ experiment: "multistage", params: { ...params, steps: 400, snapshots: 0 } });
    const theory = run.summary.theory as unknown as { tInit: number; lLin: number };
    const member = run.summary.members[0] as unknown as { plateauEnd: number; diverged: boolean };
    const trace = {
      step: run.samples.map((s) => s.step),
      loss: run.samples.map((s) => s.loss),
      cosMean: run.samples.map((s) => s.cosMean as number),
      condensedFrac: run.samples.map((s) => s.condensedFrac as number),
    };
    expect(Math.abs(member.plateauEnd / theory.tInit - 1)).toBeLessThan(0.3);
    expect(Math.abs(trace.loss.at(-1)! / theory.lLin - 1)).toBeLessThan(0.05);
    const verdict = multistageDigitsVerdict({
      theory,
      members: [{ seed: 0, plateauEnd: member.plateauEnd, secondaryLevel: trace.loss.at(-1)!, diverged: false, trace }],
    });
    expect(verdict).toMatchObject({ plateau: true, secondary: true, condensed: true, third: false });
    expect(verdict.text).toContain(`T_init = ${theory.tInit.toFixed(0)} steps`);
    // a secondary level 10 % off L_lin bends
    const off = multistageDigitsVerdict({
      theory,
      members: [{ seed: 0, plateauEnd: member.plateauEnd, secondaryLevel: 1.1 * theory.lLin, diverged: false, trace }],
    });
    expect(off.secondary).toBe(false);
    expect(off.text).toContain("bends away from L_lin");
  });

  it("brings its own step size and refuses a train size beyond the set", () => {
    const exp = experiments.multistage;
    const variant = exp.variants!.find((v) => v.param === "data")!;
    expect(variant.defaults.digits.lr).toBeGreaterThan(0);
    expect(() =>
      exp.theory!({
        ...Object.fromEntries(exp.schema.map((s) => [s.name, s.default])),
        data: "digits",
        trainSize: 5000,
      }),
    ).toThrow(/train-size must be an integer from 1 to 1797/);
  });
});
