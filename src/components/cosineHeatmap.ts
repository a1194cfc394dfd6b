import * as Plot from "@observablehq/plot";
import { cosineMatrix, orientations } from "../sim/metrics/condensation.js";

/**
 * The m×m matrix cos((w_k, b_k), (w_l, b_l)) at one snapshot, neurons sorted by orientation so that
 * condensed groups show as solid ±1 blocks. A raster (one image), not m² SVG cells.
 */
export function cosineHeatmap({ snapshot, width, height }: { snapshot: { w: number[]; b: number[] }; width: number; height?: number }) {
  const m = snapshot.w.length;
  const ang = orientations(snapshot);
  const order = Array.from({ length: m }, (_, k) => k).sort((i, j) => ang[i] - ang[j]);
  const sorted = { w: order.map((k) => snapshot.w[k]), b: order.map((k) => snapshot.b[k]) };
  const values = Array.from(cosineMatrix(sorted));
  const size = Math.min(width, height ?? width);
  return Plot.plot({
    width: size,
    height: size,
    marginLeft: 50,
    marginBottom: 40,
    x: { label: "neuron (sorted by orientation) →", domain: [0, m] },
    y: { label: "↓ neuron", domain: [m, 0] },
    color: { type: "linear", scheme: "RdBu", domain: [-1, 1], legend: true, label: "cosine" },
    marks: [Plot.raster(values, { width: m, height: m, x1: 0, x2: m, y1: 0, y2: m, imageRendering: "pixelated" })],
  });
}
