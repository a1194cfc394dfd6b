import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { Params } from "../src/sim/params.js";
import type { Collected } from "./collect.js";

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

// Resolved from this file or from the bundled CLI (dist-cli/), both one folder below the root.
const THREAD = new URL("../loaders/poolThread.mjs", import.meta.url);

/**
 * Run jobs on a pool of worker threads, one per core: tfjs-wasm stays single-threaded here, so
 * separate threads are how a sweep uses both cores (docs/architecture.md). Results come back in
 * job order, each also handed to `onResult` as it arrives; an aborted `signal` ends the threads and
 * returns what finished.
 */
export async function runJobs({
  jobs,
  threads = availableParallelism(),
  onResult,
  signal,
}: {
  jobs: Job[];
  threads?: number;
  onResult?: (index: number, result: Collected) => void;
  signal?: AbortSignal;
}): Promise<Collected[]> {
  const results: Collected[] = new Array(jobs.length);
  let next = 0;
  const size = Math.max(1, Math.min(threads, jobs.length));
  const workers: Worker[] = [];
  const stop = () => workers.forEach((w) => w.terminate());
  signal?.addEventListener("abort", stop, { once: true });
  try {
    await Promise.all(
      Array.from({ length: size }, () => {
        const worker = new Worker(THREAD);
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          const feed = () => {
            if (next >= jobs.length || signal?.aborted) return void worker.terminate().then(() => resolve());
            const id = next++;
            worker.postMessage({ id, ...jobs[id] });
          };
          worker.on("message", (msg) => {
            if (msg.error) return (reject(new Error(`job ${msg.id} failed: ${msg.error}`)), void worker.terminate());
            if (!msg.ready) (results[msg.id] = msg.result), onResult?.(msg.id, msg.result);
            feed();
          });
          worker.on("error", reject);
          // Terminated by an abort: the jobs it had are not done; what finished stays.
          worker.on("exit", () => resolve());
        });
      }),
    );
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  return results;
}
