import { seriesColor } from "../palette.js";
import type { Stage } from "../../sim/metrics/stages.js";
import type { Sample } from "../../sim/types.js";
import { MAX_LIVE_LINES, liveLinesAndBand } from "./liveBand.js";

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
export interface Rule {
  value: number;
  label: string;
}

export const SERIES = seriesColor.domain;

/** A precomputed series: median line and min–max band over seeds. */
export interface Series {
  label: string;
  band: Band;
  color: string;
}
export const ok = (v: unknown, logY: boolean): v is number =>
  typeof v === "number" && Number.isFinite(v) && (!logY || v > 0);

export interface Options {
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

/** The chart's data, shaped: precomputed rows, live rows and what of them is drawn, stage spans, pins. */
export function shape({
  band,
  series,
  live = [],
  field,
  logY = true,
  logX = true,
  stages = [],
  pins = [],
  width,
}: Options) {
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
  return { all, rows, liveRows, liveShown, spans, labelled, pinRows };
}
export type Shaped = ReturnType<typeof shape>;
