import * as Plot from "@observablehq/plot";
import { markGroups } from "./plotLayers.js";
import { palette } from "../palette.js";

export interface PreviewLine {
  name: string;
  color: string;
  step: number[];
  value: (number | null)[];
  dashed?: boolean;
}

/**
 * A phenomenon's hero in miniature, for the index's cards: a few lines against step, log scales
 * where the page uses them, light axes, and the theory as dashed rules.
 */
export function previewChart({
  lines,
  rulesY = [],
  rulesX = [],
  logX = false,
  logY = false,
  yDomain,
  label,
  width,
  height = 130,
  scale = 1,
  document: doc,
}: {
  lines: PreviewLine[];
  rulesY?: number[];
  rulesX?: number[];
  logX?: boolean;
  logY?: boolean;
  yDomain?: [number, number];
  label: string;
  width: number;
  height?: number;
  /** Text, margins and lines this many times the card's (an Open Graph image is 1,200 px wide). */
  scale?: number;
  /** Where to draw (a jsdom document at build time); the page's by default. */
  document?: Document;
}): SVGSVGElement | HTMLElement {
  const rows = lines.flatMap((l, i) =>
    l.step
      .map((step, k) => ({ line: i, name: l.name, step, v: l.value[k], dashed: !!l.dashed }))
      .filter((d) => d.v != null && Number.isFinite(d.v) && (!logY || d.v > 0) && (!logX || d.step > 0)),
  );
  const names = [...new Set(lines.map((l) => l.name))];
  const chart = Plot.plot({
    ...(doc ? { document: doc } : {}),
    width,
    height,
    marginLeft: 36 * scale,
    marginBottom: 24 * scale,
    style: { fontSize: `${9 * scale}px` },
    x: { type: logX ? "log" : "linear", label: null, ticks: 3, tickFormat: "~s" },
    y: { type: logY ? "log" : "linear", label: null, ticks: 3, tickFormat: logY ? "~g" : undefined, domain: yDomain },
    color: { domain: names, range: names.map((n) => lines.find((l) => l.name === n)!.color), legend: false },
    marks: [
      Plot.ruleY(rulesY, { stroke: palette.theory, strokeDasharray: "4,3" }),
      Plot.ruleX(rulesX, { stroke: palette.theory, strokeDasharray: "4,3" }),
      Plot.line(
        rows.filter((d) => !d.dashed),
        { x: "step", y: "v", z: "line", stroke: "name", strokeWidth: 1.3 * scale },
      ),
      Plot.line(
        rows.filter((d) => d.dashed),
        { x: "step", y: "v", z: "line", stroke: "name", strokeWidth: 1.3 * scale, strokeDasharray: "4,2" },
      ),
    ],
  });
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", label);
  markGroups(chart);
  return chart;
}
