import type { Params } from "../params.js";
import type { Experiment } from "../types.js";

/** The ensemble: explicit per-member overrides, or `seeds` members with seeds seed, seed+1, …; each merged over params. */
export function resolveMembers({ params, members }: { params: Params; members?: Params[] }): Params[] {
  const list =
    members ?? Array.from({ length: Number(params.seeds ?? 1) }, (_, j) => ({ seed: Number(params.seed ?? 0) + j }));
  if (list.length === 0) throw new RangeError("a run needs at least one member");
  return list.map((m) => ({ ...params, ...m }));
}

/** How many members a run of `params` has without explicit ones: its ensemble's count (seeds, chains). */
export function memberCount({ experiment, params }: { experiment: Experiment; params: Params }): number {
  return Number(params[experiment.ensemble.count] ?? 1);
}
