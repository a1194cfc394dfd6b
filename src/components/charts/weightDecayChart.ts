import * as Plot from "@observablehq/plot";
import { linearFit } from "../../sim/metrics/linearFit.js";
import { palette } from "../palette.js";
import { chartFigure } from "./chartFigure.js";

/**
 * Equilibrium ‖V‖ against weight decay λ, log-log: the measured points, their fitted power law, and
 * the reference slope −1/4 (‖V‖⁴ = ηG²/(2λ) at a fixed noise scale G), drawn through the middle λ.
 */
export function weightDecayChart({
  points,
  slope,
  predicted = [],
  width,
  height = 280,
}: {
  points: { weightDecay: number; vNormEq: number }[];
  slope: number;
  predicted?: { weightDecay: number; v: number }[];
  width: number;
  height?: number;
}) {
  const fit = linearFit({ x: points.map((p) => Math.log(p.weightDecay)), y: points.map((p) => Math.log(p.vNormEq)) });
  const lams = [...new Set(points.map((p) => p.weightDecay))].sort((a, b) => a - b);
  const [lo, hi] = [lams[0] / 1.5, lams.at(-1)! * 1.5];
  const mid = lams[Math.floor(lams.length / 2)];
  const midV = Math.exp(fit.intercept + fit.slope * Math.log(mid));
  const lines = [lo, hi].flatMap((l) => [
    { l, v: Math.exp(fit.intercept + fit.slope * Math.log(l)), what: `fit: ‖V‖ ∝ λ^${fit.slope.toFixed(2)}` },
    { l, v: midV * (l / mid) ** slope, what: `theory at fixed G: ‖V‖ ∝ λ^${slope}` },
  ]);
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 55,
    x: { type: "log", label: "weight decay λ →", domain: [lo, hi], tickFormat: "~g" },
    y: { type: "log", label: "↑ equilibrium ‖V‖", grid: true, tickFormat: "~g" },
    color: {
      legend: true,
      domain: [
        `fit: ‖V‖ ∝ λ^${fit.slope.toFixed(2)}`,
        `theory at fixed G: ‖V‖ ∝ λ^${slope}`,
        "measured",
        "(ηG²/2λ)^¼ with measured G",
      ],
      range: [palette.precomputed, palette.theory, palette.precomputed, palette.theory],
    },
    marks: [
      Plot.line(
        lines.filter((d) => d.what.startsWith("fit")),
        { x: "l", y: "v", stroke: "what" },
      ),
      Plot.line(
        lines.filter((d) => d.what.startsWith("theory")),
        { x: "l", y: "v", stroke: "what", strokeDasharray: "5,3" },
      ),
      Plot.dot(points, { x: "weightDecay", y: "vNormEq", fill: () => "measured", r: 4, tip: true }),
      Plot.dot(predicted, {
        x: "weightDecay",
        y: "v",
        stroke: () => "(ηG²/2λ)^¼ with measured G",
        r: 7,
        strokeWidth: 1.5,
      }),
    ],
  });
  const summary = `Equilibrium ‖V‖ for ${lams.length} weight decays from ${lams[0]} to ${lams.at(-1)} falls as λ^${fit.slope.toFixed(2)} (fitted), against λ^${slope} at a fixed noise scale.`;
  return chartFigure({ chart, label: "Equilibrium ‖V‖ against weight decay λ (log-log)", summary });
}
