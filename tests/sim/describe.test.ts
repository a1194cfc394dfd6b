import { describe, expect, it } from "vitest";
import { describeLines, describeLive, describeSeries, fmt } from "../../src/text/describe.js";

describe("fmt", () => {
  it("keeps three significant digits and switches to exponents for tiny or huge values", () => {
    expect(fmt(0.123456)).toBe("0.123");
    expect(fmt(25.04)).toBe("25");
    expect(fmt(0.00012345)).toBe("1.23e-4");
    expect(fmt(123456)).toBe("1.23e5");
    expect(fmt(0)).toBe("0");
  });
});

describe("describeSeries", () => {
  // A plateau at 0.2 until step 90, an exponential drop of 25× by step 150, then slow decay.
  const steps = Array.from({ length: 400 }, (_, i) => i + 1);
  const loss = steps.map((t) =>
    t <= 90 ? 0.2 : t <= 150 ? 0.2 * Math.exp((-Math.log(25) * (t - 90)) / 60) : 0.008 * Math.exp(-(t - 150) / 5000),
  );

  it("finds the flat start, the size of the first drop and where the next plateau begins", () => {
    const text = describeSeries({ steps, values: loss, label: "median loss" });
    const m = text.match(
      /stays within 5 % of its start \(0\.2\) until step (\d+), then drops ([\d.]+)× by step (\d+), and ends at ([\d.e-]+) at step 400\./,
    );
    expect(m, text).not.toBeNull();
    const [, flatEnd, factor, by, end] = m!.map(Number);
    // 5 % below 0.2 is reached 60·ln(1.05)/ln(25) ≈ 0.9 steps after 90.
    expect(flatEnd).toBe(90);
    // The drop ends where the loss moves less than 5 % over the next half of its age: near step 150.
    expect(by).toBeGreaterThanOrEqual(145);
    expect(by).toBeLessThanOrEqual(152);
    expect(factor).toBeCloseTo(0.2 / loss[by - 1], 0);
    expect(end).toBeCloseTo(loss[399], 5);
  });

  it("describes a rising linear series by differences and skips non-finite points", () => {
    const text = describeSeries({ steps: [0, 1, 2, 3, 4], values: [0, null, 0.5, NaN, 1], label: "share", log: false });
    expect(text).toBe("The share starts at 0 at step 0, rises by 1 by step 4.");
  });

  it("says when a series does not move, and when there is nothing to describe", () => {
    expect(describeSeries({ steps: [1, 2, 3], values: [2, 2, 2], label: "norm" })).toBe(
      "The norm stays at 2 from step 1 to step 3.",
    );
    expect(describeSeries({ steps: [1], values: [2], label: "norm" })).toBe("No norm to show yet.");
  });
});

describe("describeLines and describeLive", () => {
  it("names the lowest and highest final values and the theory rules", () => {
    const lines = [
      { label: "seed 0", step: [0, 10, 20], value: [1, 0.9, 0.51] },
      { label: "seed 1", step: [0, 10, 20], value: [1, 0.99, null] },
    ];
    expect(describeLines({ lines, label: "share", rules: [{ value: 16, label: "2/η = 16" }] })).toBe(
      "2 lines of share over 20 steps end between 0.51 (seed 0) and 0.99 (seed 1); theory: 2/η = 16.",
    );
  });

  it("reports the live run's last value and the pinned runs", () => {
    const samples = [
      { member: 0, step: 5, loss: 0.5 },
      { member: 1, step: 9, loss: 0.25 },
      { member: 0, step: 9, loss: Infinity },
    ];
    expect(describeLive({ samples, field: "loss", label: "loss", pins: 2 })).toBe(
      " The live run (2 members) is at step 9 with loss 0.25. 2 pinned runs are overlaid.",
    );
    expect(describeLive({ samples: [], field: "loss", label: "loss" })).toBe("");
  });
});
