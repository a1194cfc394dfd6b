import type { Params } from "../sim/params.js";
import { experimentNamed } from "../sim/experiments/index.js";

/**
 * Work units per second of the js engine, measured by `npm run bench` on a 2-core machine: the
 * two-layer ensemble (25 × 1,500 steps × m·n = 100·20 in 0.75 s), the 24-chain invariant-measure
 * ensemble (24 × 8,000 × m·B = 32·32 in 2.3 s) and the pathways run with sharpness (3,000 steps of
 * about 5,200 units in 0.18 s) all come out near 1e8.
 */
export const UNITS_PER_SECOND = 1e8;

/**
 * About how much computing a run asks for, before it starts: the experiment's work units per member
 * and step (its `workPerStep`), times members and steps, and the seconds that takes the js engine.
 * A page asks before starting a link's run that would take long; it is an estimate, not a promise.
 */
export function estimateRun({ experiment, params: p }: { experiment: string; params: Params }): {
  units: number;
  seconds: number;
} {
  const exp = experimentNamed(experiment);
  const units = exp.workPerStep(p) * (Number(p[exp.ensemble.count]) || 0) * (Number(p.steps) || 0);
  return { units, seconds: units / UNITS_PER_SECOND };
}
