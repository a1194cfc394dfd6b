import type { Experiment, MemberSummary, RunOptions, RunSummary } from "../types.js";
import type { SweepRow } from "./members.js";

/**
 * Run a sweep's rows one after another as one run: member numbers continue across rows, every
 * sample and member summary carries its swept values, and progress counts the steps of all rows.
 * The rows' theories come back in `theory.rows`. Checkpoints and resuming belong to single runs.
 */
export async function runSweep({
  experiment,
  rows,
  sink,
  ...options
}: Omit<RunOptions, "params" | "members" | "checkpointEvery" | "resume"> & {
  experiment: Experiment;
  rows: SweepRow[];
}): Promise<RunSummary> {
  const total = rows.reduce((sum, row) => sum + Number(row.params.steps), 0);
  const members: MemberSummary[] = [],
    theories: Record<string, unknown>[] = [];
  let offset = 0,
    done = 0;
  for (const [r, row] of rows.entries()) {
    const base = offset;
    const summary = await experiment.run({
      ...options,
      params: row.params,
      members: row.members,
      sink: {
        sample: (s) => sink.sample?.({ ...s, ...row.values[s.member], member: base + s.member }),
        snapshot: (s) => sink.snapshot?.({ ...s, member: base + s.member }),
        // Statistics across chains belong to one ensemble: a sweep of several rows has none.
        ensemble: rows.length === 1 ? sink.ensemble : undefined,
        progress: ({ step }) => sink.progress?.({ step: done + step, steps: total }),
      },
    });
    for (const m of summary.members) members.push({ ...m, ...row.values[m.member], row: r, member: base + m.member });
    theories.push(summary.theory);
    offset += row.members.length;
    done += Number(row.params.steps);
    if (options.signal?.aborted) break;
  }
  return { members, theory: rows.length === 1 ? theories[0] : { ...theories[0], rows: theories } };
}
