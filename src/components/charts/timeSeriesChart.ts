import * as Plot from "@observablehq/plot";
import { seriesColor } from "../palette.js";
import type { Sample } from "../../sim/types.js";
import { chartFigure } from "./chartFigure.js";
import { describeLive, describeSeries } from "../../text/describe.js";
import { followRunner } from "./followRunner.js";
import { niceDomain, setOverlay, stepAxes, withOverlaySlot } from "./plotLayers.js";
import { liveMarks, staticMarks, staticTip } from "./timeSeriesMarks.js";
import { ok, SERIES, shape, type Band, type Options, type PinLine, type Shaped } from "./timeSeriesShape.js";

export type { Band, PinLine, Series } from "./timeSeriesShape.js";

/** What a chart needs of the live runner (liveRunner.ts): its samples, pins and summary as they change. */
export interface LiveSource {
  subscribe(
    f: (s: {
      samples: Sample[];
      pins: PinLine[];
      summary: { members: { member: number; diverged: boolean; divergedAt: number | null }[] } | null;
    }) => void,
  ): () => void;
}

/**
 * A metric against training step (log axis unless `logX` is false): precomputed median lines and
 * seed bands, the live run's members over them, the stages shaded and labelled, theory rules, and a
 * snapshot marker. `band` is shorthand for one series in the default colour.
 *
 * With `runner`, the chart follows the live run itself (followRunner): each batch replaces only its
 * live layer and caption in place.
 */
export function timeSeriesChart({ runner, ...options }: Options & { runner?: LiveSource }): HTMLElement {
  if (!runner) return draw(options);
  return followRunner({
    runner,
    inputs: (s) => [s.samples, s.pins, s.summary],
    // A page holds up to five of these: each redraws in a task of its own, never all in one.
    defer: true,
    render: ({ state: s, holder }) => {
      const diverged = (s.summary?.members ?? [])
        .filter((m) => m.diverged && m.divergedAt != null)
        .map((m) => ({ member: m.member, step: m.divergedAt! }));
      const figure = draw({ ...options, live: s.samples, pins: s.pins, diverged });
      // (never take a shared cached chart away from a chart on the page while this one is not on it)
      if (holder.firstChild !== figure && !(figure.isConnected && !holder.isConnected)) holder.replaceChildren(figure);
    },
  });
}

/** The legend: the precomputed series, the live run, the theory and stages when drawn, the pins. */
function legendOf({ all, spans, pinRows }: Shaped, { rulesX = [], rulesY = [] }: Options) {
  const rules = rulesX.length || rulesY.length;
  const entries = [
    ...all.map((s) => [s.label, s.color]),
    [SERIES[1], seriesColor.range[1]],
    ...(rules ? [[SERIES[2], seriesColor.range[2]]] : []),
    ...(spans.length ? SERIES.slice(3).map((d, i) => [d, seriesColor.range[3 + i]]) : []),
    ...pinRows.map((p) => [p.label, p.color]),
  ];
  return { domain: entries.map((e) => e[0]), range: entries.map((e) => e[1]) };
}

/** The caption: the precomputed series' sentence, then the live run's, then any divergence. */
function captionOf({ all, pinRows }: Shaped, { live = [], field, label, logY = true, diverged = [] }: Options) {
  const first = all[0]?.band;
  const lead = first
    ? bandSummary(first, `${all.length > 1 ? `${all[0].label} ` : "median "}${label}`, logY)
    : `The ${label} of the live run.`;
  const ends = diverged.map((d) => `Member ${d.member} diverged at step ${d.step}.`).join(" ");
  return lead + describeLive({ samples: live, field, label, pins: pinRows.length }) + (ends ? ` ${ends}` : "");
}

