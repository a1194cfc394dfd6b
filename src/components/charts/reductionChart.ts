import * as Plot from "@observablehq/plot";
import { palette } from "../palette.js";
import { chartFigure } from "./chartFigure.js";
import { fmt } from "../../text/describe.js";

/** ρ(K, L) = λ_equal/λ_single against K for each depth L: the formula K^(2/L−1) as lines, the Lanczos measurements as dots. */
export function reductionChart({
  rows,
  width,
  height = 260,
}: {
  rows: { K: number; L: number; measured: number; formula: number }[];
  width: number;
  height?: number;
}) {
  const Ls = [...new Set(rows.map((r) => r.L))];
  const colors = [palette.precomputed, palette.theory, palette.descent, palette.live, palette.marker];
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 50,
    x: { label: "pathways K →", ticks: [...new Set(rows.map((r) => r.K))] },
    y: { label: "↑ ρ(K, L) = λ_equal / λ_single", grid: true, domain: [0, 1.05] },
    color: { domain: Ls.map((L) => `L = ${L}`), range: Ls.map((_, i) => colors[i % colors.length]), legend: true },
    marks: [
      Plot.line(rows, { x: "K", y: "formula", stroke: (r) => `L = ${r.L}`, strokeDasharray: "5,3" }),
      Plot.dot(rows, {
        x: "K",
        y: "measured",
        fill: (r) => `L = ${r.L}`,
        r: 4,
        tip: true,
        title: (r) => `K = ${r.K}, L = ${r.L}\nmeasured ${r.measured}\nK^(2/L−1) = ${r.formula.toFixed(4)}`,
      }),
    ],
  });
  const worst = rows.reduce((a, r) => Math.max(a, Math.abs(r.measured / r.formula - 1)), 0);
  // Does the measured ρ fall with K at each depth? (It must for L > 2: exponent 2/L − 1 < 0.)
  const falling = Ls.filter((L) => {
    const r = rows.filter((q) => q.L === L).sort((a, b) => a.K - b.K);
    return r.length > 1 && r.every((q, i) => i === 0 || q.measured < r[i - 1].measured);
  });
  const summary = `Measured ρ for ${rows.length} (K, L) pairs follows K^(2/L−1) within ${fmt(100 * worst)} %; it falls with K at depth ${falling.length ? falling.map((L) => `L = ${L}`).join(", ") : "none"}.`;
  return chartFigure({ chart, label: "ρ(K, L) against the number of pathways K", summary });
}
