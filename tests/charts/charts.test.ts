// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/sim/rng.js";
import { phaseChart, phaseColor } from "../../src/components/charts/phaseChart.js";
import { plateauChart, plateauColors } from "../../src/components/charts/plateauChart.js";
import { palette } from "../../src/components/palette.js";
import { rounded, stubCanvas } from "./svgSnapshot.js";

/**
 * Charts as their SVG, from seeded data, with numbers rounded to two decimals (as Plot's own
 * snapshot tests do): a change to what a chart draws shows up as a diff of the snapshot file.
 */
stubCanvas();

function phaseCells() {
  const rng = createRng({ seed: 7 });
  const lrs = [0.3, 0.5, 0.7, 0.9];
  return [1, 2, 3, 4].flatMap((K) =>
    lrs.map((lr) => ({
      axis: "K",
      K,
      L: 4,
      lr,
      share: K === 1 ? 1 : 1 / K + (1 - 1 / K) * rng.uniform(),
      sharpnessRatio: 0.8 + 0.4 * rng.uniform(),
      converged: lr < 0.9,
      diverged: false,
    })),
  );
}
const windows = [1, 2, 3, 4].map((K) => ({
  axis: "K",
  K,
  L: 4,
  windowLow: 0.4 + 0.02 * K,
  windowHigh: 0.6 + 0.05 * K,
}));

describe("chart options", () => {
  it("draws phase-diagram shares on [1/K, 1]: a K = 4 split near 0.25 is not drawn as missing", () => {
    expect(phaseColor({ cells: phaseCells(), value: "share" }).domain).toEqual([0.25, 1]);
    expect(phaseColor({ cells: [{ K: 2 }, { K: 1 }], value: "share" }).domain).toEqual([0.5, 1]);
    expect(phaseColor({ cells: [{ K: 3 }], value: "share" }).domain[0]).toBeCloseTo(1 / 3, 15);
  });

  it("gives the plateau chart's fit, measured points, theory and live run four different colours", () => {
    const { domain, range } = plateauColors({ names: ["fit: slope 5.00", "theory T_init: slope 1/(λη) = 5.20"] });
    expect(domain).toEqual([
      "fit: slope 5.00",
      "theory T_init: slope 1/(λη) = 5.20",
      "measured (precomputed)",
      "live run",
    ]);
    expect(new Set(range).size).toBe(4);
    expect(range[2]).toBe(palette.precomputed);
    expect(range[1]).toBe(palette.theory);
  });
});

describe("chart snapshots", () => {
  it("phase diagram over η × K", async () => {
    const figure = phaseChart({ cells: phaseCells(), windows, axis: "K", value: "share", width: 640 });
    await expect(rounded(figure.outerHTML)).toMatchFileSnapshot("__snapshots__/phase-share-K.html");
  });

  it("plateau length against ln(1/ε)", async () => {
    const rng = createRng({ seed: 3 });
    const points = [1e-2, 1e-3, 1e-4].flatMap((initScale) =>
      [0, 1].map((seed) => ({
        initScale,
        logInvScale: Math.log(1 / initScale),
        seed,
        plateauEnd: Math.round(40 * Math.log(1 / initScale) + 10 * rng.uniform()),
      })),
    );
    const figure = plateauChart({
      points,
      fit: { slope: 40, intercept: 5 },
      theory: { lambda: 0.25, lr: 0.1, width: 100 },
      live: [{ logInvScale: 8, plateauEnd: 330 }],
      width: 640,
    });
    await expect(rounded(figure.outerHTML)).toMatchFileSnapshot("__snapshots__/plateau.html");
  });
});

describe("live layers in bounded time", () => {
  it("draws at most 8 members as lines and the min–max over all of them as a band", async () => {
    const { liveLinesAndBand } = await import("../../src/components/charts/liveBand.js");
    const rows = Array.from({ length: 64 }, (_, member) =>
      [0, 10, 20].map((step) => ({ member, step, loss: member + step })),
    ).flat();
    const { lines, band, hidden } = liveLinesAndBand({ rows, value: (r) => r.loss });
    expect(new Set(lines.map((r) => r.member))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(hidden).toBe(56);
    expect(band).toEqual([0, 10, 20].map((step) => ({ step, lo: step, hi: 63 + step })));
    const { evenly } = await import("../../src/components/charts/liveBand.js");
    const picked = evenly(
      Array.from({ length: 1000 }, (_, i) => i),
      60,
    );
    expect(picked).toHaveLength(60);
    expect([picked[0], picked.at(-1)]).toEqual([0, 999]);
    expect(evenly([1, 2, 3], 60)).toEqual([1, 2, 3]);
    const few = liveLinesAndBand({ rows: rows.filter((r) => r.member < 3), value: (r) => r.loss });
    expect([few.lines.length, few.band.length, few.hidden]).toEqual([9, 0, 0]);
  });
});
