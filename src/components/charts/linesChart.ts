import { stepAxes } from "./plotLayers.js";
import * as Plot from "@observablehq/plot";
import { palette } from "../palette.js";
import { chartFigure } from "./chartFigure.js";
import { describeLines } from "../../text/describe.js";

export interface Line {
  label: string;
  /** The legend entry, when several lines share one (seeds of one run); default: the label. */
  legend?: string;
  color: string;
  step: number[];
  value: (number | null)[];
  dashed?: boolean;
}
export interface Rule {
  value: number;
  label: string;
  color?: string;
}

/**
 * Individual trajectories against step (one line per seed or per series, not a band: at the edge of
 * stability the timing of catapults differs per seed, and a median would blur them), with labelled
 * horizontal theory rules.
 */
export function linesChart({
  lines,
  label,
  logX = false,
  logY = false,
  rules = [],
  stepRules = [],
  width,
  height = 260,
  yDomain,
}: {
  lines: Line[];
  label: string;
  logX?: boolean;
  logY?: boolean;
  rules?: Rule[];
  /** Vertical rules at theory's steps (T_init, say). */
  stepRules?: Rule[];
  width: number;
  height?: number;
  yDomain?: [number, number];
}) {
  const { names, range, shown, ruleMarks, lineMarks } = lineParts({ lines, label, logY, rules, yDomain });
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 55,
    x: stepAxes({ label, logX }).x,
    y: { ...stepAxes({ label, logY }).y, domain: yDomain, clamp: !!yDomain },
    color: { domain: names, range, legend: names.length > 1 },
    marks: [...stepRuleMarks(stepRules), ...ruleMarks, ...lineMarks],
  });
  return chartFigure({ chart, label: `${label} against step`, summary: describeLines({ lines, label, rules: shown }) });
}

function stepRuleMarks(rules: Rule[]) {
  const stroke = (r: Rule) => r.color ?? palette.theory;
  return [
    Plot.ruleX(rules, { x: "value", stroke, strokeDasharray: "5,3" }),
    Plot.text(rules, {
      x: "value",
      text: "label",
      frameAnchor: "top",
      dx: 4,
      textAnchor: "start",
      fill: stroke,
      fontSize: 10,
    }),
  ];
}

/**
 * What a lines chart draws, for linesChart and the live layers of liveLinesChart: the series' names
 * and colours, the rules shown, the rule marks (with their labels) and the line marks (with a tip).
 */
export function lineParts({
  lines,
  label,
  logY,
  rules,
  yDomain,
}: {
  lines: Line[];
  label: string;
  logY: boolean;
  rules: Rule[];
  yDomain?: [number, number];
}) {
  const rows = (l: Line) =>
    l.step
      .map((step, i) => ({ series: l.label, name: l.legend ?? l.label, step, v: l.value[i] }))
      .filter((d) => d.v != null && Number.isFinite(d.v) && (!logY || d.v > 0));
  const byLine = lines.map(rows);
  const solid = byLine.filter((_, i) => !lines[i].dashed).flat(),
    dashed = byLine.filter((_, i) => lines[i].dashed).flat();
  // A line needs two points: a run that diverged after one sample is drawn as a dot.
  const lone = byLine.filter((r) => r.length === 1).flat();
  const names = [...new Set(lines.map((l) => l.legend ?? l.label))];
  // A rule outside a fixed y-domain would be clamped to its edge with a wrong label: leave it out.
  const inside = yDomain ? rules.filter((r) => r.value >= yDomain[0] && r.value <= yDomain[1]) : rules;
  // Coincident rules (L = 2: λ_single = λ_equal) share one line and one label.
  const shown = inside
    .filter((r, i) => inside.findIndex((q) => Math.abs(q.value - r.value) <= 1e-9 * Math.abs(r.value)) === i)
    .map((r) => ({
      ...r,
      label: inside
        .filter((q) => Math.abs(q.value - r.value) <= 1e-9 * Math.abs(r.value))
        .map((q) => q.label)
        .join(" = "),
    }));
  return {
    names,
    range: names.map((n) => lines.find((l) => (l.legend ?? l.label) === n)!.color),
    shown,
    values: [...solid, ...dashed].map((d) => d.v as number),
    ruleMarks: [
      Plot.ruleY(shown, { y: "value", stroke: (r: Rule) => r.color ?? palette.theory, strokeDasharray: "5,3" }),
      Plot.text(shown, {
        y: "value",
        text: "label",
        frameAnchor: "right",
        dy: -6,
        textAnchor: "end",
        fill: (r: Rule) => r.color ?? palette.theory,
        fontSize: 10,
      }),
    ],
    lineMarks: [
      Plot.line(solid, { x: "step", y: "v", z: "series", stroke: "name", strokeWidth: 1.2 }),
      Plot.line(dashed, { x: "step", y: "v", z: "series", stroke: "name", strokeWidth: 1.2, strokeDasharray: "4,2" }),
      Plot.dot(lone, { x: "step", y: "v", fill: "name", r: 3 }),
      Plot.tip(
        [...solid, ...dashed],
        Plot.pointer({
          x: "step",
          y: "v",
          title: (d) => `${d.series}\nstep ${d.step}\n${label} ${Number(d.v).toPrecision(4)}`,
        }),
      ),
    ],
  };
}
