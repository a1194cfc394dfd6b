import * as Plot from "@observablehq/plot";
import { palette } from "../palette.js";
import { evenly } from "./liveBand.js";
import { chartFigure } from "./chartFigure.js";
import { stepAxes } from "./plotLayers.js";
import { count, fmt } from "../../text/describe.js";
import type { EnsembleStat } from "../../sim/types.js";
import { median } from "../../sim/metrics/quantiles.js";

/**
 * The law across chains over time: every chain's value of `field` (per-chain arrays in the
 * ensemble snapshots) as a dot at each snapshot, thin chain traces, and the median. Converging
 * laws show as a strip that stops changing while the dots inside it keep trading places.
 */
export function ensembleChart({
  snapshots,
  live = [],
  field,
  label,
  logY = false,
  fromStep = 0,
  width,
  height = 300,
}: {
  snapshots: EnsembleStat[];
  live?: EnsembleStat[];
  field: string;
  label: string;
  logY?: boolean;
  fromStep?: number;
  width: number;
  height?: number;
}) {
  const flat = (list: EnsembleStat[], source: string) =>
    list
      .filter((s) => s.step >= fromStep)
      .flatMap((s) =>
        ((s[field] as number[] | undefined) ?? []).map((v, chain) => ({ step: s.step, v, chain, source })),
      );
  const pre = flat(snapshots, "precomputed");
  // A live ensemble of 256 chains and 1,000 snapshots would be 256,000 dots: at most 60 snapshots
  // of at most 64 chains are drawn, so a redraw stays quick whatever the run.
  const liveDots = flat(evenly(live, 60), "live run").filter((d) => d.chain < 64);
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 55,
    ...stepAxes({ label, logY }),
    color: { domain: ["precomputed", "live run"], range: [palette.precomputed, palette.live], legend: true },
    marks: [
      Plot.line(pre, { x: "step", y: "v", z: "chain", stroke: palette.precomputed, strokeOpacity: 0.15 }),
      Plot.dot(pre, { x: "step", y: "v", fill: "source", r: 1.8, fillOpacity: 0.6 }),
      // The median across chains at each snapshot, by Plot's own reducer.
      Plot.lineY(
        pre.filter((d) => d.step >= fromStep),
        Plot.groupX({ y: "median" }, { x: "step", y: "v", stroke: palette.precomputed, strokeWidth: 2 }),
      ),
      Plot.dot(liveDots, { x: "step", y: "v", fill: "source", r: 2 }),
      Plot.tip(
        pre,
        Plot.pointer({
          x: "step",
          y: "v",
          title: (d) => `chain ${d.chain}, step ${d.step}\n${label} ${d.v.toPrecision(4)}`,
        }),
      ),
    ],
  });
  const shown = snapshots.filter((s) => s.step >= fromStep && Array.isArray(s[field]));
  const spread = (s: EnsembleStat) => {
    const v = s[field] as number[];
    return `${fmt(Math.min(...v))}–${fmt(Math.max(...v))}`;
  };
  const summary = shown.length
    ? `${(shown[0][field] as number[]).length} chains from step ${count(shown[0].step)}: ${label} spans ${spread(shown[0])} at the first snapshot and ${spread(shown.at(-1)!)} at step ${count(shown.at(-1)!.step)}, median ${fmt(median(shown.at(-1)![field] as number[]))}.${live.length ? ` The live run has ${live.length} snapshots.` : ""}`
    : `No ensemble snapshots of ${label}.`;
  return chartFigure({ chart, label: `${label} against step`, summary });
}
