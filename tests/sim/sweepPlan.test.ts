import { describe, expect, it } from "vitest";
import { experiments } from "../../src/sim/experiments/index.js";
import { defaults, type Params } from "../../src/sim/params.js";
import { parseAxis } from "../../src/sim/sweep/grid.js";
import { sweepPlan } from "../../src/sim/sweep/members.js";
import { runSweep } from "../../src/sim/sweep/runSweep.js";
import { parseLiveSweep } from "../../src/sim/sweep/liveSweep.js";
import { pathwaysPhase } from "../../loaders/pathways.js";
import type { Sample } from "../../src/sim/types.js";

const schema = experiments.pathways.schema;
const axis = (text: string) => parseAxis({ schema, text });
const scalar: Params = {
  ...defaults(schema),
  ...experiments.pathways.variants![0].defaults.scalar,
  model: "scalar",
  steps: 200,
  sharpnessEvery: 0,
  every: 50,
};

describe("a sweep of two parameters", () => {
  it("makes one ensemble per value of a parameter members share, the member axis inside", () => {
    const rows = sweepPlan({
      experiment: "pathways",
      params: { ...scalar, seeds: 2 },
      axes: [axis("lr:0.3:0.5:3"), axis("pathways:1:4:4")],
    });
    expect(rows.map((r) => r.params.pathways)).toEqual([1, 2, 3, 4]);
    for (const row of rows) {
      expect(row.members.map((m) => [m.lr, m.seed])).toEqual([
        [0.3, 0],
        [0.3, 1],
        [0.4, 0],
        [0.4, 1],
        [0.5, 0],
        [0.5, 1],
      ]);
      expect(row.values.every((v) => v.pathways === row.params.pathways)).toBe(true);
    }
  });

  it("keeps both axes in one ensemble when members may differ in both", () => {
    const rows = sweepPlan({
      experiment: "pathways",
      params: scalar,
      axes: [axis("lr:0.3:0.5:3"), axis("init-ratio:0.5:1:2")],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].members.map((m) => [m.lr, m.initRatio])).toEqual([
      [0.3, 0.5],
      [0.3, 1],
      [0.4, 0.5],
      [0.4, 1],
      [0.5, 0.5],
      [0.5, 1],
    ]);
  });

  it("runs the rows as one run: members numbered on, samples carrying their values, progress over all rows", async () => {
    const rows = sweepPlan({
      experiment: "pathways",
      params: scalar,
      axes: [axis("lr:0.4:0.8:3"), axis("depth:2:4:2")],
    });
    const samples: Sample[] = [];
    const progress: number[] = [];
    const summary = await runSweep({
      experiment: experiments.pathways,
      rows,
      sink: { sample: (s) => samples.push(s), progress: (p) => progress.push(p.step / p.steps) },
    });
    expect(summary.members.map((m) => m.member)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(summary.members.map((m) => [m.depth, m.lr])).toEqual([
      [2, 0.4],
      [2, 0.6],
      [2, 0.8],
      [4, 0.4],
      [4, 0.6],
      [4, 0.8],
    ]);
    expect((summary.theory.rows as unknown[]).length).toBe(2);
    for (const s of samples) expect(s.depth).toBe(s.member < 3 ? 2 : 4);
    expect(progress.every((p, i) => p <= 1 && (i === 0 || p >= progress[i - 1]))).toBe(true);
    expect(progress.at(-1)).toBeGreaterThan(0.95);
    // Each member is the single run of its point: the same float64 code, the same numbers.
    for (const m of summary.members) {
      const single = await experiments.pathways.run({
        params: { ...scalar, depth: m.depth as number, lr: m.lr as number },
        sink: {},
      });
      expect(m.finalShare).toEqual(single.members[0].finalShare);
      expect(m.finalLoss).toBe(single.members[0].finalLoss);
    }
  });

  it("recomputes the precomputed phase diagram's η × K cells", async () => {
    const steps = 300;
    const phase = await pathwaysPhase({ lrs: [0.3, 0.6, 0.9], steps, threads: 2 });
    const rows = sweepPlan({
      experiment: "pathways",
      params: { ...scalar, steps, every: steps, depth: 4 },
      axes: [axis("lr:0.3:0.9:3"), axis("pathways:1:4:4")],
    });
    const summary = await runSweep({ experiment: experiments.pathways, rows, sink: {} });
    const cells = phase.cells.filter((c) => c.axis === "K");
    expect(summary.members.map((m) => [m.pathways, m.lr])).toEqual(cells.map((c) => [c.K, c.lr]));
    summary.members.forEach((m, i) => {
      expect(Number((m.finalShare as number[])[0].toPrecision(4))).toBe(cells[i].share);
      expect(m.converged).toBe(cells[i].converged);
    });
  });

  it.each([
    [{ sweep: "depth:2:4:3" }, 'a live sweep here takes lr (got "depth:2:4:3")'],
    [{ sweep: "lr:0.1:1:65" }, "a live sweep takes at most 64 values (got 65)"],
    [{ sweep: "lr:0.1:1:4", sweep2: "lr:0.2:0.4:2" }, "sweep2 takes a parameter other than lr"],
    [{ sweep: "lr:0.1:1:4", sweep2: "seeds:1:4:4" }, "sweep2 takes a parameter other than lr"],
    [{ sweep: "lr:0.1:1:4", sweep2: "depth:1:8:17" }, "sweep depth: integers from 1 to 8 are 8 values, not 17"],
    [{ sweep: "lr:0.1:1:4", sweep2: "init-scale:0.01:1:17" }, "sweep2 takes at most 16 values (got 17)"],
    [{ sweep: "lr:0.1:1:32", sweep2: "init-scale:0.01:1:16" }, "a live sweep takes at most 256 points (got 32 × 16)"],
    [{ sweep: "lr:0.1:1:4", sweep2: "depth:0:4:3" }, "sweep depth: LO must be an integer from 1 to 8"],
  ])("refuses %j by name and range", (given, message) => {
    expect(() => parseLiveSweep({ experiment: "pathways", ...given })).toThrow(message);
  });

  it("accepts a page's two axes", () => {
    const axes = parseLiveSweep({ experiment: "pathways", sweep: "lr:0.2:1.2:21", sweep2: "pathways:1:4:4" });
    expect(axes.map((a) => [a.name, a.n])).toEqual([
      ["lr", 21],
      ["pathways", 4],
    ]);
  });
});
