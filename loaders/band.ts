import { quantile } from "../src/sim/metrics/quantiles.js";
import type { Sample } from "../src/sim/types.js";

/** Six significant digits: enough for any chart, and the same bytes on every build. */
export const round = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) ? Number(v.toPrecision(6)) : null;

/** Four significant digits: long traces and real-data figures, which charts need no more of. */
export const r4 = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) ? Number(v.toPrecision(4)) : null;

/** Per sampled step, the median and the min–max range of `field` over members (the seed band). */
export function band({ samples, field }: { samples: Sample[]; field: string }) {
  const byStep = new Map<number, number[]>();
  for (const s of samples) {
    const v = s[field];
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    if (!byStep.has(s.step)) byStep.set(s.step, []);
    byStep.get(s.step)!.push(v);
  }
  const steps = [...byStep.keys()].sort((a, b) => a - b);
  const at = (p: number) => steps.map((t) => round(quantile({ values: byStep.get(t)!, p })));
  return { steps, median: at(0.5), lo: at(0), hi: at(1) };
}
