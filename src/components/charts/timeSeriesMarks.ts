import * as Plot from "@observablehq/plot";
import type { Sample } from "../../sim/types.js";
import { palette } from "../palette.js";
import { ok, SERIES, type Rule, type Shaped } from "./timeSeriesShape.js";

/** Text at a rule, in the theory's colour. */
const ruleText = (options: Plot.TextOptions) =>
  ({ textAnchor: "start", fill: palette.theory, fontSize: 10, ...options }) as Plot.TextOptions;

/** The precomputed layer: stages shaded and labelled, seed bands and median lines, theory rules, the snapshot marker. */
export function staticMarks(
  { spans, labelled, rows }: Shaped,
  { logY, rulesX, rulesY, marker }: { logY: boolean; rulesX: Rule[]; rulesY: Rule[]; marker: number | null },
) {
  return [
    Plot.rectX(spans, { x1: "x1", x2: "x2", fill: "kind", fillOpacity: 0.12 }),
    // Alternate label rows so the short descents' labels do not sit on their neighbours'.
    ...[0, 1].map((row) =>
      Plot.text(
        labelled.filter((s) => s.row === row),
        {
          x: (s) => Math.sqrt(s.x1 * s.x2),
          text: "label",
          frameAnchor: "top",
          dy: 6 + row * 12,
          fontSize: 10,
          fill: "currentColor",
        },
      ),
    ),
    Plot.areaY(
      rows.filter((d) => ok(d.lo, logY) && ok(d.hi, logY)),
      { x: "step", y1: "lo", y2: "hi", z: "series", fill: "series", fillOpacity: 0.2 },
    ),
    Plot.lineY(
      rows.filter((d) => ok(d.median, logY)),
      { x: "step", y: "median", z: "series", stroke: "series", strokeWidth: 1.5 },
    ),
    Plot.ruleX(rulesX, { x: "value", stroke: () => SERIES[2], strokeDasharray: "5,3" }),
    // Alternate rows: the live run's T_init rule sits close to the precomputed one.
    ...[0, 1].map((row) =>
      Plot.text(
        rulesX.filter((_, i) => i % 2 === row),
        ruleText({ x: "value", text: "label", frameAnchor: "bottom", dy: -4 - 12 * row, dx: 4 }),
      ),
    ),
    Plot.ruleY(rulesY, { y: "value", stroke: () => SERIES[2], strokeDasharray: "5,3" }),
    Plot.text(rulesY, ruleText({ y: "value", text: "label", frameAnchor: "right", dy: -6, textAnchor: "end" })),
    marker != null && marker >= 1 ? Plot.ruleX([marker], { stroke: palette.marker, strokeWidth: 2 }) : null,
  ];
}

/** The tip over the precomputed lines, drawn while no live run is. */
export function staticTip({ rows }: Shaped, { label, logY }: { label: string; logY: boolean }) {
  return Plot.tip(
    rows.filter((d) => ok(d.median, logY)),
    Plot.pointerX({
      x: "step",
      y: "median",
      title: (d: Record<string, number | string>) =>
        `${d.series}\nstep ${d.step}\n${label} ${Number(d.median).toPrecision(4)}`,
    }),
  );
}

/** The live layer: pins, the live members (the first few as lines, the rest as a band), divergences, and its tip. */
export function liveMarks(
  { pinRows, liveShown }: Shaped,
  { field, label, diverged }: { field: string; label: string; diverged: { member: number; step: number }[] },
) {
  const ended = diverged.filter((d) => d.step >= 1);
  return [
    ...pinRows.map((p) =>
      Plot.line(p.rows, {
        x: "step",
        y: field,
        z: "member",
        stroke: p.color,
        strokeWidth: 1.4,
        strokeDasharray: p.dash,
      }),
    ),
    // Many members: the first few as lines, the rest as a band (drawing time stays bounded).
    Plot.areaY(liveShown.band, { x: "step", y1: "lo", y2: "hi", fill: () => SERIES[1], fillOpacity: 0.15 }),
    Plot.line(liveShown.lines, { x: "step", y: field, z: "member", stroke: () => SERIES[1], strokeWidth: 1.2 }),
    Plot.ruleX(ended, { x: "step", stroke: palette.diverged, strokeWidth: 2 }),
    Plot.text(ended, {
      x: "step",
      text: (d) => `member ${d.member} diverged at step ${d.step}`,
      frameAnchor: "middle",
      rotate: -90,
      dy: -6,
      fill: palette.diverged,
      fontSize: 11,
    }),
    // The tip reads the members drawn as lines: a title for each of 64,000 rows per batch cost more than the drawing.
    Plot.tip(
      liveShown.lines,
      Plot.pointerX({
        x: "step",
        y: field,
        title: (d: Sample) =>
          `live run, member ${d.member}\nstep ${d.step}\n${label} ${Number(d[field]).toPrecision(4)}`,
      }),
    ),
  ];
}
