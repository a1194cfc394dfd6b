import type { Params } from "../src/sim/params.js";
import type { Checkpoint, EnsembleStat, RunSummary, Sample, Snapshot } from "../src/sim/types.js";

/** One run for a pool thread (node/pool.ts) or in process (node/collect.ts). */
export interface Job {
  experiment: string;
  params: Params;
  members?: Params[];
  /** false: bring back the summary only (a sweep's points). */
  keep?: boolean;
  /** Also bring back every member's checkpoint each this many steps. */
  checkpointEvery?: number;
  /** And at each of these steps. */
  checkpointAt?: number[];
}

/** Everything a run's sink received, or its summary alone for a job with `keep: false`. */
export interface Collected {
  samples: Sample[];
  checkpoints: Checkpoint[];
  snapshots: Snapshot[];
  ensembles: EnsembleStat[];
  summary: RunSummary;
}
