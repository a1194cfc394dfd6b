import { parseArgs } from "node:util";
import type { Params } from "../src/sim/params.js";
import { runJobs } from "./pool.js";
import { checkpointsBy } from "./reference.js";
import { invariantMeasureBranch } from "./invariantMeasure.js";
import { multistageBranch } from "./multistage.js";
import { pathwaysBranch } from "./pathways.js";

/** Each experiment's run to branch from, per preset (the same the page's dataset names in `branch`). */
const BRANCHES: Record<string, (o: { preset: string }) => { params: Params; steps: number[] }> = {
  "invariant-measure": invariantMeasureBranch,
  multistage: multistageBranch,
  pathways: pathwaysBranch,
};

/**
 * The checkpoints a page branches from for one preset: the run again on the float64 engine, every
 * member's complete state at each branch step, at full precision. A file per preset, so a page
 * fetches only the one a reader branches from.
 */
export async function branchCheckpoints({ experiment, preset }: { experiment: string; preset: string }) {
  const { params, steps } = BRANCHES[experiment]({ preset });
  const [run] = await runJobs({ jobs: [{ experiment, params, checkpointAt: steps }], threads: 1 });
  return {
    experiment,
    preset,
    params,
    checkpoints: checkpointsBy({ params, checkpoints: run.checkpoints }).map(({ step, states }) => ({ step, states })),
  };
}

/** A parameterized data loader's preset (Framework passes `--preset NAME`). */
export const presetArg = () => parseArgs({ options: { preset: { type: "string" } } }).values.preset!;
