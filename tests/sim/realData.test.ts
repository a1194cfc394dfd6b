import { describe, expect, it } from "vitest";
import { collectRun } from "../../node/collect.js";
import { loadDataSet } from "../../node/dataSets.js";
import { standardized } from "../../src/sim/data/labelledSet.js";
import { whitenedTarget } from "../../src/sim/data/whitenedTarget.js";
import { symmetricEigen } from "../../src/sim/metrics/symmetricEigen.js";
import { smallSvd } from "../../src/sim/models/deepLinear.js";
import { experiments } from "../../src/sim/experiments/index.js";
import { baseParams } from "../../src/sim/experiments/baseParams.js";
import type { Params } from "../../src/sim/params.js";
import { solve } from "./solve.js";

describe("the pathways model on the digits", () => {
  const digits = loadDataSet("digits");
  const target = whitenedTarget(digits);
  const { n, d, x, labels } = standardized(digits);
  // Σ_xx and Σ_xy of the standardized data, computed here without whitening.
  const sxx = new Float64Array(d * d);
  const sxy = new Float64Array(d * 10);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < d; p++) {
      sxy[p * 10 + labels[i]] += x[i * d + p] / n;
      for (let q = 0; q < d; q++) sxx[p * d + q] += (x[i * d + p] * x[i * d + q]) / n;
    }

  it("gives the least-squares linear fit's loss, as the normal equations give it", () => {
    // W* = Σ_yx Σ_xx⁻¹ (as d × 10: Σ_xx⁻¹ Σ_xy); its loss ½ E‖y − W* x‖² = ½(1 − tr(Σ_yx Σ_xx⁻¹ Σ_xy)).
    const w = solve(sxx, sxy, d, 10);
    let fit = 0;
    for (let p = 0; p < d; p++) for (let c = 0; c < 10; c++) fit += sxy[p * 10 + c] * w[p * 10 + c];
    expect(target.lossFloor).toBeCloseTo(0.5 * (1 - fit), 10);
    expect(target.lossFloor).toBeGreaterThan(0);
  });

  it("has the singular values of Σ_yx Σ_xx^(−1/2): the eigenvalues of Σ_yx Σ_xx⁻¹ Σ_xy are their squares", () => {
    const w = solve(sxx, sxy, d, 10);
    const m = new Float64Array(100);
    for (let a = 0; a < 10; a++)
      for (let b = 0; b < 10; b++) for (let p = 0; p < d; p++) m[a * 10 + b] += sxy[p * 10 + a] * w[p * 10 + b];
    const expected = symmetricEigen({ matrix: m, n: 10 }).values.map((v) => Math.sqrt(Math.max(v, 0)));
    const got = smallSvd(target)
      .map((mode) => mode.s)
      .slice(0, 10);
    got.forEach((s, i) => expect(s).toBeCloseTo(expected[i], 8));
    // one-hot labels sum to 1 and the inputs are centred: rank 9
    expect(got[9]).toBeLessThan(1e-8);
  });

  it("takes --data digits to a step size inside that data's window, and refuses what the data does not allow", () => {
    const exp = experiments.pathways;
    const params: Params = { ...baseParams({ experiment: exp, values: { data: "digits" } }), data: "digits" };
    const th = exp.theory!(params) as Record<string, number>;
    expect(th.s).toBeCloseTo(smallSvd(target)[0].s, 12);
    expect(th.windowLow).toBeLessThan(Number(params.lr));
    expect(Number(params.lr)).toBeLessThan(th.windowHigh);
    expect(th.lossFloor).toBeCloseTo(target.lossFloor, 12);
    expect(() => exp.theory!({ ...params, trainSize: 2000 })).toThrow(
      "train-size must be an integer from 1 to 1797 for data digits (got 2000)",
    );
    expect(() => exp.theory!({ ...params, model: "scalar" })).toThrow("data digits needs model matrix");
  });

  it("settles at the edge of stability inside the window, splitting the top mode; a small step specializes more", async () => {
    const exp = experiments.pathways;
    const base = {
      ...baseParams({ experiment: exp, values: { data: "digits" } }),
      data: "digits",
      steps: 4000,
      sharpnessEvery: 200,
    };
    const run = async (lr: number) =>
      (await collectRun({ experiment: "pathways", params: { ...base, lr }, keep: false })).summary;
    const edge = await run(3.8);
    const small = await run(1);
    const e = edge.members[0] as unknown as { converged: boolean; finalSharpness: number; finalShare: number[] };
    const f = small.members[0] as unknown as typeof e;
    expect(e.converged && f.converged).toBe(true);
    // λ_max within 1 % of 2/η: gradient descent sits at the edge of stability
    expect(Math.abs((e.finalSharpness * 3.8) / 2 - 1)).toBeLessThan(0.01);
    expect(e.finalShare[0]).toBeLessThan(f.finalShare[0] - 0.1);
  }, 120_000);
});

describe("the digits' verdict", () => {
  const theory = { windowLow: 3.35, windowHigh: 4.22, s: 0.298, singularValues: [0.298, 0.287, 0.285] };
  const run = (
    lr: number,
    o: Partial<{ converged: number; diverged: number; share: number | null; sharpness: number | null }>,
  ) => ({
    lr,
    converged: 4,
    diverged: 0,
    share: 0.9,
    sharpness: 2 / lr,
    ...o,
  });

  it("says holds at the edge, bends below the window, from the runs' numbers", async () => {
    const { digitsVerdict } = await import("../../loaders/pathways.js");
    const v = digitsVerdict({
      theory,
      runs: [
        run(1, { share: 0.68 }),
        run(3.8, { share: 0.57, sharpness: 0.5255 }),
        run(4.6, { converged: 0, diverged: 4, share: null, sharpness: null }),
      ],
    });
    expect(v).toMatchObject({ holds: true, bends: true });
    expect(v.text).toMatch(
      /^The claim holds at the edge of stability: at η = 3\.8, inside the window \(3\.35, 4\.22\)/,
    );
    expect(v.text).toContain("within 0.2 % of 2/η");
    expect(v.text).toContain("every seed diverges");
  });

  it("says breaks when the edge run does not settle at 2/η, and holds below when the share reaches 1", async () => {
    const { digitsVerdict } = await import("../../loaders/pathways.js");
    const v = digitsVerdict({
      theory,
      runs: [
        run(1, { share: 0.97 }),
        run(3.8, { share: 0.6, sharpness: 0.4, converged: 2, diverged: 2 }),
        run(4.6, { diverged: 1, converged: 3 }),
      ],
    });
    expect(v).toMatchObject({ holds: false, bends: false });
    expect(v.text).toMatch(
      /^The claim breaks at the edge: at η = 3\.8, inside the window \(3\.35, 4\.22\), 2 of 4 seeds converge/,
    );
    expect(v.text).toContain("as on the toy");
    expect(v.text).toContain("1 of 4 seeds diverge");
  });
});

describe("the pathways model on MNIST", () => {
  it("takes --data mnist to 2,000 images at a step size inside that data's window", () => {
    const exp = experiments.pathways;
    const params: Params = { ...baseParams({ experiment: exp, values: { data: "mnist" } }), data: "mnist" };
    expect(params.trainSize).toBe(2000);
    const th = exp.theory!(params) as Record<string, number>;
    expect(th.windowLow).toBeLessThan(Number(params.lr));
    expect(Number(params.lr)).toBeLessThan(th.windowHigh);
    expect(th.lossFloor).toBeGreaterThan(0);
  }, 300_000);
});
