import { describe, expect, it } from "vitest";
import { multistageDataset, multistageSweep } from "../../loaders/multistage.js";
import { chunks } from "../../node/split.js";
import { collectRun } from "../../node/collect.js";

describe("multistage loaders (small parameters, two threads)", () => {
  it("builds the page's ensemble dataset with the phenomenon in it", async () => {
    const d = await multistageDataset({ preset: "tanh", steps: 400, seeds: 3, snapshots: 6, threads: 2 });
    expect(d.preset.name).toBe("tanh");
    expect(d.preset.source).toMatch(/arXiv 2410\.20119/);
    expect(d.params).toMatchObject({ activation: "tanh", width: 100, initScale: 1e-4, lr: 0.1, steps: 400, seeds: 3 });
    for (const field of ["loss", "w1Rate", "cosMean", "condensedFrac"]) {
      const band = d.series[field];
      expect(band.steps[0]).toBe(field === "w1Rate" ? 1 : 0);
      expect(band.steps.at(-1)).toBe(400);
      expect(band.median).toHaveLength(band.steps.length);
    }
    // The band against the three seeds run one by one: min, median and max at every sampled step.
    const singles = await Promise.all(
      [0, 1, 2].map((seed) =>
        collectRun({ engine: "js", experiment: "multistage", params: { ...d.params, seeds: 1, seed, snapshots: 0 } }),
      ),
    );
    const loss = d.series.loss;
    loss.steps.forEach((step, i) => {
      const values = singles.map((r) => r.samples.find((s) => s.step === step)!.loss).sort((a, b) => a - b);
      for (const [got, want] of [
        [loss.lo[i], values[0]],
        [loss.median[i], values[1]],
        [loss.hi[i], values[2]],
      ] as const)
        expect(Math.abs(got! - want) / want).toBeLessThan(1e-5);
    });
    // Gradient flow from seed 0's init: the same start, sampled on the same grid, the loss moving.
    expect(d.flow!.params).toMatchObject({ optimizer: "flow", seeds: 1, steps: 400 });
    expect(d.flow!.step.slice(0, 3)).toEqual([0, 1, 2]);
    expect(d.flow!.loss[0]!).toBeCloseTo(d.reference.loss[0], 5);
    expect(d.flow!.loss.at(-1)!).toBeLessThan(0.5 * d.flow!.loss[0]!);
    // Members from both threads, renumbered 0..2, seeds 0..2.
    expect(d.members.map((m) => [m.member, (m as { seed?: number }).seed])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    // 0, then round(400^(i/5)) for i = 0..5
    expect(d.snapshots.map((s) => s.step)).toEqual([0, ...[0, 1, 2, 3, 4, 5].map((i) => Math.round(400 ** (i / 5)))]);
    for (const s of d.snapshots) expect([s.a.length, s.w.length, s.b.length]).toEqual([100, 100, 100]);
    expect(d.stages.slice(0, 3).map((s) => s.label)).toEqual([
      "initial plateau",
      "initial descent",
      "secondary plateau",
    ]);
    expect(d.stages[0].end).toBeLessThan(d.theory.tInit as number);
    expect(Math.abs(d.stages[2].level! / (d.theory.lLin as number) - 1)).toBeLessThan(0.1);
  });

  it("builds the init-scale sweep with a fitted slope near 1/(λη)", async () => {
    const s = await multistageSweep({
      preset: "tanh",
      scales: [1e-2, 1e-4, 1e-6],
      seedsPer: 1,
      steps: 400,
      threads: 2,
    });
    expect(s.points.map((p) => p.initScale)).toEqual([1e-2, 1e-4, 1e-6]);
    expect(s.points.every((p) => typeof p.plateauEnd === "number")).toBe(true);
    expect(Math.abs(s.fit!.slope / (s.theory.plateauSlope as number) - 1)).toBeLessThan(0.1);
  });

  it("rejects an unknown preset by name", async () => {
    await expect(multistageDataset({ preset: "sigmoid", steps: 10 })).rejects.toThrow(
      "unknown preset sigmoid; allowed: tanh, relu",
    );
  });

  it("splits work into near-equal contiguous chunks", () => {
    expect(chunks({ count: 5, parts: 2 })).toEqual([
      [0, 2],
      [2, 5],
    ]);
    expect(chunks({ count: 1, parts: 4 })).toEqual([[0, 1]]);
  });
});
