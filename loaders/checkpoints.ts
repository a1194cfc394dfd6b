import { parseArgs } from "node:util";
import type { Params } from "../src/sim/params.js";
import { runJobs } from "../node/pool.js";
import { checkpointsBy } from "./reference.js";

/** A phenomenon's run to branch from, for a preset: its params and branch steps (the page's dataset names the same in `branch`). */
export type BranchOf = (o: { preset: string }) => { params: Params; steps: number[] };

/**
 * The checkpoints a page branches from for one preset: the run again on the float64 engine, every
 * member's complete state at each branch step, at full precision. A file per preset, so a page
 * fetches only the one a reader branches from.
 */
export async function branchCheckpoints({
  experiment,
  branch,
  preset,
}: {
  experiment: string;
  branch: BranchOf;
  preset: string;
}) {
  const { params, steps } = branch({ preset });
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
