import { describe, expect, it } from "vitest";
import { dormandPrince } from "../../src/sim/integrators/dormandPrince.js";

describe("Dormand–Prince 5(4)", () => {
  it("follows the flow of a quadratic, θ(t) = θ0·exp(−λt), within its tolerance", () => {
    const lambdas = [0.1, 1, 7];
    for (const rtol of [1e-4, 1e-8]) {
      const y = Float64Array.of(1, 1, 1);
      const dp = dormandPrince({ f: (v, out) => lambdas.forEach((l, i) => (out[i] = -l * v[i])), size: 3, rtol });
      for (let t = 1; t <= 5; t++) {
        dp.advance({ y, span: 1 });
        lambdas.forEach((l, i) => {
          const exact = Math.exp(-l * t);
          // a relative tolerance on the trajectory: errors accumulate over steps but stay of its order
          expect(Math.abs(y[i] - exact)).toBeLessThan(50 * rtol * Math.max(exact, 1e-3 * 1));
        });
      }
    }
  });

  it("keeps the error within the tolerance: against a run at 1e-3 of it", () => {
    // A nonlinear flow: the scalar two-pathway toy's gradient, f = Σ_k w_k1·w_k2, target 1.
    const f = (v: Float64Array, out: Float64Array) => {
      const r = v[0] * v[1] + v[2] * v[3] - 1;
      out.set([-r * v[1], -r * v[0], -r * v[3], -r * v[2]]);
    };
    const run = (rtol: number) => {
      const y = Float64Array.of(0.3, 0.3, 0.25, 0.25);
      const dp = dormandPrince({ f, size: 4, rtol });
      for (let t = 0; t < 20; t++) dp.advance({ y, span: 0.5 });
      return y;
    };
    const coarse = run(1e-6),
      fine = run(1e-9);
    for (let i = 0; i < 4; i++) expect(Math.abs(coarse[i] - fine[i])).toBeLessThan(1e-4 * Math.abs(fine[i]));
    expect(Math.abs(coarse[0] - fine[0])).toBeGreaterThan(0); // two different computations
  });

  it("takes few steps where the flow is slow and shrinks them where it is fast", () => {
    const y = Float64Array.of(1);
    const dp = dormandPrince({ f: (v, out) => (out[0] = -100 * v[0]), size: 1, rtol: 1e-6 });
    const fast = dp.advance({ y, span: 0.1 });
    const y2 = Float64Array.of(1);
    const slow = dormandPrince({ f: (v, out) => (out[0] = -0.01 * v[0]), size: 1, rtol: 1e-6 }).advance({
      y: y2,
      span: 0.1,
    });
    expect(fast.accepted).toBeGreaterThan(5 * slow.accepted);
  });
});
