import * as Plot from "@observablehq/plot";
import { chartFigure } from "./chartFigure.js";
import { describeLines } from "../../text/describe.js";
import { followRunner, type Subscribable } from "./followRunner.js";
import { lineParts, type Line, type Rule } from "./linesChart.js";
import { niceDomain, setOverlay, stepAxes, withOverlaySlot } from "./plotLayers.js";

/** What a live lines chart reads of the runner's state (liveRunner.ts's LiveState has it all). */
export interface LiveLinesState {
  samples: unknown[];
  pins: { samples: unknown[]; params: { steps?: unknown } }[];
  summary: unknown;
  params: { steps?: unknown } | null;
}

/** Margins explicit and shared by both layers: Plot's defaults depend on which axes a drawing has. */
const MARGINS = { marginTop: 20, marginRight: 20, marginBottom: 30, marginLeft: 55 };

/**
 * linesChart for a live run, following the runner in place (followRunner): the page's `lines` and
 * `rules` of the current state, drawn as a layer with the axes, rules and legend, kept while its
 * domains hold, and a live layer with the lines, redrawn at each batch. The x axis spans the whole
 * run (its `steps`, and the pinned runs'), and the y axis is niced, so the kept layer is redrawn a
 * few times per run rather than at every batch. With nothing to draw it shows `empty`; `note` is a
 * line under the chart (say, which members diverged). Each chart redraws in a task of its own.
 */
export function liveLinesChart<S extends LiveLinesState>({
  runner,
  lines,
  rules = () => [],
  label,
  logY = false,
  yDomain,
  width,
  height = 260,
  empty = "",
  note = () => "",
}: {
  runner: Subscribable<S>;
  lines: (s: S) => Line[];
  rules?: (s: S) => Rule[];
  label: string;
  logY?: boolean;
  yDomain?: [number, number];
  width: number;
  height?: number;
  empty?: string;
  note?: (s: S) => string;
}): HTMLElement {
  let figure: HTMLElement | null = null,
    key = "";
  const noteEl = Object.assign(document.createElement("p"), { className: "errors" });
  return followRunner({
    runner,
    inputs: (s) => [s.samples, s.pins, s.summary, s.params],
    // A page shows several of these: each redraws in its own task.
    defer: true,
    render: ({ state, holder }) => {
      const all = lines(state);
      const parts = lineParts({ lines: all, label, logY, rules: rules(state), yDomain });
      noteEl.textContent = note(state);
      if (!parts.values.length) {
        figure = null;
        key = "";
        holder.replaceChildren(
          ...(empty ? [Object.assign(document.createElement("p"), { textContent: empty })] : []),
          ...(noteEl.textContent ? [noteEl] : []),
        );
        return;
      }
      const steps = (p: { steps?: unknown } | null) => (typeof p?.steps === "number" ? p.steps : 0);
      // Steps ascend along a line: its last one is its largest (spreading every step into Math.max
      // would overflow the call stack on a long run).
      const lastStep = Math.max(
        1,
        steps(state.params),
        ...state.pins.map((p) => steps(p.params)),
        ...all.map((l) => l.step.at(-1) ?? 0),
      );
      const x = { label: "step →", domain: [0, lastStep] };
      const type = logY ? ("log" as const) : ("linear" as const);
      const y = {
        type,
        domain:
          yDomain ?? niceDomain({ values: [...parts.values, ...parts.shown.map((r) => r.value)], type, nice: true }),
        clamp: !!yDomain,
      };
      const color = { domain: parts.names, range: parts.range };
      const nextKey = JSON.stringify([width, height, x.domain, y.domain, parts.shown, color]);
      if (!figure || nextKey !== key) {
        key = nextKey;
        // The legend needs a mark on the colour scale: an empty one draws nothing.
        const base = Plot.plot({
          width,
          height,
          ...MARGINS,
          x,
          y: { ...y, ...stepAxes({ label, logY }).y },
          color: { ...color, legend: parts.names.length > 1 },
          marks: [...parts.ruleMarks, Plot.ruleY([], { y: 0, stroke: "series" })],
        });
        figure = chartFigure({ chart: withOverlaySlot(base), label: `${label} against step`, summary: "" });
      }
      setOverlay({ figure, options: { width, height, ...MARGINS, x, y, color, marks: parts.lineMarks } });
      figure.querySelector(".chart-caption")!.textContent = describeLines({ lines: all, label, rules: parts.shown });
      if (holder.firstChild !== figure || holder.childNodes.length !== (noteEl.textContent ? 2 : 1))
        holder.replaceChildren(figure, ...(noteEl.textContent ? [noteEl] : []));
    },
  });
}
