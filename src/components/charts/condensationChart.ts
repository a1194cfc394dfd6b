import * as Plot from "@observablehq/plot";
import { amplitudes, orientations } from "../../sim/metrics/condensation.js";
import { palette } from "../palette.js";
import { chartFigure } from "./chartFigure.js";
import { condensationSummary } from "./condensationSummary.js";

/**
 * Every neuron at one snapshot: orientation of (w_k, b_k) against amplitude A_k = |a_k|·‖(w_k, b_k)‖.
 * Condensation shows as the cloud collapsing onto the theory's directions ±M (docs/phenomena/multistage.md).
 */
export function condensationChart({
  snapshot,
  direction,
  width,
  height = 300,
}: {
  snapshot: { a: number[]; w: number[]; b: number[]; step: number };
  direction: [number, number] | null;
  width: number;
  height?: number;
}) {
  const amp = amplitudes(snapshot);
  const ang = orientations(snapshot);
  const neurons = Array.from(amp, (A, k) => ({
    k,
    A,
    deg: (ang[k] * 180) / Math.PI,
    sign: snapshot.a[k] >= 0 ? "a > 0" : "a < 0",
  })).filter((d) => d.A > 0);
  const m = direction ? (Math.atan2(direction[1], direction[0]) * 180) / Math.PI : null;
  const rules =
    m === null ? [] : [m, m > 0 ? m - 180 : m + 180].map((deg, i) => ({ deg, label: i === 0 ? "+M" : "−M" }));
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 60,
    x: { domain: [-180, 180], label: "orientation of (w, b), degrees →", ticks: [-180, -90, 0, 90, 180] },
    y: { type: "log", label: "↑ amplitude A = |a|·‖(w, b)‖", grid: true, tickFormat: "~g" },
    color: { domain: ["a > 0", "a < 0"], range: [palette.precomputed, palette.live], legend: true },
    marks: [
      Plot.ruleX(rules, { x: "deg", stroke: palette.theory, strokeDasharray: "5,3" }),
      Plot.text(rules, {
        x: "deg",
        text: "label",
        frameAnchor: "top",
        dx: 4,
        textAnchor: "start",
        fill: palette.theory,
      }),
      Plot.dot(neurons, {
        x: "deg",
        y: "A",
        fill: "sign",
        r: 3,
        fillOpacity: 0.8,
        tip: true,
        title: (d) => `neuron ${d.k}\norientation ${d.deg.toFixed(1)}°\nA ${d.A.toExponential(2)}`,
      }),
    ],
  });
  return chartFigure({
    chart,
    label: `Neuron orientation against amplitude at step ${snapshot.step}`,
    summary: condensationSummary({ snapshot, direction }),
  });
}
