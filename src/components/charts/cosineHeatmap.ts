import * as Plot from "@observablehq/plot";
import { condensedFraction, cosineMatrix, orientations } from "../../sim/metrics/condensation.js";
import { chartFigure } from "./chartFigure.js";
import { count, fmt } from "../../text/describe.js";

/**
 * The m×m matrix cos((w_k, b_k), (w_l, b_l)) at one snapshot, neurons sorted by orientation so that
 * condensed groups show as solid ±1 blocks. A raster (one image), not m² SVG cells.
 */
export function cosineHeatmap({
  snapshot,
  width,
  height,
}: {
  snapshot: { w: number[]; b: number[]; step?: number };
  width: number;
  height?: number;
}) {
  const m = snapshot.w.length;
  const ang = orientations(snapshot);
  const order = Array.from({ length: m }, (_, k) => k).sort((i, j) => ang[i] - ang[j]);
  const sorted = { w: order.map((k) => snapshot.w[k]), b: order.map((k) => snapshot.b[k]) };
  const values = Array.from(cosineMatrix(sorted));
  const size = Math.min(width, height ?? width);
  const chart = Plot.plot({
    width: size,
    height: size,
    marginLeft: 50,
    marginBottom: 40,
    x: { label: "neuron (sorted by orientation) →", domain: [0, m] },
    y: { label: "↓ neuron", domain: [m, 0] },
    color: { type: "linear", scheme: "RdBu", domain: [-1, 1], legend: true, label: "cosine" },
    marks: [Plot.raster(values, { width: m, height: m, x1: 0, x2: m, y1: 0, y2: m, imageRendering: "pixelated" })],
  });
  const pairs = (m * (m - 1)) / 2;
  const at = snapshot.step != null ? ` at step ${count(snapshot.step)}` : "";
  const summary = pairs
    ? `${fmt(100 * condensedFraction(snapshot))} % of the ${count(pairs)} pairs of ${m} neurons${at} have |cos| > 0.99 (condensed onto a shared direction).`
    : "A single neuron: no pairs to compare.";
  return chartFigure({ chart, label: `Cosine between every pair of neurons${at}`, summary });
}
