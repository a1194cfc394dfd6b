import type { Params } from "../src/sim/params.js";
import type { Reference } from "../src/app/reproduce.js";
import type { Checkpoint, Sample } from "../src/sim/types.js";

/**
 * Member 0's losses at full precision, with the parameters that made them: what the page compares
 * a live run with the same settings against (app/reproduce.ts). The charts' data is rounded; this is not.
 */
export function referenceOf({ params, samples }: { params: Params; samples: Sample[] }): Reference {
  const rows = samples.filter((s) => s.member === 0);
  return { params, step: rows.map((s) => s.step), loss: rows.map((s) => s.loss) };
}

/** A run's checkpoints grouped by step, each with every member's state: what a page branches from. */
export function checkpointsBy({ params, checkpoints }: { params: Params; checkpoints: Checkpoint[] }) {
  const steps = [...new Set(checkpoints.map((c) => c.step))].sort((a, b) => a - b);
  return steps.map((step) => ({
    step,
    params,
    states: checkpoints.filter((c) => c.step === step).map((c) => c.state),
  }));
}
