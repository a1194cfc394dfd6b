import { parentPort } from "node:worker_threads";
import { loadTf } from "./tfNode.js";
import { collectRun } from "./collect.js";
import type { Job } from "./pool.js";

/** One pool thread: load tfjs once, then run each job it is sent. */
const tf = await loadTf({ backend: "wasm" });
parentPort!.on("message", async (job: Job & { id: number }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: await collectRun({ tf, ...job }) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: String((error as Error).stack ?? error) });
  }
});
parentPort!.postMessage({ ready: true });
