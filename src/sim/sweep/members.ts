import type { Params } from "../params.js";
import { chainMembers } from "../experiments/invariantMeasure.js";
import { resolveMembers } from "../experiments/members.js";
import { axisValues, type GridAxis } from "./grid.js";

/**
 * The parameter of each experiment that may differ between the members of one batched run, and so
 * can be swept live as one ensemble: the init scale, the weight decay, the step size.
 */
export const SWEEPABLE: Record<string, string> = {
  multistage: "initScale",
  "invariant-measure": "weightDecay",
  pathways: "lr",
};

/** A live sweep as one ensemble: every value of the axis times every seed (or chain) of `params`. */
export function sweepMembers({
  experiment,
  params,
  axis,
}: {
  experiment: string;
  params: Params;
  axis: GridAxis;
}): Params[] {
  if (SWEEPABLE[experiment] !== axis.name)
    throw new RangeError(`a live sweep of ${experiment} takes ${SWEEPABLE[experiment]}`);
  const base = experiment === "invariant-measure" ? chainMembers(params) : resolveMembers({ params });
  return axisValues({ axis }).flatMap((v) => base.map((m) => ({ ...m, [axis.name]: v })));
}
