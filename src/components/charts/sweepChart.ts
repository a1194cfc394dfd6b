import * as Plot from "@observablehq/plot";
import { chartFigure } from "./chartFigure.js";
import { followRunner, type Subscribable } from "./followRunner.js";
import { palette } from "../palette.js";
import { fmt } from "../../text/describe.js";
import { memberDone, memberEnds } from "../../sim/metrics/memberDone.js";

/** What a sweep chart reads of the runner: the samples (each with the swept value) and the run's steps. */
interface SweepState {
  samples: { member: number; step: number; [field: string]: unknown }[];
  steps: number;
  step: number;
  status?: string;
  sweep?: { name: string }[] | null;
}

/**
 * A live sweep filling in: each member's latest value of `value` against its swept parameter `x`
 * (one dot per member, every seed), hollow and moving while the member runs, filled once it has
 * finished (its last step, or the run's end for one that diverged early), over the theory curve and rules computed from the formulas for the range on screen. Empty until a run
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
    inputs: (s) => [s.samples, s.status],
    defer: true,
    render: ({ state, holder }) => {
      const { latest } = memberEnds(state.samples);
      const lead = Math.max(0, ...[...latest.values()].map((s) => s.step));
      const dots = [...latest.values()]
        // Final at its last step, at the run's end, or once it has stopped (diverged) behind the others.
        .map((s) => ({
          x: Number(s[x]),
          y: value(s),
          step: s.step,
          final: memberDone({ step: s.step, lead, last: state.steps, ended: state.status === "done" }),
        }))
        .filter(
          (d): d is { x: number; y: number; step: number; final: boolean } => d.y !== null && Number.isFinite(d.y),
        );
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
          // A member that stopped early diverged: a cross along the top at its value of x.
          Plot.text(
            dots.filter((d) => d.final && d.step < state.steps),
            {
              x: "x",
              frameAnchor: "top",
              dy: 6,
              text: () => "×",
              fill: palette.diverged,
              fontSize: 14,
              title: (d) => `${xLabel} ${d.x}: diverged after step ${d.step}`,
            },
          ),
          // Finished members filled; running ones hollow, at their latest value.
          ...[true, false].map((final) =>
            Plot.dot(
              dots.filter((d) => d.final === final && !(final && d.step < state.steps)),
              {
                x: "x",
                y: "y",
                ...(final ? { fill: () => "live sweep" } : { stroke: () => "live sweep", fill: "none" }),
                r: 3.5,
                tip: true,
                title: (d) =>
                  `${xLabel} ${d.x}\n${yLabel} ${fmt(d.y)}${d.final ? "" : `\nstill running (step ${d.step})`}`,
              },
            ),
          ),
        ],
      });
      const running = dots.filter((d) => !d.final).length;
      const kept = dots.filter((d) => !(d.final && d.step < state.steps));
      const early = dots.length - kept.length;
      const finished = dots.length - running - early;
      const parts = [
        running ? `${running} running (hollow)` : "",
        early ? `${early} diverged (crosses along the top)` : "",
        running || early ? `${finished} finished` : "",
      ].filter(Boolean);
      const progress = parts.length ? ` Members: ${parts.join(", ")}.` : "";
      const summary = `${dots.length} members at ${xs.length} values of ${xLabel} from ${fmt(range[0])} to ${fmt(range[1])}, at step ${state.step.toLocaleString("en")} of ${state.steps.toLocaleString("en")}: ${kept.length ? `${yLabel} from ${fmt(Math.min(...kept.map((d) => d.y)))} to ${fmt(Math.max(...kept.map((d) => d.y)))}.` : `every member diverged.`}${progress}`;
      holder.replaceChildren(chartFigure({ chart, label: `Live sweep: ${yLabel} against ${xLabel}`, summary }));
    },
  });
}
