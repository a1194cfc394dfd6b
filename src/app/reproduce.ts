import type { Params, Schema } from "../sim/params.js";
import type { Sample } from "../sim/types.js";

/** A precomputed run's member 0, at full precision: the parameters that made it, and its losses. */
export interface Reference {
  params: Params;
  step: number[];
  loss: number[];
}

/**
 * Whether a live run with `live` parameters trains member 0 exactly as the precomputed `reference`
 * did: every parameter equal but those of sampling and ensemble size, and no more steps than it has.
 */
export function sameRun({ schema, live, reference }: { schema: Schema; live: Params; reference: Params }): boolean {
  const sampling = new Set(schema.filter((s) => s.sampling).map((s) => s.name));
  const keys = new Set([...Object.keys(live), ...Object.keys(reference)]);
  for (const k of keys) if (!sampling.has(k) && live[k] !== reference[k]) return false;
  return Number(live.steps) <= Number(reference.steps);
}

/** Member 0's loss against the reference's at every step both sampled: how many, and the largest relative difference. */
export function compareToReference({ reference, samples }: { reference: Reference; samples: Sample[] }): {
  compared: number;
  maxRelDiff: number;
} {
  const at = new Map(reference.step.map((s, i) => [s, reference.loss[i]]));
  let compared = 0,
    maxRelDiff = 0;
  for (const s of samples) {
    if (s.member !== 0 || !at.has(s.step)) continue;
    const want = at.get(s.step)!;
    maxRelDiff = Math.max(maxRelDiff, Math.abs(s.loss - want) / Math.max(Math.abs(want), 1e-300));
    compared++;
  }
  return { compared, maxRelDiff };
}

/**
 * The page's badge for a finished live run: on the float64 js engine, whether it reproduces the
 * precomputed run (same code and RNG: differences at rounding level); on a float32 engine, how far
 * it is from it. Null when the run is not one the precomputed data holds.
 */
export function reproductionBadge({
  schema,
  reference,
  params,
  samples,
  backend,
}: {
  schema: Schema;
  reference: Reference | null;
  params: Params | null;
  samples: Sample[];
  backend: string | null;
}): { text: string; matches: boolean; maxRelDiff: number } | null {
  if (!reference || !params || !sameRun({ schema, live: params, reference: reference.params })) return null;
  const { compared, maxRelDiff } = compareToReference({ reference, samples });
  if (!compared) return null;
  const diff = maxRelDiff.toExponential(0);
  const over = `over ${compared} samples`;
  if (backend === "js") {
    const matches = maxRelDiff < 1e-12;
    const text = `${matches ? "matches" : "differs from"} the precomputed run: max rel. diff ${diff} ${over}`;
    return { text, matches, maxRelDiff };
  }
  return {
    text: `float32 engine (${backend}): max rel. diff ${diff} from the precomputed float64 run ${over}`,
    matches: false,
    maxRelDiff,
  };
}
