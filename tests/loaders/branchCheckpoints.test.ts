import { describe, expect, it } from "vitest";
import { branchSteps } from "../../src/sim/experiments/branchSteps.js";
import { branchCheckpoints } from "../../loaders/checkpoints.js";
import { pathwaysBranch } from "../../loaders/pathways.js";
import { multistageBranch } from "../../loaders/multistage.js";
import { invariantMeasureBranch } from "../../loaders/invariantMeasure.js";
import { collectRun } from "../../node/collect.js";
import { snapshotSteps } from "../../src/sim/metrics/schedule.js";

describe("the checkpoints a page branches from", () => {
  it("sit at the multi-stage run's snapshot times, and every 1, 2 or 5 × 10^k steps elsewhere", () => {
    const tanh = multistageBranch({ preset: "tanh" });
    expect(tanh.steps).toEqual(snapshotSteps({ steps: 40000, count: 16 }).slice(1));
    expect(tanh.params.seeds).toBe(1);
    const im = invariantMeasureBranch({ preset: "default" });
    expect(im.steps[0]).toBe(500);
    expect(im.steps.at(-1)).toBe(10000);
    expect(im.steps).toHaveLength(20);
    // The paper's LR decay at 6,000 is a branch point of the long run; 24 chains keep 5 checkpoints.
    expect(invariantMeasureBranch({ preset: "lr-decay" }).steps).toContain(6000);
    expect(invariantMeasureBranch({ preset: "ensemble" }).steps).toEqual([2000, 4000, 6000, 8000, 10000]);
    expect(pathwaysBranch({ preset: "matrix" }).steps).toContain(1000);
    expect(branchSteps({ experiment: "pathways", params: { steps: 999, seeds: 1 } }).at(-1)).toBe(999);
    expect(() => pathwaysBranch({ preset: "nope" })).toThrow(
      "unknown preset nope; allowed: matrix, small-step, scalar",
    );
  });

  it("hold each member's exact state: resuming one reproduces the run from there, bit for bit", async () => {
    const file = await branchCheckpoints({ experiment: "pathways", branch: pathwaysBranch, preset: "scalar" });
    const { params, steps } = pathwaysBranch({ preset: "scalar" });
    expect(file.checkpoints.map((c) => c.step)).toEqual(steps);
    const at = file.checkpoints.find((c) => c.step === 1000)!;
    expect(at.states).toHaveLength(1);
    const whole = await collectRun({ engine: "js", experiment: "pathways", params: { ...params, steps: 1400 } });
    const resumed = await collectRun({
      engine: "js",
      experiment: "pathways",
      params: { ...params, steps: 1400 },
      resume: { step: 1000, states: at.states },
    });
    const after = whole.samples.filter((s) => s.step >= 1000);
    expect(resumed.samples.map((s) => [s.step, s.loss])).toEqual(after.map((s) => [s.step, s.loss]));
  });

  it("let a large step undo the small step's winner: the pathways claim, branched from step 2,000", async () => {
    const file = await branchCheckpoints({ experiment: "pathways", branch: pathwaysBranch, preset: "small-step" });
    const at = file.checkpoints.find((c) => c.step === 2000)!;
    const lr = 0.125;
    const run = await collectRun({
      engine: "js",
      experiment: "pathways",
      params: { ...file.params, lr, steps: 5000 },
      resume: { step: 2000, states: at.states },
    });
    const first = run.samples[0],
      end = run.summary.members[0];
    // At the branch the small step has handed the top mode to one pathway…
    expect((first.share as number[])[0]).toBeGreaterThan(0.99);
    // …and at η = 0.125 GD leaves that solution: the share falls to a split, the sharpness to just below 2/η.
    expect((end.finalShare as number[])[0]).toBeLessThan(0.8);
    expect(end.finalSharpness as number).toBeLessThan(2 / lr);
    expect(end.finalSharpness as number).toBeGreaterThan(0.99 * (2 / lr));
  });
});
