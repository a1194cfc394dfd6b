import { describe, expect, it } from "vitest";
import { collectRun } from "../../node/collect.js";
import { compareToReference } from "../../src/app/reproduce.js";
import {
  invariantMeasureDataset,
  invariantMeasureDecay,
  invariantMeasureEnsemble,
  invariantMeasureSweep,
} from "../../loaders/invariantMeasure.js";

describe("invariant-measure loaders (small parameters)", () => {
  it("builds the seed bands of the default run and both controls", async () => {
    const d = await invariantMeasureDataset({ steps: 600, seeds: 2, threads: 2 });
    expect(Object.keys(d.runs)).toEqual(["default", "gd", "sgd-no-wd"]);
    expect(d.runs.gd.params).toMatchObject({ fullBatch: true, weightDecay: 0 });
    expect(d.runs["sgd-no-wd"].params).toMatchObject({ fullBatch: false, weightDecay: 0 });
    for (const run of Object.values(d.runs)) {
      for (const f of ["loss", "gradNorm", "batchGradNorm", "vNorm", "eqRatio", "angle"])
        expect(run.series[f].steps.at(-1)).toBe(600);
      expect(run.members).toHaveLength(2);
    }
    expect(Object.keys(d.presets)).toEqual(["default", "gd", "sgd-no-wd", "lr-decay", "ensemble"]);
    // The reference is the default run as the page runs it live: a live run reproduces it exactly.
    const live = await collectRun({
      engine: "js",
      experiment: "invariant-measure",
      params: { ...d.presets.default.params, steps: 600 },
    });
    expect(compareToReference({ reference: d.reference, samples: live.samples })).toEqual({
      compared: d.reference.step.length,
      maxRelDiff: 0,
    });
    expect(d.reference.step.length).toBeGreaterThan(40);
    expect(d.theory.angle).toBeCloseTo(Math.sqrt(2 * 0.2 * 5e-3), 12);
    // without weight decay ‖V‖ cannot shrink; with it, it does
    expect(d.runs.default.series.vNorm.median.at(-1)!).toBeLessThan(d.runs["sgd-no-wd"].series.vNorm.median.at(-1)!);
  });

  it("builds the decay run, the λ sweep and the ensemble", async () => {
    const decay = await invariantMeasureDecay({ seeds: 2, threads: 2 });
    expect(decay.params).toMatchObject({ lrDecayAt: 6000, lrDecayFactor: 0.1, steps: 30000 });
    expect(decay.members[0].vNormAfterDecay).toBeLessThan(decay.members[0].vNormEq as number);
    const sweep = await invariantMeasureSweep({ weightDecays: [5e-3, 2e-2], seeds: 1, steps: 2000, threads: 2 });
    expect(sweep.points.map((p) => p.weightDecay)).toEqual([5e-3, 2e-2]);
    const ens = await invariantMeasureEnsemble({ chains: 4, steps: 500, snapshotEvery: 100 });
    expect(ens.snapshots.map((s) => s.step)).toEqual([0, 100, 200, 300, 400, 500]);
    for (const s of ens.snapshots) expect([(s.vNorm as number[]).length, (s.loss as number[]).length]).toEqual([4, 4]);
    expect(ens.snapshots[0].displacement).toBeNull();
    expect(ens.snapshots[1].displacement).toBeGreaterThan(0);
  }, 120_000);
});
