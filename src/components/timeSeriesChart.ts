import * as Plot from "@observablehq/plot";
import { palette, seriesColor } from "./palette.js";
import type { Stage } from "../sim/metrics/stages.js";
import type { Sample } from "../sim/types.js";

export interface Band {
  steps: number[];
  median: (number | null)[];
  lo: (number | null)[];
  hi: (number | null)[];
}
interface Rule {
  value: number;
  label: string;
}

const SERIES = seriesColor.domain;
const ok = (v: unknown, logY: boolean): v is number => typeof v === "number" && Number.isFinite(v) && (!logY || v > 0);

/**
 * A metric against training step on a log axis: the precomputed seed band and median, the live
 * run's members over it, the stages shaded and labelled, theory rules, and a snapshot marker.
 */
export function timeSeriesChart({ band, live = [], field, label, logY = true, stages = [], rulesX = [], rulesY = [], marker = null, diverged = [], width, height = 280 }: {
  band?: Band | null; live?: Sample[]; field: string; label: string; logY?: boolean; stages?: Stage[]; rulesX?: Rule[]; rulesY?: Rule[]; marker?: number | null; diverged?: { member: number; step: number }[]; width: number; height?: number;
}) {
  const rows = band ? band.steps.map((step, i) => ({ step, median: band.median[i], lo: band.lo[i], hi: band.hi[i] })).filter((d) => d.step >= 1) : [];
  const liveRows = live.filter((d) => d.step >= 1 && ok(d[field], logY));
  const spans = stages.map((s, i) => ({ ...s, x1: Math.max(s.start, 1), x2: Math.max(s.end, 1), row: i % 2 })).filter((s) => s.x2 > s.x1);
  // Label only stages wide enough on screen (log axis from 1 to the last step) to hold their label.
  const decades = Math.log10(Math.max(2, ...spans.map((s) => s.x2), ...rows.map((d) => d.step)));
  const px = (s: { x1: number; x2: number }) => (Math.log10(s.x2 / s.x1) / decades) * (width - 80);
  const labelled = spans.filter((s) => px(s) >= s.label.length * 3.2);
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    x: { type: "log", label: "step →" },
    y: { type: logY ? "log" : "linear", label: `↑ ${label}`, grid: true, tickFormat: logY ? "~g" : undefined },
    color: { domain: SERIES, range: seriesColor.range, legend: true },
    marks: [
      Plot.rectX(spans, { x1: "x1", x2: "x2", fill: "kind", fillOpacity: 0.12 }),
      // Alternate label rows so the short descents' labels do not sit on their neighbours'.
      ...[0, 1].map((row) => Plot.text(labelled.filter((s) => s.row === row), { x: (s) => Math.sqrt(s.x1 * s.x2), text: "label", frameAnchor: "top", dy: 6 + row * 12, fontSize: 10, fill: "currentColor" })),
      Plot.areaY(rows.filter((d) => ok(d.lo, logY) && ok(d.hi, logY)), { x: "step", y1: "lo", y2: "hi", fill: palette.precomputed, fillOpacity: 0.2 }),
      Plot.lineY(rows.filter((d) => ok(d.median, logY)), { x: "step", y: "median", stroke: () => SERIES[0], strokeWidth: 1.5 }),
      Plot.line(liveRows, { x: "step", y: field, z: "member", stroke: () => SERIES[1], strokeWidth: 1.2 }),
      Plot.ruleX(rulesX, { x: "value", stroke: () => SERIES[2], strokeDasharray: "5,3" }),
      Plot.text(rulesX, { x: "value", text: "label", frameAnchor: "bottom", dy: -4, dx: 4, textAnchor: "start", fill: palette.theory, fontSize: 10 }),
      Plot.ruleY(rulesY, { y: "value", stroke: () => SERIES[2], strokeDasharray: "5,3" }),
      Plot.text(rulesY, { y: "value", text: "label", frameAnchor: "right", dy: -6, textAnchor: "end", fill: palette.theory, fontSize: 10 }),
      marker != null && marker >= 1 ? Plot.ruleX([marker], { stroke: palette.marker, strokeWidth: 2 }) : null,
      Plot.ruleX(diverged.filter((d) => d.step >= 1), { x: "step", stroke: palette.diverged, strokeWidth: 2 }),
      Plot.text(diverged.filter((d) => d.step >= 1), { x: "step", text: (d) => `member ${d.member} diverged at step ${d.step}`, frameAnchor: "middle", rotate: -90, dy: -6, fill: palette.diverged, fontSize: 11 }),
      Plot.tip(liveRows.length ? liveRows : rows, Plot.pointerX({ x: "step", y: liveRows.length ? field : "median", title: (d: Record<string, number>) => `step ${d.step}\n${label} ${Number(d[liveRows.length ? field : "median"]).toPrecision(4)}` })),
    ],
  });
}
