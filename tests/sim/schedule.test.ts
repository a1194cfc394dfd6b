import { describe, expect, it } from "vitest";
import { sampleSteps, snapshotSteps } from "../../src/sim/metrics/schedule.js";

describe("sampleSteps", () => {
  it("samples every step up to 300, then a log grid, always ending at the last step", () => {
    const s = sampleSteps({ steps: 40000 });
    expect(s.slice(0, 301)).toEqual(Array.from({ length: 301 }, (_, t) => t));
    expect(s.at(-1)).toBe(40000);
    expect(new Set(s).size).toBe(s.length);
    const late = s.filter((t) => t > 300);
    // ~100 a decade over log10(40000/300) ≈ 2.12 decades
    expect(late.length).toBeGreaterThan(190);
    expect(late.length).toBeLessThan(215);
    const ratios = late.slice(1).map((t, i) => t / late[i]);
    expect(Math.max(...ratios)).toBeLessThan(1.03);
  });

  it("adds every k-th step when asked, and handles short runs", () => {
    const s = sampleSteps({ steps: 5000, every: 1000 });
    for (const t of [1000, 2000, 3000, 4000, 5000]) expect(s).toContain(t);
    expect(sampleSteps({ steps: 3 })).toEqual([0, 1, 2, 3]);
  });

  it("gives log-spaced snapshot times from 0 to the end", () => {
    const s = snapshotSteps({ steps: 40000, count: 16 });
    expect(s[0]).toBe(0);
    expect(s.at(-1)).toBe(40000);
    expect(s.length).toBeGreaterThanOrEqual(13);
  });
});
