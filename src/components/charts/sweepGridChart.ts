import * as Plot from "@observablehq/plot";
import { chartFigure } from "./chartFigure.js";
import { followRunner, type Subscribable } from "./followRunner.js";
import { palette } from "../palette.js";
import { fmt } from "../../text/describe.js";
import type { GridAxis } from "../../sim/sweep/grid.js";
import type { Params } from "../../sim/params.js";
import { median } from "../../sim/metrics/quantiles.js";
import { experimentNamed } from "../../sim/experiments/index.js";
import { memberDone, memberEnds } from "../../sim/metrics/memberDone.js";

/** What the chart reads of the runner: the samples (each with its swept values), the run's params and sweep. */
interface GridState {
  samples: { member: number; step: number; [field: string]: unknown }[];
  params: Params | null;
  sweep: GridAxis[] | null;
  status: string;
}

/** One cell of the diagram: the median over its members' latest values, final once all reached the last step. */
interface Cell {
  x: number;
  y: number;
  x1: number;
  x2: number;
  value: number | null;
  members: number;
  final: boolean;
  /** Finished, and none of its members converged. */
  failed: boolean;
}

/** Cell edges halfway between neighbouring values (geometrically on a log axis), the outer ones mirrored. */
function edges(values: number[], log: boolean): [number, number][] {
  const t = (v: number) => (log ? Math.log(v) : v),
    u = (v: number) => (log ? Math.exp(v) : v);
  return values.map((v, i) => {
    const left = i > 0 ? (t(values[i - 1]) + t(v)) / 2 : t(v) - (t(values[1] ?? v + 1) - t(v)) / 2;
    const right = i < values.length - 1 ? (t(v) + t(values[i + 1])) / 2 : t(v) + (t(v) - t(values[i - 1] ?? v - 1)) / 2;
    return [u(left), u(right)];
  });
}

/**
 * A live two-parameter sweep as a phase diagram that fills in as it runs: one cell per grid point,
 * coloured by the median over its seeds of each member's latest `value`; cells of members still
 * running are faded, cells whose members all reached the last step solid, cells whose runs
 * diverged crossed. `marks(y, params)` adds the theory for one row (the window's edges, say),
 * computed from the formulas with that row's parameters. Empty until a run sweeps two parameters.
 */
