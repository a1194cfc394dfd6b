import { describe, expect, it } from "vitest";
import { createRng } from "../../src/sim/rng.js";

describe("createRng", () => {
  it("repeats the same stream for the same seed and differs across seeds", () => {
    const a = createRng({ seed: 7 }),
      b = createRng({ seed: 7 }),
      c = createRng({ seed: 8 });
    const xa = Array.from({ length: 50 }, () => a.normal());
    const xb = Array.from({ length: 50 }, () => b.normal());
    const xc = Array.from({ length: 50 }, () => c.normal());
    expect(xa).toEqual(xb);
    expect(xa.filter((v, i) => v === xc[i])).toHaveLength(0);
  });

  it("draws uniforms in [0, 1) with the right moments and no empty decile", () => {
    const r = createRng({ seed: 1 });
    const n = 100_000;
    const u = Array.from({ length: n }, () => r.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const mean = u.reduce((s, v) => s + v, 0) / n;
    // Standard error of the mean of U(0,1) is sqrt(1/12/n) ≈ 9e-4; allow 5 of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    const counts = new Array(10).fill(0);
    for (const v of u) counts[Math.floor(v * 10)]++;
    // Chi-square with 9 degrees of freedom: 27.9 is its 0.999 quantile.
    const chi2 = counts.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it("draws standard normals: mean 0, variance 1, symmetric tails", () => {
    const r = createRng({ seed: 2 });
    const n = 100_000;
    const z = Array.from({ length: n }, () => r.normal());
    const mean = z.reduce((s, v) => s + v, 0) / n;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // P(|Z| > 1.96) = 0.05
    const tail = z.filter((v) => Math.abs(v) > 1.96).length / n;
    expect(Math.abs(tail - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / n));
  });

  it("rejects seeds that are not 32-bit unsigned integers", () => {
    expect(() => createRng({ seed: -1 })).toThrow(/invalid seed: -1/);
    expect(() => createRng({ seed: 1.5 })).toThrow(/invalid seed/);
  });
});

describe("rng state", () => {
  it("restores a stream exactly from its state, a spare normal included", () => {
    const r = createRng({ seed: 7 });
    for (let i = 0; i < 5; i++) r.normal(); // leaves a spare
    const saved = JSON.parse(JSON.stringify(r.state()));
    const ahead = [r.normal(), r.uniform(), r.int(1000), r.normal()];
    const again = createRng({ seed: 7, state: saved });
    expect([again.normal(), again.uniform(), again.int(1000), again.normal()]).toEqual(ahead);
  });
});
