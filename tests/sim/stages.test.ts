import { describe, expect, it } from "vitest";
import { detectStages } from "../../src/sim/metrics/stages.js";

/** A constructed curve: flat 1 to t=100, exponential fall to 0.05 by t≈160, flat to 500, fall to 0.005, flat. */
function curve(steps: number) {
  return Float64Array.from({ length: steps + 1 }, (_, t) => {
    if (t <= 100) return 1;
    if (t <= 500) return Math.max(0.05, Math.exp(-(t - 100) / 20));
    return Math.max(0.005, 0.05 * Math.exp(-(t - 500) / 30));
  });
}

describe("detectStages", () => {
  it("finds each boundary of the spec's rule on a constructed curve", () => {
    const s = detectStages({ loss: curve(2000) });
    // R ≤ 0.99: e^{-(t-100)/20} ≤ 0.99 ⇔ t ≥ 100.2 → first integer 101
    expect(s.plateauEnd).toBe(101);
    // Once t + 50 is on the floor 0.05, the decrease R(t) − 0.05 is < 0.5 % of R(t) iff R(t) < 0.05/0.995,
    // i.e. t − 100 > 20 ln 19.9 = 59.8 → t = 160
    expect(s.descentEnd).toBe(160);
    expect(s.secondaryLevel).toBe(0.05);
    // 0.05 e^{−(t−500)/30} < 0.045 ⇔ t > 500 + 30 ln(1/0.9) = 503.2 → t = 504
    expect(s.secondaryEnd).toBe(504);
    expect(s.stages.map((x) => x.label).slice(0, 3)).toEqual([
      "initial plateau",
      "initial descent",
      "secondary plateau",
    ]);
  });

  it("labels a flat curve as one unfinished plateau", () => {
    const s = detectStages({ loss: new Float64Array(300).fill(0.7) });
    expect(s.plateauEnd).toBeNull();
    expect(s.stages).toEqual([{ kind: "plateau", label: "initial plateau", start: 0, end: 299, level: 0.7 }]);
  });

  it("folds a slow drift of a late plateau into that plateau", () => {
    // plateau, descent, secondary plateau, descent to 0.1, then a 1 %-per-100-steps creep
    const loss = Float64Array.from({ length: 6001 }, (_, t) =>
      t < 100
        ? 1
        : t < 200
          ? 1 - 0.005 * (t - 100)
          : t < 1000
            ? 0.5
            : t < 1100
              ? 0.5 - 0.004 * (t - 1000)
              : 0.1 * Math.exp(-(t - 1100) / 10000),
    );
    const s = detectStages({ loss });
    const plateau3 = s.stages.find((x) => x.label === "plateau 3")!;
    expect(plateau3.start).toBeGreaterThan(1000);
    // 10 % below its level takes ~1050 steps of creep, but the creep is not a stage: the plateau runs to the end
    expect(plateau3.end).toBe(6000);
    expect(s.stages.filter((x) => x.label.startsWith("descent 3"))).toHaveLength(0);
  });
});
