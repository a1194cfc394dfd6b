import * as Plot from "@observablehq/plot";
import { palette } from "../palette.js";
import { chartFigure } from "./chartFigure.js";
import { count, fmt } from "../../text/describe.js";

export interface SweepPoint {
  initScale: number;
  logInvScale: number;
  seed: number;
  plateauEnd: number | null;
}

/**
 * The plateau chart's legend: each series its own colour (the fitted line in the text colour, the
 * measured points in the precomputed blue, the theory green, the live run orange).
 */
export function plateauColors({ names }: { names: string[] }) {
  const of = (n: string) => (n.startsWith("theory") ? palette.theory : "currentColor");
  return {
    domain: [...names, "measured (precomputed)", "live run"],
    range: [...names.map(of), palette.precomputed, palette.live],
  };
}

/**
 * Plateau length against ln(1/ε): measured points, their least-squares line, and the theory line
 * T_init = (ln(1/m) + 2 ln(1/ε)) / (2λη), whose slope is 1/(λη) (docs/phenomena/multistage.md).
 */
export function plateauChart({
  points,
  fit,
  theory,
  live = null,
  width,
  height = 300,
}: {
  points: SweepPoint[];
  fit: { slope: number; intercept: number } | null;
  theory: { lambda: number; lr: number; width: number } | null;
  live?: { logInvScale: number; plateauEnd: number }[] | null;
  width: number;
  height?: number;
}) {
  const xs = points.map((p) => p.logInvScale).concat((live ?? []).map((p) => p.logInvScale));
  const [x0, x1] = [Math.min(...xs) - 0.5, Math.max(...xs) + 0.5];
  const tInit = (x: number) => (Math.log(1 / theory!.width) + 2 * x) / (2 * theory!.lambda * theory!.lr);
  const line = (f: (x: number) => number, series: string) => [x0, x1].map((x) => ({ x, y: f(x), series }));
  const lines = [
    ...(fit ? line((x) => fit.intercept + fit.slope * x, `fit: slope ${fit.slope.toFixed(2)}`) : []),
    ...(theory ? line(tInit, `theory T_init: slope 1/(λη) = ${(1 / (theory.lambda * theory.lr)).toFixed(2)}`) : []),
  ];
  const names = [...new Set(lines.map((l) => l.series))];
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 60,
    x: { label: "ln(1/ε) →", domain: [x0, x1] },
    y: { label: "↑ plateau length (steps until R ≤ 0.99 R(0))", grid: true, zero: true },
    color: { ...plateauColors({ names }), legend: true },
    marks: [
      Plot.line(
        lines.filter((d) => !d.series.startsWith("theory")),
        { x: "x", y: "y", stroke: "series" },
      ),
      Plot.line(
        lines.filter((d) => d.series.startsWith("theory")),
        { x: "x", y: "y", stroke: "series", strokeDasharray: "5,3" },
      ),
      Plot.dot(
        points.filter((p) => p.plateauEnd !== null),
        {
          x: "logInvScale",
          y: "plateauEnd",
          fill: () => "measured (precomputed)",
          r: 4,
          tip: true,
          title: (p) => `ε = ${p.initScale.toExponential(0)}, seed ${p.seed}\nplateau ends at step ${p.plateauEnd}`,
        },
      ),
      Plot.dot(live ?? [], { x: "logInvScale", y: "plateauEnd", fill: () => "live run", r: 6, symbol: "diamond" }),
    ],
  });
  const ended = points.filter((p) => p.plateauEnd !== null);
  const by = (f: (a: SweepPoint, b: SweepPoint) => boolean) => ended.reduce((a, p) => (f(p, a) ? p : a), ended[0]);
  const small = by((p, a) => p.logInvScale > a.logInvScale),
    large = by((p, a) => p.logInvScale < a.logInvScale);
  const summary = ended.length
    ? `The plateau lasts ${count(large.plateauEnd!)} steps at ε = ${fmt(large.initScale)} and ${count(small.plateauEnd!)} at ε = ${fmt(small.initScale)}${fit ? `; fitted slope ${fmt(fit.slope)} steps per unit of ln(1/ε)` : ""}${theory ? `, theory 1/(λη) = ${fmt(1 / (theory.lambda * theory.lr))}` : ""}.`
    : "No plateau ended within the precomputed steps.";
  return chartFigure({ chart, label: "Plateau length against ln(1/ε)", summary });
}
