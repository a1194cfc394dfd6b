import { describe, expect, it } from "vitest";
import { median } from "../../src/sim/metrics/quantiles.js";
import { memberMedian, memberRatioMedian } from "../../src/sim/summaries/memberMedian.js";
import { edgeStory } from "../../src/sim/summaries/edgeStory.js";
import { equilibriumNorm } from "../../src/sim/theory/invariantMeasure.js";
import { initExponent } from "../../src/sim/theory/multistage.js";

describe("the numbers pages quote", () => {
  it("takes one median: the middle value, or the mean of the two middle ones, of the finite values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, Number.NaN, 1, Number.POSITIVE_INFINITY, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it("takes medians of member summaries, leaving out members without the field", () => {
    const members = [
      { v: 1, w: 2 },
      { v: 9, w: 3 },
      { v: 4, w: 8 },
      { v: null, w: 1 },
    ];
    expect(memberMedian({ members, key: "v" })).toBe(4);
    // ratios 0.5, 3, 0.5 (the member without v is not a number): median 0.5
    expect(memberRatioMedian({ members, num: "v", den: "w" })).toBe(0.5);
  });

  it("tells a pathways run's story: median final share, final sharpness and peak", () => {
    const story = edgeStory({
      members: [
        { finalShare: [0.6], finalSharpness: 15.9 },
        { finalShare: [0.7], finalSharpness: 15.8 },
        { finalShare: [0.65], finalSharpness: null },
      ],
      traces: [{ sharpness: [1, null, 30, 16] }, { sharpness: [2, 24, null] }, { sharpness: [26] }],
    });
    expect(story.share).toBe(0.65);
    expect(story.sharpness).toBeCloseTo(15.85, 12);
    expect(story.peak).toBe(26);
  });

  it("puts a measured noise scale into the equilibrium identity 2λ‖V‖² = η‖g_V‖²", () => {
    const lr = 0.2,
      weightDecay = 5e-3,
      noiseScale = 0.7;
    const v = equilibriumNorm({ lr, weightDecay, noiseScale });
    // with ‖g_V‖ = G/‖V‖ the identity reads 2λ‖V‖² = η G²/‖V‖²
    expect(2 * weightDecay * v ** 2).toBeCloseTo((lr * noiseScale ** 2) / v ** 2, 12);
  });

  it("writes an init scale as ε = m^(−α)", () => {
    expect(initExponent({ width: 100, initScale: 1e-4 })).toBeCloseTo(2, 12);
    expect(initExponent({ width: 1, initScale: 1e-4 })).toBeNull();
  });
});
