import * as Plot from "@observablehq/plot";
import { condensedFraction, cosineMatrix, inputsOf, orientations } from "../../sim/metrics/condensation.js";
import { chartFigure } from "./chartFigure.js";
import { count, fmt } from "../../text/describe.js";

/**
 * The order that puts condensed groups side by side: by orientation for 1-D inputs, else by the
 * cosine to neuron 0 (neurons on one line have the same |cosine| to any neuron).
 */
function neuronOrder(snapshot: { w: number[]; b: number[] }): number[] {
  const m = snapshot.b.length;
  const key = inputsOf(snapshot) === 1 ? orientations(snapshot) : cosineMatrix(snapshot).subarray(0, m);
  return Array.from({ length: m }, (_, k) => k).sort((i, j) => key[i] - key[j]);
}

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
  const m = snapshot.b.length,
    d = inputsOf(snapshot);
  const order = neuronOrder(snapshot);
  const sorted = {
    w: order.flatMap((k) => snapshot.w.slice(k * d, (k + 1) * d)),
    b: order.map((k) => snapshot.b[k]),
  };
  const values = Array.from(cosineMatrix(sorted));
  const size = Math.min(width, height ?? width);
  const chart = Plot.plot({
    width: size,
    height: size,
    marginLeft: 50,
    marginBottom: 40,
    x: { label: `neuron (sorted by ${d === 1 ? "orientation" : "cosine to neuron 0"}) →`, domain: [0, m] },
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
