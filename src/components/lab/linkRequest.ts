import { quote } from "../../sim/params.js";
import type { GridAxis } from "../../sim/sweep/grid.js";
import { parseLiveSweep } from "../../sim/sweep/liveSweep.js";
import { estimateRun } from "../../app/runCost.js";
import type { readUrlState } from "./urlState.js";
import { duration } from "./etaGuard.js";

/**
 * What a link asks a page to run, checked: a branch (`from`, one of the preset's checkpoint steps),
 * a live sweep (`sweep`, `sweep2`), or the single run of its params; refusals go to `url.errors` by
 * name. A link that names parameters runs on opening (`armed`) unless its run is long (`ask`: a
 * sweep counts every point) or a value was refused.
 */
export function linkRequest({
  experiment,
  url,
  steps,
  askAbove,
}: {
  experiment: string;
  url: ReturnType<typeof readUrlState>;
  /** The preset's checkpoint steps. */
  steps: number[];
  askAbove: number;
}) {
  let from = linkFrom({ url, steps });
  let sweep = linkSweep({ experiment, url });
  if (sweep !== null && from !== null) {
    url.errors.push(
      `from and sweep go separately: a sweep runs every member from step 0, a branch is one run (got from=${from} and sweep=${quote(url.sweep)})`,
    );
    sweep = null;
    from = null;
  }
  const points = (sweep ?? []).reduce((n, axis) => n * axis.n, 1);
  const cost = estimateRun({ experiment, params: url.params }).seconds * points;
  const ask = url.autorun && cost > askAbove;
  const refused =
    (url.from !== null && from === null) || ((url.sweep !== null || url.sweep2 !== null) && sweep === null);
  return { from, sweep, points, cost, ask, armed: url.autorun && !ask && !refused };
}

function linkFrom({ url, steps }: { url: ReturnType<typeof readUrlState>; steps: number[] }): number | null {
  if (url.from === null) return null;
  const step = Number(url.from);
  if (/^\d+$/.test(url.from) && steps.includes(step)) return step;
  url.errors.push(
    steps.length
      ? `from must be a checkpoint step of the ${url.preset} preset, one of ${steps.join(", ")} (got ${quote(url.from)})`
      : `from: the ${url.preset} preset has no checkpoints to branch from (got ${quote(url.from)})`,
  );
  return null;
}

function linkSweep({
  experiment,
  url,
}: {
  experiment: string;
  url: ReturnType<typeof readUrlState>;
}): GridAxis[] | null {
  if (url.sweep === null) {
    if (url.sweep2 !== null) url.errors.push(`sweep2 needs a sweep (got sweep2 alone: ${quote(url.sweep2)})`);
    return null;
  }
  try {
    return parseLiveSweep({ experiment, sweep: url.sweep, sweep2: url.sweep2 });
  } catch (error) {
    url.errors.push((error as Error).message);
    return null;
  }
}

/** What the run bar says of a link whose run is long: it waits for Run. */
export function askNotice({ cost, points }: { cost: number; points: number }): string {
  const sweep = points > 1 ? ` (${points} sweep points)` : "";
  return `This link asks for a long run: about ${duration(cost)} at the js engine's pace on a laptop${sweep}. Press Run to start it.`;
}
