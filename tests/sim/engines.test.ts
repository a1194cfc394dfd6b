import { beforeAll, describe, expect, it } from "vitest";
import { collectRun, type Collected } from "../../node/collect.js";
import { loadTf } from "../../node/tfNode.js";
import type { Params } from "../../src/sim/params.js";
import type { Tf } from "../../src/sim/types.js";

/**
 * Every engine computes the same function: the hand-written float64 engine ("js") against tfjs on
 * WASM (float32), from the same seeds, step for step. Tolerances are float32's: a relative 1e-4
 * on losses and metrics over the runs below (before any chaotic phase, where float32 and float64
 * part ways by design; docs/architecture.md).
 */
// Every tfjs backend Node has (the page's WebGL and WebGPU are compared in the browser tests).
describe.each(["wasm", "cpu"] as const)("engines agree: js and tfjs-%s", (backend) => {
  let tf: Tf;
  beforeAll(async () => {
    tf = await loadTf({ backend });
  });

  const both = async (experiment: string, params: Params, members?: Params[]) =>
    Promise.all([
      collectRun({ tf, engine: "tfjs", experiment, params, members }),
      collectRun({ engine: "js", experiment, params, members }),
    ]);

  /** Max relative difference of a numeric sample field over all (member, step) pairs both runs sampled. */
  const maxRel = ([a, b]: Collected[], field: string, floor = 1e-12) => {
    expect(a.samples.length).toBe(b.samples.length);
    let worst = 0,
      compared = 0;
    a.samples.forEach((s, i) => {
      const t = b.samples[i];
      expect([t.member, t.step]).toEqual([s.member, s.step]);
      const x = s[field],
        y = t[field];
      if (typeof x !== "number" || typeof y !== "number") return expect(typeof y).toBe(typeof x);
      worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), floor));
      compared++;
    });
    // A field missing from both engines (a typo, a renamed metric) must not pass as "no difference".
    expect(compared, `samples where both engines give ${field}`).toBeGreaterThan(0);
    return worst;
  };

  it("multistage, tanh and ReLU, through the plateau, descent and condensation (2 members each)", async () => {
    for (const preset of [
      { activation: "tanh", target: "tanh2", initScale: 1e-4, lr: 0.1 },
      { activation: "relu", target: "relu4", initScale: 1e-3, lr: 0.05 },
    ]) {
      const runs = await both("multistage", { ...preset, steps: 600, seeds: 2, snapshots: 3 });
      expect(maxRel(runs, "loss")).toBeLessThan(1e-4);
      expect(maxRel(runs, "cosMean")).toBeLessThan(1e-4);
      expect(runs[1].samples.at(-1)!.loss).toBeLessThan(0.2 * runs[1].samples[0].loss); // a run that went somewhere
      // Snapshots hold the same neurons.
      runs[0].snapshots.forEach((s, i) =>
        (s.a as number[]).forEach((v, k) => expect(v).toBeCloseTo((runs[1].snapshots[i].a as number[])[k], 4)),
      );
    }
  });

  it("invariant measure: mini-batch SGD with weight decay, 3 chains, same batches", async () => {
    const runs = await both("invariant-measure", { steps: 300, chains: 3, snapshotEvery: 100 });
    expect(maxRel(runs, "loss")).toBeLessThan(1e-4);
    expect(maxRel(runs, "vNorm")).toBeLessThan(1e-4);
    expect(maxRel(runs, "gradNorm", 1e-3)).toBeLessThan(1e-3);
    expect(maxRel(runs, "angle", 1e-3)).toBeLessThan(1e-3);
    expect(runs[0].ensembles.length).toBe(runs[1].ensembles.length);
  });

  it("pathways: loss, mode strengths and Lanczos sharpness before the catapult", async () => {
    const runs = await both("pathways", { lr: 0.125, steps: 100, sharpnessEvery: 25, every: 5, seeds: 2 });
    expect(maxRel(runs, "loss")).toBeLessThan(1e-4);
    expect(maxRel(runs, "sharpness", 1)).toBeLessThan(1e-3);
    const strength = ([a, b]: Collected[]) =>
      Math.max(
        ...a.samples.flatMap((s, i) =>
          (s.strength as number[]).map((v, k) => Math.abs(v - (b.samples[i].strength as number[])[k])),
        ),
      );
    expect(strength(runs)).toBeLessThan(1e-4);
  });

  it("pathways scalar toy: both engines settle at the same edge-of-stability minimum", async () => {
    const [a, b] = await both("pathways", {
      model: "scalar",
      depth: 4,
      initScale: 0.3,
      lr: 0.6,
      steps: 3000,
      sharpnessEvery: 500,
    });
    const end = (r: Collected) => r.samples.at(-1)!;
    expect(Math.abs((end(a).sharpness as number) - (end(b).sharpness as number))).toBeLessThan(
      1e-3 * (end(b).sharpness as number),
    );
    expect(Math.abs((end(a).share as number[])[0] - (end(b).share as number[])[0])).toBeLessThan(1e-3);
  });
});
