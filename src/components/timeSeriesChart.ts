import * as Plot from "@observablehq/plot";
import { palette, seriesColor } from "./palette.js";
import type { Stage } from "../sim/metrics/stages.js";
import type { Sample } from "../sim/types.js";
import { chartFigure } from "./chartFigure.js";
import { describeLive, describeSeries } from "../text/describe.js";
import { MAX_LIVE_LINES, liveLinesAndBand } from "./liveBand.js";
import { followRunner } from "./followRunner.js";
import { niceDomain, setOverlay, withOverlaySlot } from "./plotLayers.js";

/** A pinned run as a chart draws it: a dashed line per member in its own colour. */
export interface PinLine {
  label: string;
  color: string;
  dash: string;
  samples: Sample[];
}

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

/** A precomputed series: median line and min–max band over seeds. */
export interface Series {
  label: string;
  band: Band;
  color: string;
}
const ok = (v: unknown, logY: boolean): v is number => typeof v === "number" && Number.isFinite(v) && (!logY || v > 0);

interface Options {
  band?: Band | null;
  series?: Series[];
  live?: Sample[];
  pins?: PinLine[];
  field: string;
  label: string;
  logY?: boolean;
  logX?: boolean;
  stages?: Stage[];
  rulesX?: Rule[];
  rulesY?: Rule[];
  marker?: number | null;
  diverged?: { member: number; step: number }[];
  width: number;
  height?: number;
}

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

