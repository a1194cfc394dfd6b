import { describe, expect, it } from "vitest";
import { collectRun } from "../../node/collect.js";
import { defaults, type Params } from "../../src/sim/params.js";
import { branchConflicts } from "../../src/sim/experiments/branchConflicts.js";
import { experiments } from "../../src/sim/experiments/index.js";

/** A checkpoint's states at `step`, one per member, as the CLI hands them back. */
const statesAt = (run: Awaited<ReturnType<typeof collectRun>>, step: number) => ({
  step,
  states: run.checkpoints.filter((c) => c.step === step).map((c) => JSON.parse(JSON.stringify(c.state))),
});

describe("checkpoints: resume and branch", () => {
  it.each([
    ["multistage", { steps: 4000, seeds: 2, every: 100, snapshots: 0 }],
    ["multistage", { data: "digits", trainSize: 200, steps: 4000, seeds: 2, every: 100, snapshots: 0 }],
    ["invariant-measure", { steps: 4000, chains: 3, snapshotEvery: 1000 }],
    ["invariant-measure", { data: "digits", trainSize: 300, steps: 4000, chains: 3, snapshotEvery: 1000 }],
    ["pathways", { steps: 4000, seeds: 2, sharpnessEvery: 250, every: 50 }],
  ] as [string, Params][])(
    "%s: resuming at 2,000 reproduces samples 2,000–4,000 bit for bit",
    async (experiment, params) => {
      const whole = await collectRun({ engine: "js", experiment, params, checkpointEvery: 1000 });
      expect([...new Set(whole.checkpoints.map((c) => c.step))]).toEqual([0, 1000, 2000, 3000, 4000]);
      const resumed = await collectRun({ engine: "js", experiment, params, resume: statesAt(whole, 2000) });
      const later = (samples: typeof whole.samples) => samples.filter((s) => s.step >= 2000);
      expect(later(whole.samples).length).toBeGreaterThan(10);
      expect(resumed.samples).toEqual(later(whole.samples));
      if (experiment === "invariant-measure") {
        // the mini-batches too: every later step's loss is the mini-batch loss, and they agree
        expect(resumed.samples.map((s) => s.eqRatio)).toEqual(later(whole.samples).map((s) => s.eqRatio));
      }
    },
  );

  it("branches: a changed learning rate from a checkpoint differs only after it", async () => {
    const params = { steps: 3000, seeds: 1, every: 50, snapshots: 0 };
    const whole = await collectRun({ engine: "js", experiment: "multistage", params, checkpointEvery: 1000 });
    const branch = await collectRun({
      engine: "js",
      experiment: "multistage",
      params: { ...params, lr: 0.2 },
      resume: statesAt(whole, 1000),
    });
    const at = (run: typeof whole, step: number) => run.samples.find((s) => s.step === step)!;
    expect(at(branch, 1000)).toEqual(at(whole, 1000)); // the state at 1,000, before its update
    expect(at(branch, 1050).loss).not.toBe(at(whole, 1050).loss);
    expect(branch.samples.every((s) => s.step >= 1000)).toBe(true);
  });

  it("refuses a checkpoint of another size and the tfjs engine, by name", async () => {
    const whole = await collectRun({
      engine: "js",
      experiment: "multistage",
      params: { steps: 200, seeds: 2, snapshots: 0 },
      checkpointEvery: 100,
    });
    await expect(
      collectRun({
        engine: "js",
        experiment: "multistage",
        params: { steps: 200, seeds: 1 },
        resume: statesAt(whole, 100),
      }),
    ).rejects.toThrow("resume: the checkpoint holds 2 members, the run has 1");
    const { loadTf } = await import("../../node/tfNode.js");
    const tf = await loadTf({ backend: "cpu" });
    await expect(
      collectRun({ tf, experiment: "multistage", params: { steps: 20 }, checkpointEvery: 10 }),
    ).rejects.toThrow("checkpoints and resuming need the js engine");
  });

  it("lets a branch change the optimizer's settings but not what made the state", () => {
    const schema = experiments.multistage.schema;
    const from = defaults(schema);
    expect(branchConflicts({ schema, from, to: { ...from, lr: 0.1, steps: 99999, seeds: 3 } })).toEqual([]);
    const to = { ...from, activation: "relu", width: 50, initScale: 1e-3, seed: 4 };
    expect(branchConflicts({ schema, from, to }).map((m) => m.split(" ")[0])).toEqual([
      "activation",
      "width",
      "init-scale",
      "seed",
    ]);
  });

  it("refuses a branch that changes the data or its subset, in every experiment (they shaped the state)", () => {
    for (const exp of Object.values(experiments)) {
      const from = { ...defaults(exp.schema), data: "synthetic", trainSize: 1797 };
      const msgs = branchConflicts({ schema: exp.schema, from, to: { ...from, data: "digits", trainSize: 500 } });
      expect(msgs).toEqual([
        'data must stay "synthetic" in a branch: the checkpoint\'s run has it (got "digits")',
        "train-size must stay 1797 in a branch: the checkpoint's run has it (got 500)",
      ]);
    }
  });
});
