import { describe, expect, it } from "vitest";
import { LIVE_BUDGET, LIVE_TOTAL, createSampleBudget, liveBudgets } from "../../src/sim/metrics/sampleBudget.js";

describe("live budgets by member count", () => {
  it.each([1, 8, 64, 65, 256, 4096, 65_536])("bound what a page holds of %i members", (members) => {
    const b = liveBudgets({ members });
    for (const part of [b.samples, b.ensembles, b.snapshots]) {
      expect(part.budget).toBeLessThanOrEqual(LIVE_BUDGET.budget);
      expect(part.head).toBeLessThan(part.budget);
    }
    expect(members * b.samples.budget).toBeLessThanOrEqual(Math.max(LIVE_TOTAL.samples, 2 * members));
    // an ensemble statistic holds two numbers per member
    expect(2 * members * b.ensembles.budget).toBeLessThanOrEqual(Math.max(LIVE_TOTAL.ensembleValues, 4 * members));
    if (members <= 64) expect(b.samples.budget).toBe(LIVE_BUDGET.budget);
  });

  it("holds at most the total over a long run of 256 members, each member's first and latest samples kept", () => {
    const members = 256;
    const budget = createSampleBudget<{ member: number; step: number }>(liveBudgets({ members }).samples);
    for (let step = 0; step < 4000; step++)
      for (let member = 0; member < members; member++) budget.add({ member, step });
    const held = budget.list();
    expect(held.length).toBeLessThanOrEqual(LIVE_TOTAL.samples + members);
    expect(held.length).toBeGreaterThan(LIVE_TOTAL.samples / 2);
    for (const m of [0, 255]) {
      const steps = held.filter((s) => s.member === m).map((s) => s.step);
      expect([steps[0], steps.at(-1)]).toEqual([0, 3999]);
    }
  });
});
