import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import type { Collected, Job } from "./job.js";

export type { Job } from "./job.js";

/**
 * The thread's entry. The bundled CLI (dist-cli/) carries its own, plain JavaScript, so a compute
 * node needs nothing but Node; from the sources it is the .mjs that registers tsx first.
 */
const BUNDLED = new URL("./poolThread.js", import.meta.url);
export const THREAD = existsSync(BUNDLED) ? BUNDLED : new URL("./poolThread.mjs", import.meta.url);

/** A job that failed on every try: its index and the last error. */
export interface JobFailure {
  index: number;
  error: string;
}

/**
 * Run jobs on a pool of worker threads, one per core: tfjs-wasm stays single-threaded here, so
 * separate threads are how a sweep uses both cores (docs/architecture.md). Each result is handed
 * to `onResult` as it arrives, and all come back in job order. A job whose thread dies (a crash, an
 * exit, memory) or that throws is tried again `retries` times on a fresh thread; one that fails
 * every time goes to `onFailure`, or without one rejects the whole pool. An aborted `signal` ends
 * the threads and returns what finished.
 */
export async function runJobs({
  jobs,
  threads = availableParallelism(),
  onResult,
  onFailure,
  signal,
  retries = 1,
  thread = THREAD,
}: {
  jobs: Job[];
  threads?: number;
  onResult?: (index: number, result: Collected) => void;
  onFailure?: (failure: JobFailure) => void;
  signal?: AbortSignal;
  retries?: number;
  thread?: URL;
}): Promise<Collected[]> {
  const results: Collected[] = new Array(jobs.length);
  const queue = jobs.map((_, i) => i);
  const tries = new Array(jobs.length).fill(0);
  const workers = new Set<Worker>();
  let fatal: Error | null = null;
  const stop = () => workers.forEach((w) => w.terminate());
  signal?.addEventListener("abort", stop, { once: true });

  const fail = (index: number, error: string) => {
    if (++tries[index] <= retries) return void queue.unshift(index);
    if (onFailure) return onFailure({ index, error });
    fatal ??= new Error(`job ${index} failed: ${error}`);
    stop();
  };

  /** One thread taking jobs until none is left; a thread that dies hands its slot to a fresh one. */
  const slot = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(thread);
      workers.add(worker);
      let current: number | null = null;
      let lastError: string | null = null;
      const feed = () => {
        if (!queue.length || signal?.aborted || fatal) return void worker.terminate();
        current = queue.shift()!;
        worker.postMessage({ id: current, ...jobs[current] });
      };
      worker.on("message", (msg) => {
        if (msg.ready) return feed();
        current = null;
        if (msg.error) fail(msg.id, msg.error);
        else {
          results[msg.id] = msg.result;
          onResult?.(msg.id, msg.result);
        }
        feed();
      });
      worker.on("error", (error) => (lastError = String(error.stack ?? error)));
      worker.on("exit", (code) => {
        workers.delete(worker);
        if (current === null || signal?.aborted || fatal) return resolve();
        fail(current, lastError ?? `its thread exited with code ${code}`);
        if (queue.length && !fatal) slot().then(resolve);
        else resolve();
      });
    });

  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(threads, jobs.length)) }, slot));
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  if (fatal) throw fatal;
  return results;
}
