import { describe, expect, it } from "vitest";
import { pathwaysPhase, pathwaysReduction, pathwaysRuns, pathwaysScalar } from "../../loaders/pathways.js";

describe("pathways loaders (small parameters)", () => {
  it("builds per-seed traces of the matrix runs", async () => {
    const runs = await pathwaysRuns({ runs: [{ name: "eos", label: "η = 0.125", values: { lr: 0.125, steps: 300, sharpnessEvery: 25, every: 5 }, seeds: 2 }], threads: 2 });
    const eos = runs.eos;
    expect(eos.params).toMatchObject({ model: "matrix", pathways: 2, depth: 3, hidden: 16, initScale: 0.005 });
    expect(eos.theory.lambdaSingle).toBeCloseTo(3 * 15 ** (2 / 3), 9);
    expect(eos.traces).toHaveLength(2);
    const t = eos.traces[0];
    expect(t.step.slice(0, 3)).toEqual([0, 1, 2]);
    expect(t.step.at(-1)).toBe(300);
    for (const col of [t.loss, t.sharpness, t.share[0], t.strength[1][0]]) expect(col).toHaveLength(t.step.length);
    expect(t.sharpness.filter((x) => x !== null).length).toBe(13); // 0, 25, …, 300
  });

  it("builds the scalar toy with predicted shares, the phase diagram and the reduction table", async () => {
    const s = await pathwaysScalar({ lrs: [0.05, 0.65], steps: 200 });
    expect(s.params).toMatchObject({ model: "scalar", depth: 4, initScale: 0.3 });
    expect(s.members[1].predictedShare).toBeGreaterThan(0.5);
    expect(s.members[0].flowShare).toHaveLength(s.traces[0].step.length);
    const p = await pathwaysPhase({ lrs: [0.3, 0.6, 0.9], steps: 200, threads: 2 });
    expect(p.cells).toHaveLength(7 * 3);
    expect(p.windows.find((w) => w.K === 2 && w.L === 4)!.windowHigh).toBeCloseTo(2 / (4 * 2 ** -0.5), 12);
    const r = await pathwaysReduction({ Ks: [2], Ls: [3] });
    expect(r.rows[0].measured).toBeCloseTo(2 ** (2 / 3 - 1), 3);
  });
});
