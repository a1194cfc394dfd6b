import { flagName, quote } from "../params.js";
import { experimentNamed } from "../experiments/index.js";
import { parseAxis, type GridAxis } from "./grid.js";

/** A page's sweep: at most 64 values of its first axis, 16 of the second, 256 points (each point runs every seed). */
export const LIVE_SWEEP = { values: 64, rows: 16, points: 256 } as const;

/**
 * A page's live sweep from its `sweep` and `sweep2` values (NAME:LO:HI:N[:log]): the first axis is
 * the experiment's `ensemble.sweepable` parameter, the second any other numeric one but the member count.
 * Errors name the value and what is allowed; bigger grids belong to `tdlab sweep`.
 */
export function parseLiveSweep({
  experiment,
  sweep,
  sweep2 = null,
}: {
  experiment: string;
  sweep: string;
  sweep2?: string | null;
}): GridAxis[] {
  const { schema, ensemble } = experimentNamed(experiment);
  const first = parseAxis({ schema, text: sweep });
  if (first.name !== ensemble.sweepable)
    throw new RangeError(`a live sweep here takes ${flagName(ensemble.sweepable)} (got ${quote(sweep)})`);
  if (first.n > LIVE_SWEEP.values)
    throw new RangeError(
      `a live sweep takes at most ${LIVE_SWEEP.values} values (got ${first.n}); tdlab sweep takes more`,
    );
  if (sweep2 === null) return [first];
  const second = parseAxis({ schema, text: sweep2 });
  if (second.name === first.name || second.name === ensemble.count)
    throw new RangeError(
      `sweep2 takes a parameter other than ${flagName(first.name)} and ${flagName(ensemble.count)} (got ${quote(sweep2)})`,
    );
  if (second.n > LIVE_SWEEP.rows)
    throw new RangeError(`sweep2 takes at most ${LIVE_SWEEP.rows} values (got ${second.n}); tdlab sweep takes more`);
  if (first.n * second.n > LIVE_SWEEP.points)
    throw new RangeError(
      `a live sweep takes at most ${LIVE_SWEEP.points} points (got ${first.n} × ${second.n}); tdlab sweep takes more`,
    );
  return [first, second];
}

/** An axis as a page's URL and the CLI's --grid write it: NAME:LO:HI:N[:log]. */
export const axisText = (axis: GridAxis) =>
  `${flagName(axis.name)}:${axis.lo}:${axis.hi}:${axis.n}${axis.log ? ":log" : ""}`;
