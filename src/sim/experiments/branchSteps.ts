import type { Params } from "../params.js";
import { experimentNamed } from "./index.js";

/** The smallest of 1, 2, 5 × 10^k at or above x: checkpoint spacings a reader can type. */
const niceAbove = (x: number) => {
  const p = 10 ** Math.floor(Math.log10(Math.max(x, 1)));
  return [1, 2, 5, 10].map((f) => f * p).find((v) => v >= x)!;
};

/**
 * The steps at which a page's precomputed run keeps checkpoints, so that a reader can branch there
 * (docs/phenomena: each page's headline run): where the experiment says (its `branchSteps`:
 * multi-stage runs at their snapshot times), else every 1, 2 or
 * 5 × 10^k steps, about 20 of them, or 5 for an ensemble of more than 4 members (each checkpoint
 * holds every member's state). Step 0 is not one: a branch from it is a plain run.
 */
export function branchSteps({ experiment, params }: { experiment: string; params: Params }): number[] {
  const steps = Number(params.steps);
  const exp = experimentNamed(experiment);
  const own = exp.branchSteps?.(params);
  if (own) return own;
  const members = Number(params[exp.ensemble.count]) || 1;
  const every = niceAbove(steps / (members > 4 ? 5 : 20));
  const out: number[] = [];
  for (let t = every; t <= steps; t += every) out.push(t);
  if (out.at(-1) !== steps) out.push(steps);
  return out;
}
