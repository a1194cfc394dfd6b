import { describe, expect, it } from "vitest";
import { wasserstein1 } from "../../src/sim/metrics/w1.js";
import { createRng } from "../../src/sim/rng.js";

describe("wasserstein1", () => {
  it("matches hand-computed distances", () => {
    expect(wasserstein1({ a: [0], b: [1] })).toBe(1);
    expect(wasserstein1({ a: [0, 1], b: [1, 0] })).toBe(0);
    // sorted pairs (0,1), (0,1), (3,1): (1 + 1 + 2) / 3
    expect(wasserstein1({ a: [3, 0, 0], b: [1, 1, 1] })).toBeCloseTo(4 / 3, 12);
    // unequal counts: half the mass of {0, 2} moves 2 to 0
    expect(wasserstein1({ a: [0], b: [0, 2] })).toBeCloseTo(1, 12);
    // ∫|F_a − F_b|: 0.25 on [0,1), 0.5 on [1,2), 0.25 on [2,3)
    expect(wasserstein1({ a: [0, 1], b: [0, 1, 2, 3] })).toBeCloseTo(1, 12);
  });

  it("is symmetric, shift-covariant, and agrees between the equal-count and CDF paths", () => {
    const r = createRng({ seed: 3 });
    const a = Array.from({ length: 40 }, () => r.normal());
    const b = Array.from({ length: 40 }, () => 2 * r.normal() + 1);
    const d = wasserstein1({ a, b });
    expect(wasserstein1({ a: b, b: a })).toBeCloseTo(d, 12);
    expect(wasserstein1({ a: a.map((v) => v + 5), b: b.map((v) => v + 5) })).toBeCloseTo(d, 10);
    expect(wasserstein1({ a, b: a.map((v) => v + 0.7) })).toBeCloseTo(0.7, 12);
    // Duplicating every point keeps the distribution, so the unequal-count path must agree.
    expect(wasserstein1({ a, b: [...b, ...b] })).toBeCloseTo(d, 10);
  });

  it("rejects empty samples", () => {
    expect(() => wasserstein1({ a: [], b: [1] })).toThrow(/non-empty/);
  });
});
