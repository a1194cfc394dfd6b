import { describe, expect, it } from "vitest";
import { multistageTheory } from "../../src/sim/theory/multistage.js";
import { makeData } from "../../src/sim/models/twoLayer.js";

describe("multistage theory from the data", () => {
  const { x, y } = makeData({ n: 20, target: "tanh2" });
  const th = multistageTheory({ x, y, width: 100, initScale: 1e-4, lr: 0.1 });

  it("λ is the top eigenvalue of the linearized dynamics d(a, u)/dt = [[0, Mᵀ], [M, 0]](a, u)", () => {
    // Power iteration on the 3×3 symmetric matrix squared (its top eigenvalues are ±‖M‖).
    const [m0, m1] = [x.reduce((s, xi, i) => s + (y[i] * xi) / x.length, 0), y.reduce((s, yi) => s + yi / x.length, 0)];
    const A = [
      [0, m0, m1],
      [m0, 0, 0],
      [m1, 0, 0],
    ];
    let v = [1, 0.3, -0.2];
    for (let i = 0; i < 200; i++) {
      const Av = A.map((row) => row.reduce((s, aij, j) => s + aij * v[j], 0));
      const A2v = A.map((row) => row.reduce((s, aij, j) => s + aij * Av[j], 0));
      const norm = Math.hypot(...A2v);
      v = A2v.map((c) => c / norm);
    }
    const Av = A.map((row) => row.reduce((s, aij, j) => s + aij * v[j], 0));
    const rayleigh2 = Av.reduce((s, c) => s + c * c, 0);
    expect(th.lambda).toBeCloseTo(Math.sqrt(rayleigh2), 10);
    expect(th.M).toEqual([m0, m1]);
  });

  it("L_lin is the least-squares linear fit loss (slope = cov/var)", () => {
    const n = x.length;
    const mx = x.reduce((s, v) => s + v, 0) / n,
      my = y.reduce((s, v) => s + v, 0) / n;
    const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const lLin = x.reduce((s, v, i) => s + (slope * v + my - slope * mx - y[i]) ** 2, 0) / (2 * n);
    expect(th.lLin).toBeCloseTo(lLin, 12);
    // No line does better: perturbing the fit raises the loss.
    const loss = (b0: number, b1: number) => x.reduce((s, v, i) => s + (b0 * v + b1 - y[i]) ** 2, 0) / (2 * n);
    for (const [d0, d1] of [
      [1e-3, 0],
      [0, 1e-3],
      [-1e-3, 1e-3],
    ])
      expect(loss(th.beta[0] + d0, th.beta[1] + d1)).toBeGreaterThan(th.lLin);
  });

  it("T_init = ln(1/(mε²))/(2λη) and its slope in ln(1/ε) is 1/(λη)", () => {
    expect(th.tInit).toBeCloseTo(Math.log(1 / (100 * 1e-8)) / (2 * th.lambda * 0.1), 10);
    const th2 = multistageTheory({ x, y, width: 100, initScale: 1e-5, lr: 0.1 });
    expect((th2.tInit - th.tInit) / Math.log(10)).toBeCloseTo(th.plateauSlope, 10);
  });
});
