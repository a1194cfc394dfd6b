import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { Params } from "../src/sim/params.js";
import type { Collected } from "./collect.js";

export interface Job {
  experiment: string;
  params: Params;
  members?: Params[];
}

/**
 * Run jobs on a pool of worker threads, one per core: tfjs-wasm stays single-threaded here, so
 * separate threads are how a sweep uses both cores (docs/architecture.md). Results come back in job order.
 */
export async function runJobs({
  jobs,
  threads = availableParallelism(),
}: {
  jobs: Job[];
  threads?: number;
}): Promise<Collected[]> {
  const results: Collected[] = new Array(jobs.length);
  let next = 0;
  const size = Math.max(1, Math.min(threads, jobs.length));
  await Promise.all(
    Array.from({ length: size }, () => {
      const worker = new Worker(new URL("./poolThread.mjs", import.meta.url));
      return new Promise<void>((resolve, reject) => {
        const feed = () => {
          if (next >= jobs.length) return void worker.terminate().then(() => resolve());
          const id = next++;
          worker.postMessage({ id, ...jobs[id] });
        };
        worker.on("message", (msg) => {
          if (msg.error) return (reject(new Error(`job ${msg.id} failed: ${msg.error}`)), void worker.terminate());
          if (!msg.ready) results[msg.id] = msg.result;
          feed();
        });
        worker.on("error", reject);
      });
    }),
  );
  return results;
}
