import "./dataSets.js";
import { experimentNamed } from "../src/sim/experiments/index.js";
import { parseParams } from "../src/sim/params.js";
import type { Collected, Job } from "./job.js";

export type { Collected } from "./job.js";
import type { EngineName } from "../src/sim/types.js";
import type { Checkpoint, EnsembleStat, RunOptions, Sample, Snapshot, Tf } from "../src/sim/types.js";

/**
 * Run an experiment to the end, keeping everything its sink receives (loaders and tests), or with
 * `keep: false` its summary alone (a sweep's points).
 */
export async function collectRun({
  tf,
  engine,
  experiment,
  params,
  members,
  keep = true,
  checkpointEvery,
  checkpointAt,
  resume,
}: Job & {
  tf?: Tf;
  engine?: EngineName;
  resume?: RunOptions["resume"];
}): Promise<Collected> {
  const exp = experimentNamed(experiment);
  const samples: Sample[] = [];
  const snapshots: Snapshot[] = [];
  const ensembles: EnsembleStat[] = [];
  const checkpoints: Checkpoint[] = [];
  const summary = await exp.run({
    tf,
    engine,
    params: parseParams({ schema: exp.schema, values: params }),
    members,
    checkpointEvery,
    checkpointAt,
    resume,
    sink: keep
      ? {
          sample: (s) => samples.push(s),
          snapshot: (s) => snapshots.push(s),
          ensemble: (e) => ensembles.push(e),
          checkpoint: (c) => checkpoints.push(c),
        }
      : {},
  });
  return { samples, checkpoints, snapshots, ensembles, summary };
}
