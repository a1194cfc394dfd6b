import * as Plot from "@observablehq/plot";
import { chartFigure } from "./chartFigure.js";
import { followRunner, type Subscribable } from "./followRunner.js";
import { palette } from "./palette.js";
import { fmt } from "../text/describe.js";

/** What a sweep chart reads of the runner: the samples (each with the swept value) and the run's steps. */
interface SweepState {
  samples: { member: number; step: number; [field: string]: unknown }[];
  steps: number;
  step: number;
  sweep?: { name: string }[] | null;
}

/**
 * A live sweep filling in: each member's latest value of `value` against its swept parameter `x`
 * (one dot per member, every seed), moving as the run goes and final when it ends, over the
 * theory curve and rules computed from the formulas for the range on screen. Empty until a run
 * sweeps more than one value.
 */
export function sweepChart<S extends SweepState>({
  runner,
  x,
  value,
  xLabel,
  yLabel,
  logX = false,
  yDomain,
  theory = () => ({ curve: [], rules: [] }),
  width,
  height = 280,
}: {
  runner: Subscribable<S>;
  x: string;
  value: (sample: S["samples"][number]) => number | null;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  yDomain?: [number, number];
  /** The theory over [lo, hi]: a curve and labelled vertical rules. */
  theory?: (range: [number, number]) => { curve: { x: number; y: number }[]; rules: { x: number; label: string }[] };
  width: number;
  height?: number;
}): HTMLElement {
  return followRunner({
    runner,
    inputs: (s) => [s.samples],
    defer: true,
    render: ({ state, holder }) => {
      const latest = new Map<number, S["samples"][number]>();
      for (const s of state.samples) latest.set(s.member, s); // samples arrive in step order per member
      const dots = [...latest.values()]
        .map((s) => ({ x: Number(s[x]), y: value(s), step: s.step }))
        .filter((d): d is { x: number; y: number; step: number } => d.y !== null && Number.isFinite(d.y));
      const xs = [...new Set(dots.map((d) => d.x))].sort((a, b) => a - b);
      const twoAxes = (state.sweep?.length ?? 0) > 1;
      if (xs.length < 2 || twoAxes) {
        const textContent = twoAxes
          ? "This sweep has two parameters: its phase diagram is below."
          : "Run a sweep (Sweep, in the run bar) to fill this chart in.";
        holder.replaceChildren(Object.assign(document.createElement("p"), { className: "chart-summary", textContent }));
        return;
      }
      const range: [number, number] = [xs[0], xs.at(-1)!];
      const th = theory(range);
      const step = Math.min(...dots.map((d) => d.step));
      const chart = Plot.plot({
        width,
        height,
        marginLeft: 55,
        x: { type: logX ? "log" : "linear", label: `${xLabel} →` },
        y: { label: `↑ ${yLabel}`, domain: yDomain, grid: true },
        color: { domain: ["live sweep", "theory"], range: [palette.live, palette.theory], legend: true },
        marks: [
          Plot.ruleX(th.rules, { x: "x", stroke: palette.theory, strokeDasharray: "5,3" }),
          Plot.text(th.rules, {
            x: "x",
            text: "label",
            frameAnchor: "top",
            dy: 4,
            dx: 3,
            textAnchor: "start",
            fill: palette.theory,
            fontSize: 10,
          }),
          Plot.line(th.curve, { x: "x", y: "y", stroke: () => "theory", strokeDasharray: "5,3" }),
          Plot.dot(dots, {
            x: "x",
            y: "y",
            fill: () => "live sweep",
            r: 3.5,
            tip: true,
            title: (d) => `${xLabel} ${d.x}\n${yLabel} ${fmt(d.y)}`,
          }),
        ],
      });
      const summary = `${dots.length} members at ${xs.length} values of ${xLabel} from ${fmt(range[0])} to ${fmt(range[1])}, at step ${step.toLocaleString("en")} of ${state.steps.toLocaleString("en")}: ${yLabel} from ${fmt(Math.min(...dots.map((d) => d.y)))} to ${fmt(Math.max(...dots.map((d) => d.y)))}.`;
      holder.replaceChildren(chartFigure({ chart, label: `Live sweep: ${yLabel} against ${xLabel}`, summary }));
    },
  });
}
