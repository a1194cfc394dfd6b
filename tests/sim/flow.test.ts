import { describe, expect, it } from "vitest";
import { collectRun } from "../../node/collect.js";
import { flowShares } from "../../src/sim/theory/pathways.js";

const scalar = {
  model: "scalar",
  depth: 4,
  initScale: 0.3,
  initRatio: 0.25 / 0.3,
  steps: 3000,
  sharpnessEvery: 3000,
  every: 100,
};

describe("gradient flow beside gradient descent", () => {
  it("ends winner-takes-all on the scalar pathways toy at every η, where GD inside the window splits", async () => {
    const lrs = [0.3, 0.6, 0.65, 0.68];
    const members = lrs.map((lr) => ({ lr, seed: 0 }));
    const flow = await collectRun({
      engine: "js",
      experiment: "pathways",
      params: { ...scalar, optimizer: "flow" },
      members,
    });
    const gd = await collectRun({ engine: "js", experiment: "pathways", params: scalar, members });
    const P0 = [0.3 ** 4, 0.25 ** 4];
    flow.summary.members.forEach((m, i) => {
      const share = (m.finalShare as number[])[0];
      // the flow's own ODE for the pathway products, integrated independently (theory/pathways.ts)
      const [P] = flowShares({ s: 1, L: 4, P0, times: [lrs[i] * 3000] });
      expect(Math.abs(share - P[0] / (P[0] + P[1]))).toBeLessThan(1e-3);
      expect(share).toBeGreaterThan(0.97);
    });
    // inside the window 2/λ_single = 0.5 < η < 2/λ_equal = 0.707, GD ends split
    for (const i of [1, 2, 3]) expect((gd.summary.members[i].finalShare as number[])[0]).toBeLessThan(0.85);
  });

  it("is what GD approaches at a tiny step: GD with η = 0.001 follows the flow sampled at t = 0.1·k", async () => {
    const base = { width: 20, points: 20, initScale: 0.01, snapshots: 0 };
    const flow = await collectRun({
      engine: "js",
      experiment: "multistage",
      params: { ...base, lr: 0.1, steps: 300, optimizer: "flow" },
    });
    const gd = await collectRun({
      engine: "js",
      experiment: "multistage",
      params: { ...base, lr: 0.001, steps: 30000, every: 1000 },
    });
    const at = (run: typeof gd, step: number) => run.samples.find((s) => s.step === step)!.loss;
    for (const t of [10, 20, 30]) {
      const f = at(flow, t * 10),
        g = at(gd, t * 1000);
      expect(Math.abs(f - g) / f, `t = ${t}`).toBeLessThan(2e-3);
    }
    // and the loss moved: a comparison of a run that went somewhere
    expect(at(flow, 300)).toBeLessThan(0.9 * at(flow, 0));
  });

  it("keeps the flow's error within its tolerance: against a run at 1e-3 of it", async () => {
    const run = (rtol: number) =>
      collectRun({
        engine: "js",
        experiment: "pathways",
        params: { ...scalar, lr: 0.6, steps: 200, optimizer: "flow", rtol },
      });
    const [coarse, fine] = await Promise.all([run(1e-6), run(1e-9)]);
    // The tolerance is on the state: compare the pathways' products (the mode strengths) along the way.
    expect(coarse.samples.length).toBe(fine.samples.length);
    coarse.samples.forEach((s, i) =>
      (s.strength as number[]).forEach((v, k) => {
        const want = (fine.samples[i].strength as number[])[k];
        expect(Math.abs(v - want)).toBeLessThan(1e-4 * Math.abs(want) + 1e-12);
      }),
    );
  });

  it("runs only on the float64 js engine", async () => {
    const { loadTf } = await import("../../node/tfNode.js");
    const tf = await loadTf({ backend: "cpu" });
    await expect(collectRun({ tf, experiment: "multistage", params: { steps: 5, optimizer: "flow" } })).rejects.toThrow(
      "optimizer flow runs on the js engine (float64), not on tfjs",
    );
  });
});
