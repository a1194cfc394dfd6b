import { describe, expect, it } from "vitest";
import { estimateRun } from "../../src/app/runCost.js";
import { defaults } from "../../src/sim/params.js";
import { experiments } from "../../src/sim/experiments/index.js";

const at = (experiment: string, values: Record<string, unknown>) =>
  estimateRun({ experiment, params: { ...defaults(experiments[experiment].schema), ...values } as never });

describe("a run's cost, estimated before it starts", () => {
  it("is small for every page's default run", () => {
    for (const name of Object.keys(experiments)) expect(at(name, {}).seconds, name).toBeLessThan(5);
  });

  it("grows with members, steps and width, as the work does", () => {
    const base = at("multistage", {});
    expect(at("multistage", { seeds: 4 }).units).toBe(4 * base.units);
    expect(at("multistage", { steps: 3000 }).units).toBe(2 * base.units);
    expect(at("multistage", { width: 200 }).units).toBe(2 * base.units);
    expect(at("invariant-measure", { fullBatch: true }).units).toBeGreaterThan(at("invariant-measure", {}).units);
    expect(at("pathways", { sharpnessEvery: 0 }).units).toBeLessThan(at("pathways", {}).units);
  });

  it("flags the runs that take long", () => {
    expect(at("multistage", { width: 2000, points: 1000, steps: 200000, seeds: 64 }).seconds).toBeGreaterThan(3600);
    expect(at("invariant-measure", { width: 1024, batch: 20000, chains: 256, steps: 200000 }).seconds).toBeGreaterThan(
      3600,
    );
  });
});
