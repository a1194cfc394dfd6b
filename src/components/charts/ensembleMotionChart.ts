import { stepAxes } from "./plotLayers.js";
import * as Plot from "@observablehq/plot";
import { palette } from "../palette.js";
import { chartFigure } from "./chartFigure.js";
import { count, fmt } from "../../text/describe.js";
import type { EnsembleStat } from "../../sim/types.js";

/** The precomputed and live snapshots' `fields` as rows of one long table, named "source: what"; missing values left out. */
function snapshotRows({
  snapshots,
  live,
  fields,
}: {
  snapshots: EnsembleStat[];
  live: EnsembleStat[];
  fields: Record<string, string>;
}) {
  const rows = (list: EnsembleStat[], source: string) =>
    list.flatMap((s) =>
      Object.entries(fields).flatMap(([field, what]) =>
        s[field] == null ? [] : [{ step: s.step, v: s[field] as number, what: `${source}: ${what}` }],
      ),
    );
  return [...rows(snapshots, "precomputed"), ...rows(live, "live")];
}

/**
 * The paper's point in one chart: between consecutive snapshots, each chain still moves (mean
 * displacement of θ̂ = (V/‖V‖, a)) a large fraction of the distance between chains (spread), while
 * the W1 distance between the snapshots' distributions of ‖V‖ falls to ≈ 0 (right axis, log scale
 * drawn as a second plot for clarity).
 */
export function ensembleMotionChart({
  snapshots,
  live = [],
  width,
  height = 260,
}: {
  snapshots: EnsembleStat[];
  live?: EnsembleStat[];
  width: number;
  height?: number;
}) {
  const fields = { displacement: "chain displacement since last snapshot", spread: "mean distance between chains" };
  const all = snapshotRows({ snapshots, live, fields }).filter((d) => d.step > 0);
  const domain = [...new Set(all.map((d) => d.what))];
  // The first displacement is the initial transient; scale to the spread and clip it.
  const top = 1.3 * Math.max(...all.filter((d) => d.what.includes("distance between")).map((d) => d.v as number), 0.1);
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 55,
    ...stepAxes({ label: "distance in θ̂ = (V/‖V‖, a)" }),
    y: { ...stepAxes({ label: "distance in θ̂ = (V/‖V‖, a)" }).y, domain: [0, top], clamp: true },
    color: {
      domain,
      range: domain.map((d) =>
        d.startsWith("live") ? palette.live : d.includes("displacement") ? palette.precomputed : palette.theory,
      ),
      legend: true,
    },
    marks: [
      Plot.line(all, { x: "step", y: "v", stroke: "what", strokeWidth: 1.8 }),
      Plot.dot(all, { x: "step", y: "v", fill: "what", r: 2 }),
    ],
  });
  const late = snapshots.filter((s, i) => i >= snapshots.length / 2 && s.displacement != null && s.spread != null);
  const mean = (f: (s: EnsembleStat) => number) => late.reduce((a, s) => a + f(s), 0) / late.length;
  const summary = late.length
    ? `Over the second half, each chain moves ${fmt(mean((s) => s.displacement as number))} between snapshots on average, against a mean distance between chains of ${fmt(mean((s) => s.spread as number))}: the chains keep moving.`
    : "Too few snapshots to compare motion and spread.";
  return chartFigure({ chart, label: "Chain displacement and distance between chains against step", summary });
}

/** W1 between the distributions across chains at consecutive snapshots, for ‖V‖ and for the loss. */
export function ensembleW1Chart({
  snapshots,
  live = [],
  width,
  height = 220,
}: {
  snapshots: EnsembleStat[];
  live?: EnsembleStat[];
  width: number;
  height?: number;
}) {
  const fields = { w1VNorm: "W1 of ‖V‖", w1Loss: "W1 of the loss" };
  const all = snapshotRows({ snapshots, live, fields }).filter((d) => d.v > 0);
  const domain = [...new Set(all.map((d) => d.what))];
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 55,
    ...stepAxes({ label: "W1 between consecutive snapshots", logY: true }),
    color: {
      domain,
      range: domain.map((d) =>
        d.startsWith("live")
          ? d.includes("loss")
            ? palette.marker
            : palette.live
          : d.includes("loss")
            ? palette.descent
            : palette.precomputed,
      ),
      legend: true,
    },
    marks: [
      Plot.line(all, { x: "step", y: "v", stroke: "what" }),
      Plot.dot(all, { x: "step", y: "v", fill: "what", r: 2 }),
    ],
  });
  const w1 = snapshots.filter((s) => typeof s.w1VNorm === "number" && (s.w1VNorm as number) > 0);
  const summary =
    w1.length >= 2
      ? `The W1 distance between consecutive distributions of ‖V‖ goes from ${fmt(w1[0].w1VNorm as number)} at step ${count(w1[0].step)} to ${fmt(w1.at(-1)!.w1VNorm as number)} at step ${count(w1.at(-1)!.step)}.`
      : "Too few snapshots for W1 distances.";
  return chartFigure({ chart, label: "W1 between consecutive ensemble snapshots against step", summary });
}
