import { experiments } from "../src/sim/experiments/index.js";
import { parseParams, type Params } from "../src/sim/params.js";
import type { EngineName } from "../src/sim/types.js";
import type { EnsembleStat, Sample, Snapshot, RunSummary, Tf } from "../src/sim/types.js";

export interface Collected {
  samples: Sample[];
  snapshots: Snapshot[];
  ensembles: EnsembleStat[];
  summary: RunSummary;
}

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
}: {
  tf?: Tf;
  engine?: EngineName;
  experiment: string;
  params: Params;
  members?: Params[];
  keep?: boolean;
}): Promise<Collected> {
  const exp = experiments[experiment];
  if (!exp) throw new Error(`unknown experiment: ${experiment}`);
  const samples: Sample[] = [];
  const snapshots: Snapshot[] = [];
  const ensembles: EnsembleStat[] = [];
  const summary = await exp.run({
    tf,
    engine,
    params: parseParams({ schema: exp.schema, values: params }),
    members,
    sink: keep
      ? { sample: (s) => samples.push(s), snapshot: (s) => snapshots.push(s), ensemble: (e) => ensembles.push(e) }
      : {},
  });
  return { samples, snapshots, ensembles, summary };
}
