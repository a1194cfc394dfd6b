import type { Params } from "../params.js";
import { chainMembers } from "../experiments/invariantMeasure.js";
import { resolveMembers } from "../experiments/members.js";
import { experiments } from "../experiments/index.js";
import { expandGrid, type GridAxis } from "./grid.js";

/**
 * The parameter of each experiment that may differ between the members of one batched run, and so
 * can be swept live as one ensemble: the init scale, the weight decay, the step size.
 */
export const SWEEPABLE: Record<string, string> = {
  multistage: "initScale",
  "invariant-measure": "weightDecay",
  pathways: "lr",
};

/**
 * Every parameter a member of one batched run may hold a value of its own for (the experiments'
 * `members` overrides); any other parameter is the same for the whole ensemble.
 */
export const MEMBER_PARAMS: Record<string, string[]> = {
  multistage: ["initScale", "seed"],
  "invariant-measure": ["weightDecay", "initSeed", "batchSeed"],
  pathways: ["lr", "seed", "initScale", "initRatio"],
};

/** A part of a sweep that runs as one batched ensemble: its params, its members and each member's swept values. */
export interface SweepRow {
  params: Params;
  members: Params[];
  values: Record<string, number>[];
}

/**
 * A sweep of one or two axes as rows of batched ensembles. Axes a member may differ in
 * (MEMBER_PARAMS) go into one ensemble, times every seed or chain; an axis no member can differ in
 * (a width, the number of pathways) makes one ensemble per value, run one after another, so a
 * phase diagram fills in row by row. The first axis must be the experiment's SWEEPABLE one.
 */
export function sweepPlan({
  experiment,
  params,
  axes,
}: {
  experiment: string;
  params: Params;
  axes: GridAxis[];
}): SweepRow[] {
  const { schema } = experiments[experiment];
  if (SWEEPABLE[experiment] !== axes[0]?.name)
    throw new RangeError(`a live sweep of ${experiment} takes ${SWEEPABLE[experiment]} first`);
  const variable = new Set(MEMBER_PARAMS[experiment]);
  const rowAxes = axes.filter((a) => !variable.has(a.name)),
    memberAxes = axes.filter((a) => variable.has(a.name));
  const rowPoints = rowAxes.length ? expandGrid({ schema, axes: rowAxes }).map((p) => p.values) : [{}];
  const memberPoints = expandGrid({ schema, axes: memberAxes }).map((p) => p.values);
  return rowPoints.map((rowValues) => {
    const rowParams = { ...params, ...rowValues };
    const base = experiment === "invariant-measure" ? chainMembers(rowParams) : resolveMembers({ params: rowParams });
    return {
      params: rowParams,
      members: memberPoints.flatMap((v) => base.map((m) => ({ ...m, ...v }))),
      values: memberPoints.flatMap((v) => base.map(() => ({ ...rowValues, ...v }))),
    };
  });
}
