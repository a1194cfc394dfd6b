import * as Comlink from "comlink";
import * as tf from "@tensorflow/tfjs-core";
import { chooseBackend, type BackendChoice, type WasmUrls } from "./backends.js";
import { experiments } from "../sim/experiments/index.js";
import { parseParams, type Params } from "../sim/params.js";
import type { EnsembleStat, Sample, Snapshot, RunSummary } from "../sim/types.js";

/** What the worker streams to the page: samples and snapshots gathered since the last batch. */
export interface Batch {
  samples: Sample[];
  snapshots: Snapshot[];
  ensembles: EnsembleStat[];
  step: number;
  steps: number;
}

/**
 * The only worker entry: picks the backend, runs one experiment, streams batches at most every
 * `intervalMs` (a postMessage per sample would flood the page's main thread). Cancellation is the
 * page terminating this worker.
 */
let engine: "tfjs" | "js" = "tfjs";
const api = {
  async init({ backend, wasmUrls }: { backend: BackendChoice; wasmUrls: WasmUrls }) {
    const chosen = await chooseBackend({ choice: backend, wasmUrls });
    engine = chosen.backend === "js" ? "js" : "tfjs";
    return chosen;
  },
  async run(
    { experiment, params }: { experiment: string; params: Params },
    onBatch: (b: Batch) => void | Promise<void>,
    intervalMs = 100,
  ): Promise<RunSummary> {
    const exp = experiments[experiment];
    if (!exp) throw new Error(`unknown experiment: ${experiment}`);
    const checked = parseParams({ schema: exp.schema, values: params });
    let batch: Batch = { samples: [], snapshots: [], ensembles: [], step: 0, steps: 0 };
    let last = performance.now();
    const send = () => {
      const delivered = onBatch(batch);
      batch = { samples: [], snapshots: [], ensembles: [], step: batch.step, steps: batch.steps };
      last = performance.now();
      return delivered;
    };
    const summary = await exp.run({
      tf,
      engine,
      params: checked,
      sink: {
        sample: (s) => batch.samples.push(s),
        snapshot: (s) => batch.snapshots.push(s),
        ensemble: (e) => batch.ensembles.push(e),
        progress: ({ step, steps }) => {
          batch.step = step;
          batch.steps = steps;
          if (performance.now() - last > intervalMs) send();
        },
      },
    });
    // Comlink delivers the callback on its own channel: the result could overtake the last batch,
    // so wait until the page has taken it.
    await send();
    return summary;
  },
  /** Live tfjs tensors and their bytes (null on the js engine, which holds no tensors). */
  memory(): { numTensors: number; numBytes: number } | null {
    if (engine === "js") return null;
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};
export type TrainApi = typeof api;
Comlink.expose(api);
