import type { Params } from "./params.js";

/**
 * Work units per second of the js engine, measured by `npm run bench` on a 2-core machine: the
 * two-layer ensemble (25 × 1,500 steps × m·n = 100·20 in 0.75 s), the 24-chain invariant-measure
 * ensemble (24 × 8,000 × m·B = 32·32 in 2.3 s) and the pathways run with sharpness (3,000 steps of
 * about 5,200 units in 0.18 s) all come out near 1e8.
 */
export const UNITS_PER_SECOND = 1e8;

/**
 * About how much computing a run asks for, before it starts: work units (multiply-adds, roughly)
 * per member and step, times members and steps, and the seconds that takes the js engine here.
 * A page asks before starting a link's run that would take long; it is an estimate, not a promise.
 */
export function estimateRun({ experiment, params: p }: { experiment: string; params: Params }): {
  units: number;
  seconds: number;
} {
  const n = (k: string) => Number(p[k]) || 0;
  let perStep = 0,
    members = 1;
  if (experiment === "multistage") (perStep = n("width") * n("points")), (members = n("seeds"));
  else if (experiment === "invariant-measure") {
    const batch = p.fullBatch ? n("points") : n("batch");
    (perStep = n("width") * batch * 3), (members = n("chains"));
  } else if (experiment === "pathways") {
    const hidden = p.model === "scalar" ? 1 : n("hidden");
    const pass = n("pathways") * n("depth") * hidden * hidden;
    // Lanczos: `iters` Hessian-vector products (about 3 passes each) every `sharpnessEvery` steps.
    const sharp = n("sharpnessEvery") > 0 ? (3 * n("sharpnessIters") * pass) / n("sharpnessEvery") : 0;
    (perStep = pass + sharp), (members = n("seeds"));
  }
  const units = perStep * members * n("steps");
  return { units, seconds: units / UNITS_PER_SECOND };
}
