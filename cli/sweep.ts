import { availableParallelism } from "node:os";
import { experimentNamed } from "../src/sim/experiments/index.js";
import type { MemberSummary } from "../src/sim/types.js";
import { expandGrid, inShard } from "../src/sim/sweep/grid.js";
import { runJobs, type JobFailure } from "../node/pool.js";
import type { Output } from "./output.js";
import type { SweepCommand } from "./parseArgs.js";
import { progressReporter } from "./progress.js";

/**
 * How many threads a sweep runs: --threads, else Slurm's CPUs for the task, else one per core;
 * never more than the points. Above the cores it still runs, with a warning: each thread holds a
 * whole run, so 256 threads on 2 cores only cost memory and time.
 */
export function sweepThreads({ asked, points }: { asked: number | null; points: number }) {
  const cores = availableParallelism();
  const slurm = Number(process.env.SLURM_CPUS_PER_TASK);
  const wanted = asked ?? (Number.isInteger(slurm) && slurm > 0 ? slurm : cores);
  const warning =
    asked !== null && asked > cores ? `--threads ${asked} is more than this machine's ${cores} cores` : null;
  return { threads: Math.max(1, Math.min(wanted, points)), warning };
}

/**
 * A sweep as JSON lines: a header (experiment, fixed params, grid), one `point` line per grid point
 * and member (seed or chain) with that member's summary, and a summary line. Each point is one
 * batched ensemble of its members; points run on a pool of worker threads and their lines are
 * written in grid order as they complete. With a shard, only that part of the points, and the
 * header says which; `tdlab merge` puts the parts back together into exactly this output.
 * A point lost twice (its thread died, or it threw) ends the sweep with a `failed` line naming it,
 * exit 1. Returns the exit code: 0, 1, or 130 when interrupted (after an `interrupted` line).
 */
export async function runSweep({
  cmd,
  out,
  signal,
  version,
  commit,
  thread,
}: {
  cmd: SweepCommand;
  out: Output;
  signal: AbortSignal;
  version: string;
  /** The git commit of the code (cli/provenance.ts). */
  commit: string;
  /** The pool thread's entry (tests inject a failing one). */
  thread?: URL;
}): Promise<number> {
  const exp = experimentNamed(cmd.experiment);
  const points = expandGrid({ schema: exp.schema, axes: cmd.grid });
  const mine = cmd.shard ? inShard({ items: points, ...cmd.shard }) : points;
  const swept = new Set(cmd.grid.map((a) => a.name));
  const params = Object.fromEntries(Object.entries(cmd.params).filter(([k]) => !swept.has(k)));
  const line = (o: object) => out.write(`${JSON.stringify(o)}\n`);
  line({
    type: "header",
    experiment: exp.name,
    version,
    commit,
    backend: "js",
    params,
    grid: cmd.grid,
    points: points.length,
    ...(cmd.shard ? { shard: cmd.shard } : {}),
  });
  const { threads, warning } = sweepThreads({ asked: cmd.threads, points: mine.length });
  if (warning) process.stderr.write(`tdlab: ${warning}; running ${threads} threads anyway\n`);
  const t0 = performance.now();
  const done: (MemberSummary[] | null | undefined)[] = new Array(mine.length);
  const failed: (JobFailure & { grid: object })[] = [];
  let written = 0,
    lines = 0,
    finished = 0;
  const progress = cmd.progress || process.stderr.isTTY ? progressReporter({ unit: "point" }) : null;
  // Lines go out in grid order: a point waits for those before it; a failed one is skipped (null).
  const flush = () => {
    for (; written < mine.length && done[written] !== undefined; written++) {
      const { index, values } = mine[written];
      for (const { member, ...summary } of done[written] ?? []) {
        const seed = (summary.seed ?? summary.batchSeed) as number;
        line({ type: "point", index, grid: values, seed, summary });
        lines++;
      }
      done[written] = null;
    }
    finished++; // points done, run or lost: flush runs once for each
    progress?.update({ step: finished, steps: mine.length });
  };
  await runJobs({
    jobs: mine.map((p) => ({ experiment: exp.name, params: { ...cmd.params, ...p.values }, keep: false })),
    threads,
    signal,
    thread,
    onResult: (i, result) => {
      done[i] = result.summary.members;
      flush();
    },
    onFailure: (f) => {
      failed.push({ ...f, index: mine[f.index].index, grid: mine[f.index].values });
      done[f.index] = null;
      flush();
    },
  });
  const elapsedMs = Math.round(performance.now() - t0);
  const complete = finished - failed.length;
  if (signal.aborted) {
    line({ type: "interrupted", points: complete, elapsedMs });
    return 130;
  }
  progress?.done({ step: finished, steps: mine.length });
  if (failed.length) {
    line({
      type: "failed",
      points: complete,
      failed: failed.map(({ index, grid, error }) => ({ index, grid, error })),
      elapsedMs,
    });
    const names = failed.map(
      (f) =>
        `${f.index} (${Object.entries(f.grid)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")})`,
    );
    process.stderr.write(
      `tdlab: point${failed.length > 1 ? "s" : ""} ${names.join("; ")} failed twice: ${failed[0].error.split("\n")[0]}\n`,
    );
    return 1;
  }
  line({ type: "summary", points: written, lines, elapsedMs });
  return 0;
}