function draw({
  band,
  series,
  live = [],
  field,
  label,
  logY = true,
  logX = true,
  stages = [],
  rulesX = [],
  rulesY = [],
  marker = null,
  diverged = [],
  pins = [],
  width,
  height = 280,
}: Options): HTMLElement {
  const all: Series[] = series ?? (band ? [{ label: SERIES[0], band, color: seriesColor.range[0] }] : []);
  const minStep = logX ? 1 : 0;
  const rows = all.flatMap((s) =>
    s.band.steps
      .map((step, i) => ({ series: s.label, step, median: s.band.median[i], lo: s.band.lo[i], hi: s.band.hi[i] }))
      .filter((d) => d.step >= minStep),
  );
  const liveRows = live.filter((d) => d.step >= minStep && ok(d[field], logY));
  const liveShown = liveLinesAndBand({ rows: liveRows, value: (d) => d[field] as number });
  const spans = stages
    .map((s, i) => ({ ...s, x1: Math.max(s.start, 1), x2: Math.max(s.end, 1), row: i % 2 }))
    .filter((s) => s.x2 > s.x1);
  // Label only stages wide enough on screen (log axis from 1 to the last step) to hold their label.
  const decades = Math.log10(Math.max(2, ...spans.map((s) => s.x2), ...rows.map((d) => d.step)));
  const px = (s: { x1: number; x2: number }) => (Math.log10(s.x2 / s.x1) / decades) * (width - 80);
  const labelled = spans.filter((s) => px(s) >= s.label.length * 3.2);
  const pinRows = pins
    .map((p) => ({
      ...p,
      rows: p.samples.filter((d) => d.member < MAX_LIVE_LINES && d.step >= minStep && ok(d[field], logY)),
    }))
    .filter((p) => p.rows.length);
  const legend = {
    domain: [
      ...all.map((s) => s.label),
      SERIES[1],
      ...(rulesX.length || rulesY.length ? [SERIES[2]] : []),
      ...(spans.length ? SERIES.slice(3) : []),
      ...pinRows.map((p) => p.label),
    ],
    range: [
      ...all.map((s) => s.color),
      seriesColor.range[1],
      ...(rulesX.length || rulesY.length ? [seriesColor.range[2]] : []),
      ...(spans.length ? seriesColor.range.slice(3) : []),
      ...pinRows.map((p) => p.color),
    ],
  };
  const first = all[0]?.band;
  const summary =
    (first
      ? bandSummary(first, `${all.length > 1 ? `${all[0].label} ` : "median "}${label}`, logY)
      : `The ${label} of the live run.`) +
    describeLive({ samples: live, field, label, pins: pinRows.length }) +
    (diverged.length ? ` ${diverged.map((d) => `Member ${d.member} diverged at step ${d.step}.`).join(" ")}` : "");

  const xScale = { type: (logX ? "log" : "linear") as "log" | "linear", label: "step →" };
  const yScale = {
    type: (logY ? "log" : "linear") as "log" | "linear",
    label: `↑ ${label}`,
    grid: true,
    tickFormat: logY ? "~g" : undefined,
  };
  const staticMarks = [
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
        {
          x: "value",
          text: "label",
          frameAnchor: "bottom",
          dy: -4 - 12 * row,
          dx: 4,
          textAnchor: "start",
          fill: palette.theory,
          fontSize: 10,
        },
      ),
    ),
    Plot.ruleY(rulesY, { y: "value", stroke: () => SERIES[2], strokeDasharray: "5,3" }),
    Plot.text(rulesY, {
      y: "value",
      text: "label",
      frameAnchor: "right",
      dy: -6,
      textAnchor: "end",
      fill: palette.theory,
      fontSize: 10,
    }),
    marker != null && marker >= 1 ? Plot.ruleX([marker], { stroke: palette.marker, strokeWidth: 2 }) : null,
  ];
  const liveMarks = [
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
    Plot.ruleX(
      diverged.filter((d) => d.step >= 1),
      { x: "step", stroke: palette.diverged, strokeWidth: 2 },
    ),
    Plot.text(
      diverged.filter((d) => d.step >= 1),
      {
        x: "step",
        text: (d) => `member ${d.member} diverged at step ${d.step}`,
        frameAnchor: "middle",
        rotate: -90,
        dy: -6,
        fill: palette.diverged,
        fontSize: 11,
      },
    ),
  ];
  const staticTip = Plot.tip(
    rows.filter((d) => ok(d.median, logY)),
    Plot.pointerX({
      x: "step",
      y: "median",
      title: (d: Record<string, number | string>) =>
        `${d.series}\nstep ${d.step}\n${label} ${Number(d.median).toPrecision(4)}`,
    }),
  );
  // The precomputed layer is drawn once per scale domain and kept; each progress batch redraws only
  // the live layer on top, with the same (niced) domains. Redrawing every band per batch cost the
  // page's main thread 50–250 ms tasks. Drawn layered before any run too, so a live run
  // inside the precomputed domains reuses the very same layer.
  const quiet = !liveRows.length && !diverged.length && !pinRows.length;
  // A run with many members spans what its band and lines span: no need to read every member's rows.
  const liveSpan = liveShown.band.length
    ? [
        ...liveShown.band.flatMap((b) => [
          { step: b.step, v: b.lo },
          { step: b.step, v: b.hi },
        ]),
      ]
    : liveRows.map((d) => ({ step: d.step, v: d[field] as number }));
  const xs = [
    ...rows.map((d) => d.step),
    ...liveSpan.map((d) => d.step),
    ...pinRows.flatMap((p) => p.rows.map((d) => d.step)),
    ...rulesX.map((r) => r.value),
    ...spans.flatMap((s) => [s.x1, s.x2]),
    ...(marker != null && marker >= 1 ? [marker] : []),
    ...diverged.filter((d) => d.step >= 1).map((d) => d.step),
  ];
  const ys = [
    ...rows.flatMap((d) => [d.lo, d.hi, d.median]),
    ...liveSpan.map((d) => d.v),
    ...liveShown.lines.map((d) => d[field]),
    ...pinRows.flatMap((p) => p.rows.map((d) => d[field])),
    ...rulesY.map((r) => r.value),
  ].filter((v): v is number => ok(v, logY));
  const x = { ...xScale, domain: niceDomain({ values: xs, type: xScale.type, nice: false }) };
  const y = { ...yScale, domain: niceDomain({ values: ys, type: yScale.type, nice: true }) };
  // Bands by identity (large), everything else by value: callers build fresh arrays on every call.
  const key = JSON.stringify([
    all.map((s) => [idOf(s.band), s.label, s.color]),
    spans,
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
    pinRows.map((p) => [p.label, p.color]),
  ]);
  let figure = layers.get(key);
  if (!figure) {
    const base = withOverlaySlot(
      Plot.plot({ width, height, ...MARGINS, x, y, color: { ...legend, legend: true }, marks: staticMarks }),
    );
    figure = chartFigure({ chart: base, label: `${label} against step${logX ? " (log axis)" : ""}`, summary });
    layers.set(key, figure);
    if (layers.size > 64) layers.delete(layers.keys().next().value!);
  }
  // The tip reads the members drawn as lines: a title for each of 64,000 rows per batch cost more than the drawing.
  const liveTip = Plot.tip(
    liveShown.lines,
    Plot.pointerX({
      x: "step",
      y: field,
      title: (d: Sample) => `live run, member ${d.member}\nstep ${d.step}\n${label} ${Number(d[field]).toPrecision(4)}`,
    }),
  );
  setOverlay({
    figure,
    options: { width, height, ...MARGINS, color: legend, x, y, marks: quiet ? [staticTip] : [...liveMarks, liveTip] },
  });
  figure.querySelector(".chart-caption")!.textContent = summary;
  return figure;
}

/** The precomputed band's sentence, once per band and label: charts redraw on every live batch. */
const summaries = new WeakMap<Band, Map<string, string>>();
function bandSummary(band: Band, label: string, log: boolean): string {
  const byLabel = summaries.get(band) ?? (summaries.set(band, new Map()), summaries.get(band)!);
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
const idOf = (o: object) => ids.get(o) ?? (ids.set(o, ++nextId), nextId);
