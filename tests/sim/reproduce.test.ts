import { describe, expect, it } from "vitest";
import { collectRun } from "../../node/collect.js";
import { defaults } from "../../src/sim/params.js";
import { experiments } from "../../src/sim/experiments/index.js";
import { compareToReference, reproductionBadge, sameRun } from "../../src/app/reproduce.js";

const base = defaults(experiments.multistage.schema);

describe("reproducing a precomputed run", () => {
  it("treats runs that differ only in sampling and ensemble size as the same, up to the reference's steps", () => {
    const reference = { ...base, steps: 40000, seeds: 5, snapshots: 16 };
    expect(sameRun({ schema: experiments.multistage.schema, live: { ...base, steps: 1500 }, reference })).toBe(true);
    expect(sameRun({ schema: experiments.multistage.schema, live: { ...base, steps: 50000 }, reference })).toBe(false);
    expect(sameRun({ schema: experiments.multistage.schema, live: { ...base, lr: 0.2 }, reference })).toBe(false);
    expect(sameRun({ schema: experiments.multistage.schema, live: { ...base, seed: 1 }, reference })).toBe(false);
  });

  it("finds the js engine's run identical to a longer, larger ensemble's member 0, and a changed one not", async () => {
    const long = await collectRun({
      engine: "js",
      experiment: "multistage",
      params: { ...base, steps: 800, seeds: 3 },
    });
    const rows = long.samples.filter((s) => s.member === 0);
    const reference = {
      params: { ...base, steps: 800, seeds: 3 },
      step: rows.map((s) => s.step),
      loss: rows.map((s) => s.loss),
    };
    const live = await collectRun({ engine: "js", experiment: "multistage", params: { ...base, steps: 500 } });
    const same = compareToReference({ reference, samples: live.samples });
    expect(same.compared).toBeGreaterThan(300); // every step to 300; their log grids meet now and then after
    expect(same.maxRelDiff).toBe(0);
    const badge = reproductionBadge({
      schema: experiments.multistage.schema,
      reference,
      params: { ...base, steps: 500 },
      samples: live.samples,
      backend: "js",
    });
    expect(badge).toMatchObject({
      matches: true,
      text: expect.stringMatching(/^matches the precomputed run: max rel\. diff 0e\+0 over \d+ samples$/),
    });
    const f32 = reproductionBadge({
      schema: experiments.multistage.schema,
      reference,
      params: { ...base, steps: 500 },
      samples: live.samples.map((s) => ({ ...s, loss: Math.fround(s.loss) })),
      backend: "wasm",
    });
    expect(f32!.text).toMatch(/^float32 engine \(wasm\): max rel\. diff \de-\d from the precomputed float64 run/);
    expect(f32!.maxRelDiff).toBeGreaterThan(1e-10);
    expect(
      reproductionBadge({
        schema: experiments.multistage.schema,
        reference,
        params: { ...base, lr: 0.2 },
        samples: live.samples,
        backend: "js",
      }),
    ).toBeNull();
  });
});
