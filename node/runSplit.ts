import type { Params } from "../src/sim/params.js";
import type { MemberSummary, Sample, Snapshot } from "../src/sim/types.js";
import { runJobs } from "./pool.js";
import { chunks } from "./split.js";

/**
 * Run an ensemble of independent members split over the pool's threads and renumber them back into
 * one ensemble (snapshots kept for member 0 only). Not for ensemble statistics across members,
 * which need every member in one program.
 */
export async function runSplit({
  experiment,
  params,
  members,
  threads,
}: {
  experiment: string;
  params: Params;
  members: Params[];
  threads: number;
}) {
  const parts = chunks({ count: members.length, parts: threads });
  const results = await runJobs({
    jobs: parts.map(([s, e]) => ({ experiment, params, members: members.slice(s, e) })),
    threads,
  });
  const samples: Sample[] = [],
    snapshots: Snapshot[] = [],
    summaries: MemberSummary[] = [];
  results.forEach((r, i) => {
    const offset = parts[i][0];
    for (const s of r.samples) samples.push({ ...s, member: s.member + offset });
    for (const s of r.snapshots) if (s.member + offset === 0) snapshots.push(s);
    for (const m of r.summary.members) summaries.push({ ...m, member: m.member + offset });
  });
  return { samples, snapshots, summaries, theory: results[0].summary.theory };
}
