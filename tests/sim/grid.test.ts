import { describe, expect, it } from "vitest";
import { axisValues, expandGrid, inShard, parseAxis, parseShard, type GridAxis } from "../../src/sim/sweep/grid.js";
import type { Params } from "../../src/sim/params.js";
import { experiments } from "../../src/sim/experiments/index.js";

const schema = experiments.pathways.schema;
const axis = (text: string) => parseAxis({ schema, text });

describe("sweep grid", () => {
  it("spaces values evenly or geometrically, edges exact", () => {
    expect(axisValues({ axis: axis("lr:0.2:0.3:5") })).toEqual([0.2, 0.225, 0.25, 0.275, 0.3]);
    const log = axisValues({ axis: axis("init-scale:0.0001:1:5:log") });
    expect(log).toEqual([0.0001, 0.001, 0.01, 0.1, 1]);
    expect(axisValues({ axis: axis("lr:0.5:0.5:1") })).toEqual([0.5]);
  });

  it("rounds an integer parameter's values and keeps them in range", () => {
    const spec = schema.find((s) => s.name === "depth") as never;
    expect(axisValues({ axis: axis("depth:2:8:4"), spec })).toEqual([2, 4, 6, 8]);
  });

  it("expands axes into every point, the last axis fastest", () => {
    const points = expandGrid({ schema, axes: [axis("pathways:1:3:3"), axis("lr:0.2:0.4:2")] });
    expect(points.map((p) => [p.index, p.values.pathways, p.values.lr])).toEqual([
      [0, 1, 0.2],
      [1, 1, 0.4],
      [2, 2, 0.2],
      [3, 2, 0.4],
      [4, 3, 0.2],
      [5, 3, 0.4],
    ]);
  });

  it.each([
    ["lr:0.2:0.3", "a sweep is NAME:LO:HI:N"],
    ["model:1:2:2", 'cannot sweep "model": a sweep takes a numeric parameter'],
    ["lr:0.2:20:3", "sweep lr: HI must be a number from 0.0001 to 10"],
    ["depth:1.5:3:2", "sweep depth: LO must be an integer from 1 to 8"],
    ["lr:0.3:0.2:3", "sweep lr: HI must not be below LO"],
    ["lr:0.2:0.3:1", "sweep lr: N must be an integer from 2"],
    ["lr:0.2:0.3:0x3", "sweep lr: N must be an integer from 2"],
    ["init-scale:0:1:3:log", "sweep init-scale: LO must be a number from 0.000001"],
    ["lr:0.2:0.3:3:lin", "a sweep is NAME:LO:HI:N"],
  ])("refuses %s by name", (text, message) => {
    expect(() => axis(text)).toThrow(message);
  });

  it("refuses a parameter swept twice and a grid over 100,000 points", () => {
    expect(() => expandGrid({ schema, axes: [axis("lr:0.2:0.3:2"), axis("lr:0.4:0.5:2")] })).toThrow(
      "each parameter may be swept once",
    );
    expect(() => expandGrid({ schema, axes: [axis("lr:0.2:0.3:1000"), axis("init-scale:0.01:1:101")] })).toThrow(
      "at most 100000 points",
    );
  });

  it("cuts work into disjoint shards that cover it exactly once", () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    const parts = [0, 1, 2, 3, 4].map((index) => inShard({ items, index, count: 5 }));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(items);
    for (const p of parts) expect(p.length === 4 || p.length === 5).toBe(true);
    expect(parseShard("2/8")).toEqual({ index: 2, count: 8 });
    for (const bad of ["8/8", "-1/4", "1/0", "a/b", "1"]) expect(() => parseShard(bad)).toThrow("--shard must be I/N");
  });
});

describe("live sweep members", () => {
  it("crosses the axis with the run's seeds or chains, one ensemble", async () => {
    const { sweepPlan } = await import("../../src/sim/sweep/members.js");
    // One axis a member may differ in: one row, one batched ensemble.
    const membersOf = ({ axis, ...rest }: { experiment: string; params: Params; axis: GridAxis }) => {
      const rows = sweepPlan({ ...rest, axes: [axis] });
      expect(rows).toHaveLength(1);
      return rows[0].members;
    };
    const { defaults } = await import("../../src/sim/params.js");
    const p = { ...defaults(experiments.pathways.schema), seeds: 2, seed: 5 };
    const members = membersOf({ experiment: "pathways", params: p, axis: axis("lr:0.3:0.5:3") });
    expect(members.map((m) => [m.lr, m.seed])).toEqual([
      [0.3, 5],
      [0.3, 6],
      [0.4, 5],
      [0.4, 6],
      [0.5, 5],
      [0.5, 6],
    ]);
    const inv = { ...defaults(experiments["invariant-measure"].schema), chains: 2 };
    const chains = membersOf({
      experiment: "invariant-measure",
      params: inv,
      axis: parseAxis({ schema: experiments["invariant-measure"].schema, text: "weight-decay:0.001:0.01:2" }),
    });
    expect(chains.map((m) => [m.weightDecay, m.batchSeed])).toEqual([
      [0.001, chains[0].batchSeed],
      [0.001, chains[1].batchSeed],
      [0.01, chains[0].batchSeed],
      [0.01, chains[1].batchSeed],
    ]);
    expect(() => membersOf({ experiment: "pathways", params: p, axis: axis("depth:2:4:3") })).toThrow(
      "a live sweep of pathways takes lr",
    );
  });
});
