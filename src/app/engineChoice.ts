import type { Params } from "../sim/params.js";
import { estimateRun } from "./runCost.js";

/** A candidate engine's calibration: its rate on the actual workload, or why it could not run. */
export interface Measured {
  engine: string;
  stepsPerSecond: number | null;
  error?: string;
}

/**
 * The engine `auto` keeps: the fastest that ran, with a line saying what was measured and why
 * ("js 2,900 steps/s, webgpu 610 steps/s: using js"); a candidate that failed is named and passed
 * over. Throws when none ran.
 */
export function chooseFastest({ measured }: { measured: Measured[] }): { engine: string; note: string } {
  const ran = measured.filter(
    (m) => m.stepsPerSecond !== null && Number.isFinite(m.stepsPerSecond) && m.stepsPerSecond > 0,
  );
  if (!ran.length)
    throw new Error(`no engine ran: ${measured.map((m) => `${m.engine}: ${m.error ?? "no rate"}`).join("; ")}`);
  const best = ran.reduce((a, b) => (b.stepsPerSecond! > a.stepsPerSecond! ? b : a));
  const rate = (n: number) => Math.round(n).toLocaleString("en");
  const parts = measured.map((m) =>
    m.stepsPerSecond !== null ? `${m.engine} ${rate(m.stepsPerSecond)} steps/s` : `${m.engine} failed (${m.error})`,
  );
  return { engine: best.engine, note: `${parts.join(", ")}: using ${best.engine}` };
}

/**
 * Where `auto`'s verdict is kept (localStorage): per experiment and size class, the size class
 * being the binary order of magnitude of the run's work per step, members included. A run of
 * another size is measured again; the same size reuses the verdict.
 */
export function autoCacheKey({ experiment, params }: { experiment: string; params: Params }): string {
  const perStep = estimateRun({ experiment, params: { ...params, steps: 1 } }).units;
  return `tdlab:auto:v1:${experiment}:${Math.round(Math.log2(Math.max(1, perStep)))}`;
}