/** The scales, with domains (niced in y) over everything either layer draws, so neither moves the other. */
function scalesOf(
  d: Shaped,
  { field, label, logX = true, logY = true, rulesX = [], rulesY = [], marker = null, diverged = [] }: Options,
) {
  const { rows, liveRows, liveShown, pinRows, spans } = d;
  // A run with many members spans what its band and lines span: no need to read every member's rows.
  const liveSpan = liveShown.band.length
    ? liveShown.band.flatMap((b) => [
        { step: b.step, v: b.lo },
        { step: b.step, v: b.hi },
      ])
    : liveRows.map((r) => ({ step: r.step, v: r[field] as number }));
  const xs = [
    ...rows.map((r) => r.step),
    ...liveSpan.map((r) => r.step),
    ...pinRows.flatMap((p) => p.rows.map((r) => r.step)),
    ...rulesX.map((r) => r.value),
    ...spans.flatMap((s) => [s.x1, s.x2]),
    ...(marker != null && marker >= 1 ? [marker] : []),
    ...diverged.filter((r) => r.step >= 1).map((r) => r.step),
  ];
  const ys = [
    ...rows.flatMap((r) => [r.lo, r.hi, r.median]),
    ...liveSpan.map((r) => r.v),
    ...liveShown.lines.map((r) => r[field]),
    ...pinRows.flatMap((p) => p.rows.map((r) => r[field])),
    ...rulesY.map((r) => r.value),
  ].filter((v): v is number => ok(v, logY));
  const axes = stepAxes({ label, logX, logY });
  const [xType, yType] = [axes.x.type, axes.y.type];
  return {
    x: { ...axes.x, domain: niceDomain({ values: xs, type: xType, nice: false }) },
    y: { ...axes.y, domain: niceDomain({ values: ys, type: yType, nice: true }) },
  } as const;
}

function draw(options: Options): HTMLElement {
  const {
    field,
    label,
    logX = true,
    logY = true,
    rulesX = [],
    rulesY = [],
    marker = null,
    width,
    height = 280,
  } = options;
  const diverged = options.diverged ?? [];
  const d = shape(options);
  const legend = legendOf(d, options);
  const summary = captionOf(d, options);
  const { x, y } = scalesOf(d, options);
  // The precomputed layer is drawn once per scale domain and kept; each progress batch redraws only
  // the live layer on top, with the same (niced) domains. Redrawing every band per batch cost the
  // page's main thread 50–250 ms tasks. Drawn layered before any run too, so a live run
  // inside the precomputed domains reuses the very same layer.
  const quiet = !d.liveRows.length && !diverged.length && !d.pinRows.length;
  // Bands by identity (large), everything else by value: callers build fresh arrays on every call.
  const key = JSON.stringify([
    d.all.map((s) => [idOf(s.band), s.label, s.color]),
    d.spans,
    field,
    label,
    logX,
    logY,
    width,
    height,
    x.domain,
    y.domain,
    rulesX,
    rulesY,
    marker,
    d.pinRows.map((p) => [p.label, p.color]),
  ]);
  let figure = layers.get(key);
  if (!figure) {
    const marks = staticMarks(d, { logY, rulesX, rulesY, marker });
    const base = withOverlaySlot(
      Plot.plot({ width, height, ...MARGINS, x, y, color: { ...legend, legend: true }, marks }),
    );
    figure = chartFigure({ chart: base, label: `${label} against step${logX ? " (log axis)" : ""}`, summary });
    layers.set(key, figure);
    if (layers.size > 64) layers.delete(layers.keys().next().value!);
  }
  const marks = quiet ? [staticTip(d, { label, logY })] : liveMarks(d, { field, label, diverged });
  setOverlay({ figure, options: { width, height, ...MARGINS, color: legend, x, y, marks } });
  figure.querySelector(".chart-caption")!.textContent = summary;
  return figure;
}

/** The precomputed band's sentence, once per band and label: charts redraw on every live batch. */
const summaries = new WeakMap<Band, Map<string, string>>();
function bandSummary(band: Band, label: string, log: boolean): string {
  if (!summaries.has(band)) summaries.set(band, new Map());
  const byLabel = summaries.get(band)!;
  const key = `${label}|${log}`;
  if (!byLabel.has(key)) byLabel.set(key, describeSeries({ steps: band.steps, values: band.median, label, log }));
  return byLabel.get(key)!;
}

/** Margins of every drawing, layered or not, explicit: Plot's defaults depend on which axes a plot draws, and a chart must not shift when a live run starts. */
const MARGINS = { marginTop: 20, marginRight: 20, marginBottom: 30, marginLeft: 60 };

/** Charts (precomputed layer, tools, caption) by what drew their precomputed layer: reused while a live run only adds samples. */
const layers = new Map<string, HTMLElement>();
const ids = new WeakMap<object, number>();
let nextId = 0;
const idOf = (o: object) => {
  if (!ids.has(o)) ids.set(o, ++nextId);
  return ids.get(o)!;
};
