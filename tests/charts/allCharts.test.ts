// @vitest-environment jsdom
import { describe, it } from "vitest";
import { createRng } from "../../src/sim/rng.js";
import { condensationChart } from "../../src/components/charts/condensationChart.js";
import { cosineHeatmap } from "../../src/components/charts/cosineHeatmap.js";
import { ensembleChart } from "../../src/components/charts/ensembleChart.js";
import { ensembleMotionChart, ensembleW1Chart } from "../../src/components/charts/ensembleMotionChart.js";
import { linesChart } from "../../src/components/charts/linesChart.js";
import { liveLinesChart } from "../../src/components/charts/liveLinesChart.js";
import { previewChart } from "../../src/components/charts/previewChart.js";
import { reductionChart } from "../../src/components/charts/reductionChart.js";
import { sweepChart } from "../../src/components/charts/sweepChart.js";
import { sweepGridChart } from "../../src/components/charts/sweepGridChart.js";
import { timeSeriesChart } from "../../src/components/charts/timeSeriesChart.js";
import { weightDecayChart } from "../../src/components/charts/weightDecayChart.js";
import { palette } from "../../src/components/palette.js";
import { snapshot, stubCanvas } from "./svgSnapshot.js";

/**
 * Every chart as its SVG from seeded data (charts.test.ts has the phase diagram and the plateau
 * chart): a change to what a chart draws shows up as a diff of its snapshot file. Numbers are
 * rounded to two decimals, as Plot's own snapshot tests do.
 */
stubCanvas();

const rng = createRng({ seed: 11 });
const steps = Array.from({ length: 40 }, (_, i) => Math.round(1.25 ** i));
const neurons = (m: number) => ({
  a: Array.from({ length: m }, () => rng.normal() * 0.1),
  w: Array.from({ length: m }, () => rng.normal()),
  b: Array.from({ length: m }, () => rng.normal()),
});
const ensemble = (chains: number) =>
  [0, 500, 1000, 1500, 2000].map((step, i) => ({
    step,
    vNorm: Array.from({ length: chains }, () => 2 + 0.1 * rng.normal() + 1 / (i + 1)),
    loss: Array.from({ length: chains }, () => 0.3 + 0.01 * rng.normal()),
    w1VNorm: i ? 0.2 / i : null,
    w1Loss: i ? 0.01 / i : null,
    displacement: i ? 0.2 : null,
    spread: 0.1 * i,
  }));
/** A runner stand-in with one state: a chart that follows it draws that state at once. */
const fixed = <S>(state: S) => ({
  subscribe(f: (s: S) => void) {
    f(state);
    return () => {};
  },
});

describe("chart snapshots, every chart", () => {
  it("condensation map and cosine heat map of a snapshot", async () => {
    const snap = { ...neurons(24), step: 300 };
    await snapshot(condensationChart({ snapshot: snap, direction: [0.6, 0.8], width: 480 }), "condensation");
    await snapshot(cosineHeatmap({ snapshot: snap, width: 320 }), "cosine-heatmap");
  });

  it("ensemble of chains, its motion and its W1 distances, precomputed and live", async () => {
    const pre = ensemble(6);
    const live = ensemble(3);
    await snapshot(ensembleChart({ snapshots: pre, live, field: "vNorm", label: "‖V‖", width: 480 }), "ensemble");
    await snapshot(ensembleMotionChart({ snapshots: pre, live, width: 480 }), "ensemble-motion");
    await snapshot(ensembleW1Chart({ snapshots: pre, live, width: 480 }), "ensemble-w1");
  });

  it("lines with rules, and the same lines following a live run", async () => {
    const lines = [0, 1].map((seed) => ({
      label: `seed ${seed}`,
      legend: "η = 0.125",
      color: palette.precomputed,
      step: steps,
      value: steps.map((s) => 0.5 + 0.5 * Math.exp(-s / (50 + 20 * seed))),
    }));
    const rules = [{ value: 0.5, label: "even split" }];
    await snapshot(linesChart({ lines, label: "top-mode share", rules, width: 480 }), "lines");
    const state = { samples: [{}], pins: [], summary: null, params: { steps: 2000 } };
    await snapshot(
      liveLinesChart({
        runner: fixed(state),
        lines: () => lines,
        rules: () => rules,
        label: "top-mode share",
        width: 480,
      }),
      "live-lines",
    );
  });

  it("a time series with its seed band, stages, theory rules and a live run", async () => {
    const median = steps.map((s) => 0.7 / (1 + (s / 80) ** 2) + 0.02);
    const band = { steps, median, lo: median.map((v) => v * 0.9), hi: median.map((v) => v * 1.1) };
    const live = steps.map((step) => ({ member: 0, step, loss: 0.7 / (1 + (step / 90) ** 2) + 0.02 }));
    const figure = timeSeriesChart({
      band,
      live,
      field: "loss",
      label: "loss",
      stages: [
        { kind: "plateau", label: "initial plateau", start: 0, end: 60 },
        { kind: "descent", label: "initial descent", start: 60, end: 400 },
      ],
      rulesX: [{ value: 97, label: "T_init" }],
      rulesY: [{ value: 0.02, label: "L_lin" }],
      width: 560,
    });
    await snapshot(figure, "time-series");
  });

  it("the ρ(K, L) reduction, the ‖V‖ against λ fit, and the index's preview", async () => {
    const rows = [2, 3, 4].flatMap((L) =>
      [1, 2, 4, 8].map((K) => ({
        K,
        L,
        formula: K ** (2 / L - 1),
        measured: K ** (2 / L - 1) * (1 + 0.01 * rng.normal()),
      })),
    );
    await snapshot(reductionChart({ rows, width: 480 }), "reduction");
    const points = [1e-3, 3e-3, 1e-2].flatMap((weightDecay) =>
      [0, 1].map(() => ({ weightDecay, vNormEq: 3 * weightDecay ** -0.25 * (1 + 0.01 * rng.normal()) })),
    );
    await snapshot(weightDecayChart({ points, slope: -0.25, width: 480 }), "weight-decay");
    const preview = previewChart({
      lines: [{ name: "median loss", color: palette.precomputed, step: steps, value: steps.map((s) => 1 / (1 + s)) }],
      rulesY: [0.01],
      logX: true,
      logY: true,
      label: "preview",
      width: 260,
    });
    await snapshot(preview, "preview");
  });

  it("a live sweep against its parameter, and a live phase diagram", async () => {
    const samples = [0.2, 0.4, 0.6].flatMap((lr, member) =>
      [0, 100].map((step) => ({ member, step, lr, pathways: 2, share: 0.5 + lr * (step / 200) })),
    );
    const state = {
      samples,
      steps: 100,
      step: 100,
      status: "done",
      params: { steps: 100, lr: 0.2, pathways: 2 },
      sweep: [
        { name: "lr", lo: 0.2, hi: 0.6, n: 3, log: false },
        { name: "pathways", lo: 2, hi: 2, n: 1, log: false },
      ],
    };
    await snapshot(
      sweepChart({
        runner: fixed({ ...state, sweep: state.sweep.slice(0, 1) }),
        x: "lr",
        value: (s) => s.share as number,
        xLabel: "η",
        yLabel: "share",
        width: 480,
      }),
      "sweep",
    );
    await snapshot(
      sweepGridChart({
        runner: fixed(state),
        experiment: "pathways",
        value: (s) => s.share as number,
        valueLabel: "share",
        color: () => ({ type: "linear", domain: [0.5, 1] }),
        width: 480,
      }),
      "sweep-grid",
    );
  });
});