export function sweepGridChart<S extends GridState>({
  runner,
  experiment,
  value,
  converged = () => true,
  valueLabel,
  color,
  theory,
  width,
  height = 300,
}: {
  runner: Subscribable<S>;
  /** The experiment whose parameters' labels name the axes. */
  experiment: string;
  value: (sample: S["samples"][number]) => number | null;
  /** Whether a member that finished reached what the experiment calls converged, from its first and last samples: a cell none of whose members did is crossed. */
  converged?: (last: S["samples"][number], first: S["samples"][number]) => boolean;
  valueLabel: string;
  /** Plot's color scale options besides the label (domain, scheme…). */
  color: (cells: Cell[], axes: GridAxis[]) => Plot.ScaleOptions;
  /** The theory for a row of the diagram: x positions with a label, drawn as ticks on that row. */
  theory?: (row: { y: number; params: Params }) => { x: number; label: string; stroke?: string }[];
  width: number;
  height?: number;
}): HTMLElement {
  return followRunner({
    runner,
    inputs: (s) => [s.samples, s.status],
    defer: true,
    render: ({ state, holder }) => {
      const axes = state.sweep;
      if (!axes || axes.length < 2 || !state.params) {
        holder.replaceChildren(
          Object.assign(document.createElement("p"), {
            className: "chart-summary",
            textContent: "Sweep a second parameter (Sweep, in the run bar: “and …”) to fill this phase diagram in.",
          }),
        );
        return;
      }
      const [ax, ay] = axes;
      const label = (name: string) => experimentNamed(experiment).schema.find((s) => s.name === name)?.label ?? name;
      const [xl, yl] = [label(ax.name), label(ay.name)];
      const params = state.params;
      const { first, latest } = memberEnds(state.samples);
      const groups = new Map<string, S["samples"][number][]>();
      for (const s of latest.values()) {
        const key = `${s[ax.name]}|${s[ay.name]}`;
        const group = groups.get(key);
        if (group) group.push(s);
        else groups.set(key, [s]);
      }
      const xs = [...new Set([...latest.values()].map((s) => Number(s[ax.name])))].sort((a, b) => a - b);
      const bounds = edges(xs, ax.log);
      const xEdges = new Map(xs.map((x, i) => [x, bounds[i]]));
      const lastStep = (y: number) => Number(ay.name === "steps" ? y : params.steps);
      // Each row is an ensemble of its own: its members are compared with its leader.
      const lead = new Map<number, number>();
      for (const s of latest.values()) {
        const y = Number(s[ay.name]);
        lead.set(y, Math.max(lead.get(y) ?? 0, s.step));
      }
      const done = (m: S["samples"][number], y: number) =>
        memberDone({ step: m.step, lead: lead.get(y)!, last: lastStep(y), ended: state.status === "done" });
      const cells: Cell[] = [...groups.values()].map((members) => {
        const x = Number(members[0][ax.name]),
          y = Number(members[0][ay.name]);
        const final = members.every((m) => done(m, y));
        const values = members.map(value).filter((v): v is number => v !== null && Number.isFinite(v));
        return {
          x,
          y,
          x1: xEdges.get(x)![0],
          x2: xEdges.get(x)![1],
          value: values.length ? median(values) : null,
          members: members.length,
          final,
          failed: final && !members.some((m) => converged(m, first.get(m.member)!)),
        };
      });
      const ys = [...new Set(cells.map((c) => c.y))].sort((a, b) => b - a);
      const ticks = theory
        ? ys.flatMap((y) =>
            theory({ y, params: { ...params, [ay.name]: y } })
              .filter((t) => t.x >= xs[0] && t.x <= xs.at(-1)!)
              .map((t) => ({ ...t, y })),
          )
        : [];
      const chart = Plot.plot({
        width,
        height,
        marginLeft: 60,
        // "~g", not Plot's SI prefixes on a log axis: "1m" would read as a width, not 0.001.
        x: { type: ax.log ? "log" : "linear", label: `${xl} →`, tickFormat: "~g" },
        y: { type: "band", label: `↑ ${yl}`, domain: ys, tickFormat: (v: number) => fmt(v) },
        color: { ...color(cells, axes), legend: true, label: valueLabel },
        marks: [
          Plot.rect(
            cells.filter((c) => c.value !== null && !c.failed),
            {
              x1: "x1",
              x2: "x2",
              y: "y",
              fill: "value",
              fillOpacity: (c: Cell) => (c.final ? 1 : 0.45),
              inset: 0.5,
              tip: true,
              title: (c: Cell) =>
                `${xl} ${fmt(c.x)}, ${yl} ${fmt(c.y)}\n${valueLabel} ${fmt(c.value!)} (median of ${c.members})${c.final ? "" : "\nstill running"}`,
            },
          ),
          Plot.text(
            cells.filter((c) => c.value === null || c.failed),
            { x: "x", y: "y", text: () => "×", fill: palette.diverged, fontSize: 14 },
          ),
          // One mark per colour: a channel of colours would go through the diagram's colour scale.
          ...[...new Set(ticks.map((t) => t.stroke ?? palette.theory))].map((stroke) =>
            Plot.tickX(
              ticks.filter((t) => (t.stroke ?? palette.theory) === stroke),
              { x: "x", y: "y", stroke, strokeWidth: 3, title: "label" },
            ),
          ),
        ],
      });
      const finals = cells.filter((c) => c.final).length;
      const shown = cells.filter((c) => c.value !== null && !c.failed);
      const lo = shown.reduce((a, c) => (c.value! < a.value! ? c : a), shown[0]),
        hi = shown.reduce((a, c) => (c.value! > a.value! ? c : a), shown[0]);
      const range = shown.length
        ? ` The ${valueLabel} runs from ${fmt(lo.value!)} (${xl} ${fmt(lo.x)}, ${yl} ${fmt(lo.y)}) to ${fmt(hi.value!)} (${xl} ${fmt(hi.x)}, ${yl} ${fmt(hi.y)}).`
        : "";
      const summary = `${finals} of ${ax.n * ay.n} cells finished, ${cells.length - finals} running, ${cells.length - shown.length} crossed (diverged or did not converge).${range}${ticks.length ? " Ticks: the theory's edges for each row." : ""}`;
      holder.replaceChildren(
        chartFigure({ chart, label: `Live phase diagram: ${valueLabel} by ${xl} and ${yl}`, summary }),
      );
    },
  });
}
