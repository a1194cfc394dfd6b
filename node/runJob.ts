import { parentPort } from "node:worker_threads";
import { collectRun } from "./collect.js";
import type { Job } from "./job.js";

/** One pool thread: run each job it is sent on the hand-written engine (no tfjs in the build). */
parentPort!.on("message", async (job: Job & { id: number }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: await collectRun({ engine: "js", ...job }) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: String((error as Error).stack ?? error) });
  }
});
parentPort!.postMessage({ ready: true });
