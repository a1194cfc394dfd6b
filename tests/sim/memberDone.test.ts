import { describe, expect, it } from "vitest";
import { memberDone, memberEnds } from "../../src/sim/metrics/memberDone.js";
import { sampleSteps } from "../../src/sim/metrics/schedule.js";

describe("a live member is done", () => {
  it("never while it keeps pace with its ensemble on the shared sample schedule", () => {
    // The worst lag of a live member: one sample interval behind the leader, anywhere in a long run.
    const steps = sampleSteps({ steps: 100_000 });
    for (let i = 1; i < steps.length; i++)
      expect(memberDone({ step: steps[i - 1], lead: steps[i], last: 100_000, ended: false })).toBe(false);
  });

  it("once it stopped behind the others (diverged), reached its last step, or the run ended", () => {
    expect(memberDone({ step: 595, lead: 9875, last: 30_000, ended: false })).toBe(true);
    expect(memberDone({ step: 30_000, lead: 30_000, last: 30_000, ended: false })).toBe(true);
    expect(memberDone({ step: 120, lead: 130, last: 30_000, ended: true })).toBe(true);
    // Early on, where every step is sampled, a few steps behind is a batch in flight, not a stop.
    expect(memberDone({ step: 5, lead: 9, last: 30_000, ended: false })).toBe(false);
  });

  it("reads each member's first and latest sample from interleaved batches", () => {
    const samples = [0, 1, 0, 1, 0].map((member, i) => ({ member, step: i }));
    const { first, latest } = memberEnds(samples);
    expect([first.get(0)!.step, latest.get(0)!.step, first.get(1)!.step, latest.get(1)!.step]).toEqual([0, 4, 1, 3]);
  });
});
