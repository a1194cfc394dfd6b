import { describe, expect, it } from "vitest";
import { hierarchyTarget } from "../../src/sim/models/deepLinear.js";
import { pathwaysPhase, pathwaysReduction, pathwaysRuns, pathwaysScalar } from "../../loaders/pathways.js";

describe("pathways loaders (small parameters)", () => {
  it("builds per-seed traces of the matrix runs", async () => {
    const runs = await pathwaysRuns({
      runs: [
        { name: "eos", label: "η = 0.125", values: { lr: 0.125, steps: 300, sharpnessEvery: 25, every: 5 }, seeds: 2 },
      ],
      threads: 2,
    });
    const eos = runs.eos;
    expect(eos.params).toMatchObject({ model: "matrix", pathways: 2, depth: 3, hidden: 16, initScale: 0.005 });
    expect(eos.theory.lambdaSingle).toBeCloseTo(3 * 15 ** (2 / 3), 9);
    expect(eos.traces).toHaveLength(2);
    const t = eos.traces[0];
    // Every step to 100, then every 5th: the schedule pathways.ts states, counted here independently.
    const expected = [
      ...Array.from({ length: 101 }, (_, i) => i),
      ...Array.from({ length: 40 }, (_, i) => 105 + 5 * i),
    ];
    expect(t.step).toEqual(expected);
    for (const col of [t.loss, t.sharpness, t.share[0], t.strength[1][0]]) expect(col).toHaveLength(expected.length);
    // From a tiny init Σ_k Ω_k ≈ 0, so the first loss is ½‖T‖²_F.
    const half = 0.5 * hierarchyTarget().T.reduce((a, x) => a + x * x, 0);
    expect(Math.abs((t.loss[0] as number) / half - 1)).toBeLessThan(1e-3);
    expect(t.loss.every((v) => typeof v === "number" && Number.isFinite(v))).toBe(true);
    // Sharpness exactly at 0, 25, …, 300, and null elsewhere.
    expect(t.step.filter((_, i) => t.sharpness[i] !== null)).toEqual(Array.from({ length: 13 }, (_, i) => 25 * i));
  });

  it("builds the scalar toy with predicted shares, the phase diagram and the reduction table", async () => {
    const s = await pathwaysScalar({ lrs: [0.05, 0.65], steps: 3000 });
    expect(s.params).toMatchObject({ model: "scalar", depth: 4, initScale: 0.3 });
    const [small, edge] = s.members;
    // The flow starts at the initial share P1/(P1 + P2) with P_k = (σ·ratio^(k−1))^L, and only grows (winner takes all).
    expect(small.flowShare[0]).toBeCloseTo(0.3 ** 4 / (0.3 ** 4 + 0.25 ** 4), 3);
    for (let i = 1; i < small.flowShare.length; i++)
      expect(small.flowShare[i]!).toBeGreaterThanOrEqual(small.flowShare[i - 1]!);
    // Small-step GD follows the flow; inside the window, GD ends split at the balanced formula's share.
    expect(Math.abs(small.finalShare[0]! - small.flowShare.at(-1)!)).toBeLessThan(0.005);
    expect(edge.predictedShare).toBeLessThan(0.8);
    expect(Math.abs(edge.finalShare[0]! - edge.predictedShare)).toBeLessThan(0.02);
    expect(edge.finalShare[0]!).toBeLessThan(edge.flowShare.at(-1)! - 0.2);
    const p = await pathwaysPhase({ lrs: [0.3, 0.6, 0.9], steps: 200, threads: 2 });
    expect(p.cells).toHaveLength(7 * 3);
    expect(p.windows.find((w) => w.K === 2 && w.L === 4)!.windowHigh).toBeCloseTo(2 / (4 * 2 ** -0.5), 12);
    const r = await pathwaysReduction({ Ks: [2], Ls: [3] });
    expect(r.rows[0].measured).toBeCloseTo(2 ** (2 / 3 - 1), 3);
  });
});
