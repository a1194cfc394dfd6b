import { describe, expect, it } from "vitest";
import { createSampleBudget } from "../../src/sim/metrics/sampleBudget.js";

describe("sample budget", () => {
  it("keeps everything while a member is under budget", () => {
    const b = createSampleBudget<{ member: number; step: number }>({ budget: 50, head: 10 });
    for (let step = 0; step < 40; step++) for (const member of [0, 1]) b.add({ member, step });
    expect(b.list()).toHaveLength(80);
    expect(b.thinned).toBe(false);
  });

  it("holds at most about the budget per member, its head, an even stride and the latest item, over any length", () => {
    const b = createSampleBudget<{ member: number; step: number }>({ budget: 100, head: 20 });
    for (let step = 0; step < 100_000; step++) for (const member of [0, 1, 2]) b.add({ member, step });
    const byMember = [0, 1, 2].map((m) =>
      b
        .list()
        .filter((s) => s.member === m)
        .map((s) => s.step),
    );
    for (const steps of byMember) {
      expect(steps.length).toBeLessThanOrEqual(102);
      expect(steps.length).toBeGreaterThan(50);
      expect(steps.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(steps.at(-1)).toBe(99_999);
      // after the head, one stride: a power of two
      const gaps = new Set(
        steps
          .slice(20, -1)
          .map((s, i, a) => (i ? s - a[i - 1] : null))
          .filter((g) => g !== null),
      );
      expect(gaps.size).toBe(1);
      const [gap] = gaps as Set<number>;
      expect(Math.log2(gap) % 1).toBe(0);
    }
    expect(b.thinned).toBe(true);
  });

  it("tells a storeless copy (the worker) exactly what the storing one (the page) keeps", () => {
    const page = createSampleBudget<{ member: number; step: number }>({ budget: 60, head: 8 });
    const worker = createSampleBudget<{ member: number; step: number }>({ budget: 60, head: 8, store: false });
    const received = createSampleBudget<{ member: number; step: number }>({ budget: 60, head: 8 });
    for (let step = 0; step < 5000; step++) {
      const s = { member: 0, step };
      page.add(s);
      // The worker sends what it keeps, and the latest item at the end, with their indices.
      if (worker.add(s) || step === 4999) received.add(s, step);
    }
    expect(received.list()).toEqual(page.list());
  });
});
