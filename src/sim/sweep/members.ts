import type { Params } from "../params.js";
import { experimentNamed } from "../experiments/index.js";
import { expandGrid, type GridAxis } from "./grid.js";

/** A part of a sweep that runs as one batched ensemble: its params, its members and each member's swept values. */
export interface SweepRow {
  params: Params;
  members: Params[];
  values: Record<string, number>[];
}

/**
 * A sweep of one or two axes as rows of batched ensembles. Axes a member may differ in (the
 * experiment's `ensemble.perMember`) go into one ensemble, times every seed or chain; an axis no
 * member can differ in (a width, the number of pathways) makes one ensemble per value, run one
 * after another, so a phase diagram fills in row by row. The first axis must be `ensemble.sweepable`.
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
  const { schema, ensemble } = experimentNamed(experiment);
  if (ensemble.sweepable !== axes[0]?.name)
    throw new RangeError(`a live sweep of ${experiment} takes ${ensemble.sweepable} first`);
  const variable = new Set(ensemble.perMember);
  const rowAxes = axes.filter((a) => !variable.has(a.name)),
    memberAxes = axes.filter((a) => variable.has(a.name));
  const rowPoints = rowAxes.length ? expandGrid({ schema, axes: rowAxes }).map((p) => p.values) : [{}];
  const memberPoints = expandGrid({ schema, axes: memberAxes }).map((p) => p.values);
  return rowPoints.map((rowValues) => {
    const rowParams = { ...params, ...rowValues };
    const base = ensemble.members(rowParams);
    return {
      params: rowParams,
      members: memberPoints.flatMap((v) => base.map((m) => ({ ...m, ...v }))),
      values: memberPoints.flatMap((v) => base.map(() => ({ ...rowValues, ...v }))),
    };
  });
}
