import { beforeAll, describe, expect, it } from "vitest";
import { collectRun, type Collected } from "../../node/collect.js";
import { loadTf } from "../../node/tfNode.js";
import { linearFit } from "../../src/sim/metrics/linearFit.js";
import type { Tf } from "../../src/sim/types.js";

/** Reproduction of docs/phenomena/multistage.md's claims on short runs of the headline preset (m = 100, n = 20, ε = 1e-4, η = 0.1). */
describe("multistage reproduction", () => {
  let tf: Tf;
  let run: Collected;
  const params = { width: 100, points: 20, initScale: 1e-4, lr: 0.1, steps: 700, seeds: 2, snapshots: 0 };
  beforeAll(async () => {
    tf = await loadTf({ backend: "wasm" });
    run = await collectRun({ tf, experiment: "multistage", params });
  });
  const member = (j: number) => run.samples.filter((s) => s.member === j);
  const at = (j: number, step: number) => member(j).find((s) => s.step === step)!;

  it("stays flat until close to T_init, then descends by over 10× within about a hundred steps", () => {
    const tInit = run.summary.theory.tInit as number;
    for (const m of run.summary.members) {
      const r0 = at(m.member, 0).loss;
      expect(at(m.member, Math.floor(tInit / 2)).loss).toBeGreaterThan(0.999 * r0);
      const end = m.plateauEnd as number;
      expect(end).toBeGreaterThan(0.6 * tInit);
      expect(end).toBeLessThan(1.1 * tInit);
      expect(at(m.member, end + 100).loss).toBeLessThan(r0 / 10);
    }
  });

  it("is nearly condensed when the plateau ends, and fully by the end of the descent", () => {
    // Over 6 seeds: mean |cos(u, M)| 0.96–0.999 and pairs with |cos| > 0.99 0.85–0.97 at the plateau's
    // end; the pair fraction reaches 0.92–1 by the descent's end (neurons whose initial projection on
    // the growing mode was small align last).
    for (const m of run.summary.members) {
      const s = at(m.member, m.plateauEnd as number);
      expect(s.cosMean).toBeGreaterThan(0.95);
      expect(s.condensedFrac).toBeGreaterThan(0.8);
      expect(at(m.member, m.descentEnd as number).condensedFrac).toBeGreaterThan(0.9);
    }
  });

  it("rests on a secondary plateau close to the linear-fit loss L_lin", () => {
    const lLin = run.summary.theory.lLin as number;
    for (const m of run.summary.members) {
      expect(m.descentEnd).not.toBeNull();
      expect(Math.abs((m.secondaryLevel as number) / lLin - 1)).toBeLessThan(0.1);
    }
  });

  it("moves the amplitude distribution orders of magnitude faster in the descent than on the plateaus", () => {
    const m = run.summary.members[0];
    const rate = (from: number, to: number) => {
      const v = member(0)
        .filter((s) => s.step > from && s.step <= to)
        .map((s) => s.w1Rate as number)
        .sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    const descent = rate(m.plateauEnd as number, m.descentEnd as number);
    expect(descent / rate(5, (m.plateauEnd as number) / 2)).toBeGreaterThan(100);
    expect(descent / rate((m.descentEnd as number) + 50, 600)).toBeGreaterThan(30);
  });

  it("has a plateau length whose slope in ln(1/ε) is within 10 % of 1/(λη)", async () => {
    const scales = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6];
    const sweep = await collectRun({
      tf,
      experiment: "multistage",
      params: { ...params, steps: 400, snapshots: 0 },
      members: scales.map((initScale) => ({ seed: 0, initScale })),
    });
    const ends = sweep.summary.members.map((m) => m.plateauEnd as number);
    expect(ends.every((e) => e !== null)).toBe(true);
    const { slope } = linearFit({ x: scales.map((e) => Math.log(1 / e)), y: ends });
    expect(Math.abs(slope / (sweep.summary.theory.plateauSlope as number) - 1)).toBeLessThan(0.1);
  });

  it("marks a diverging member with its step and keeps the others", async () => {
    const r = await collectRun({
      tf,
      experiment: "multistage",
      params: { ...params, steps: 300, snapshots: 0, initScale: 0.5 },
      members: [
        { seed: 0, lr: 0.1 },
        { seed: 1, lr: 0.1 },
      ],
    });
    expect(r.summary.members.every((m) => !m.diverged)).toBe(true);
    const big = await collectRun({
      tf,
      experiment: "multistage",
      params: { ...params, steps: 300, snapshots: 0, initScale: 0.5, lr: 60 },
    });
    const m = big.summary.members[0];
    expect(m.diverged).toBe(true);
    expect(m.divergedAt).toBeGreaterThan(0);
    expect(big.samples.every((s) => s.step < (m.divergedAt as number))).toBe(true);
  });

  it("gives the same trajectory on the same seed, on WASM and on CPU, and releases every tensor", async () => {
    const small = { ...params, steps: 250, seeds: 1 };
    const before = tf.memory().numTensors;
    const a = await collectRun({ tf, experiment: "multistage", params: small });
    const b = await collectRun({ tf, experiment: "multistage", params: small });
    expect(tf.memory().numTensors).toBe(before);
    expect(a.samples.map((s) => s.loss)).toEqual(b.samples.map((s) => s.loss));
    await tf.setBackend("cpu");
    const c = await collectRun({ tf, experiment: "multistage", params: small });
    await tf.setBackend("wasm");
    a.samples.forEach((s, i) => expect(Math.abs(s.loss - c.samples[i].loss)).toBeLessThan(1e-4 * s.loss + 1e-7));
  });
});
