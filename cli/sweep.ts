import { experiments } from "../src/sim/experiments/index.js";
import type { MemberSummary } from "../src/sim/types.js";
import { expandGrid, inShard } from "../src/sim/sweep/grid.js";
import { runJobs } from "../loaders/pool.js";
import type { Output } from "./output.js";
import type { SweepCommand } from "./parseArgs.js";

/**
 * A sweep as JSON lines: a header (experiment, fixed params, grid), one `point` line per grid point
 * and member (seed or chain) with that member's summary, and a summary line. Each point is one
 * batched ensemble of its members; points run on a pool of worker threads and their lines are
 * written in grid order as they complete. With a shard, only that part of the points, and the
 * header says which; `tdlab merge` puts the parts back together into exactly this output.
 * Returns the exit code: 0, or 130 when interrupted (after an `interrupted` line).
 */
export async function runSweep({
  cmd,
  out,
  signal,
  version,
}: {
  cmd: SweepCommand;
  out: Output;
  signal: AbortSignal;
  version: string;
}): Promise<number> {
  const exp = experiments[cmd.experiment];
  const points = expandGrid({ schema: exp.schema, axes: cmd.grid });
  const mine = cmd.shard ? inShard({ items: points, ...cmd.shard }) : points;
  const swept = new Set(cmd.grid.map((a) => a.name));
  const params = Object.fromEntries(Object.entries(cmd.params).filter(([k]) => !swept.has(k)));
  const line = (o: object) => out.write(`${JSON.stringify(o)}\n`);
  line({
    type: "header",
    experiment: exp.name,
    version,
    params,
    grid: cmd.grid,
    points: points.length,
    ...(cmd.shard ? { shard: cmd.shard } : {}),
  });
  const t0 = performance.now();
  const done: (MemberSummary[] | undefined)[] = new Array(mine.length);
  let written = 0,
    lines = 0;
  const flush = () => {
    for (; written < mine.length && done[written]; written++) {
      const { index, values } = mine[written];
      for (const { member, ...summary } of done[written]!) {
        const seed = (summary.seed ?? summary.batchSeed) as number;
        line({ type: "point", index, grid: values, seed, summary });
        lines++;
      }
      done[written] = undefined;
    }
  };
  await runJobs({
    jobs: mine.map((p) => ({ experiment: exp.name, params: { ...cmd.params, ...p.values }, keep: false })),
    threads: cmd.threads ?? undefined,
    signal,
    onResult: (i, result) => ((done[i] = result.summary.members), flush()),
  });
  const elapsedMs = Math.round(performance.now() - t0);
  if (signal.aborted) return (line({ type: "interrupted", points: written, elapsedMs }), 130);
  line({ type: "summary", points: written, lines, elapsedMs });
  return 0;
}
