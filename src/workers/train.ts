import * as Comlink from "comlink";
import * as tf from "@tensorflow/tfjs-core";
import { chooseBackend, type BackendChoice, type WasmUrls } from "./backends.js";
import { experiments } from "../sim/experiments/index.js";
import { parseParams, type Params } from "../sim/params.js";
import { LIVE_BUDGET, createSampleBudget } from "../sim/metrics/sampleBudget.js";
import type { EnsembleStat, Sample, Snapshot, RunSummary } from "../sim/types.js";

/**
 * What the worker streams to the page: the samples, snapshots and ensemble statistics kept since
 * the last batch, with each sample's and statistic's index in its member's full stream (the page
 * keeps the same ones by the same budget rule; metrics/sampleBudget.ts).
 */
export interface Batch {
  samples: Sample[];
  sampleIndex: number[];
  snapshots: Snapshot[];
  ensembles: EnsembleStat[];
  ensembleIndex: number[];
  step: number;
  steps: number;
}

/** A batch goes out at the latest when it holds this many samples, however fast they come. */
const MAX_BATCH = 2000;

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
    const empty = (step = 0, steps = 0): Batch => ({
      samples: [],
      sampleIndex: [],
      snapshots: [],
      ensembles: [],
      ensembleIndex: [],
      step,
      steps,
    });
    let batch = empty();
    let last = performance.now();
    // The page keeps a bounded number of samples per member: send only those, each with its index,
    // and each member's latest sample so the live curve reaches the current step.
    const samples = createSampleBudget<Sample>({ ...LIVE_BUDGET, store: false });
    const ensembles = createSampleBudget<EnsembleStat>({ ...LIVE_BUDGET, store: false });
    const seen = new Map<number, number>();
    const latest = new Map<number, { sample: Sample; index: number }>();
    let ensembleCount = 0;
    let latestEnsemble: { stat: EnsembleStat; index: number } | null = null;
    const send = () => {
      for (const { sample, index } of latest.values()) batch.samples.push(sample), batch.sampleIndex.push(index);
      if (latestEnsemble) batch.ensembles.push(latestEnsemble.stat), batch.ensembleIndex.push(latestEnsemble.index);
      latest.clear();
      latestEnsemble = null;
      const delivered = onBatch(batch);
      batch = empty(batch.step, batch.steps);
      last = performance.now();
      return delivered;
    };
    const summary = await exp.run({
      tf,
      engine,
      params: checked,
      sink: {
        sample: (s) => {
          const index = seen.get(s.member) ?? 0;
          seen.set(s.member, index + 1);
          if (samples.add(s)) batch.samples.push(s), batch.sampleIndex.push(index), latest.delete(s.member);
          else latest.set(s.member, { sample: s, index });
          if (batch.samples.length >= MAX_BATCH) send();
        },
        snapshot: (s) => batch.snapshots.push(s),
        ensemble: (e) => {
          const index = ensembleCount++;
          if (ensembles.add(e)) batch.ensembles.push(e), batch.ensembleIndex.push(index), (latestEnsemble = null);
          else latestEnsemble = { stat: e, index };
        },
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
