import type { BackendChoice, BackendName } from "./backendChoices.js";
import { bytesSource, setDataSource } from "../sim/data/provider.js";
import type { DataSetName } from "../sim/data/labelledSet.js";
import { experimentNamed } from "../sim/experiments/index.js";
import { parseParams, type Params } from "../sim/params.js";
import { createSampleBudget, liveBudgets } from "../sim/metrics/sampleBudget.js";
import type { EnsembleStat, RunOptions, Sample, Sink, Snapshot, RunSummary, Tf } from "../sim/types.js";
import type { SweepRow } from "../sim/sweep/members.js";
import { runSweep } from "../sim/sweep/runSweep.js";
import type { Measured } from "../app/engineChoice.js";

/** The two .wasm binaries of tfjs-backend-wasm, as URLs the worker can fetch. */
export interface WasmUrls {
  plain: string;
  simd: string;
}

/** What a worker with TensorFlow.js adds: tfjs itself, and the backend chain over it. */
export interface TfjsAccess {
  tf: Tf;
  chooseBackend(options: {
    choice: BackendChoice;
    wasmUrls: WasmUrls;
  }): Promise<{ backend: BackendName | "js"; skipped: string[] }>;
}

/**
 * What the worker streams to the page: the samples, snapshots and ensemble statistics kept since
 * the last batch, with each sample's and statistic's index in its member's full stream (the page
 * keeps the same ones by the same budget rule; metrics/sampleBudget.ts).
 */
export interface Batch {
  samples: Sample[];
  sampleIndex: number[];
  snapshots: Snapshot[];
  snapshotIndex: number[];
  ensembles: EnsembleStat[];
  ensembleIndex: number[];
  step: number;
  steps: number;
}

/** A batch goes out at the latest when it holds this many samples, however fast they come. */
const MAX_BATCH = 2000;

/**
 * The training worker's API, for both worker entries: train.ts (with TensorFlow.js) and trainJs.ts
 * (the js engine alone, so that a js run downloads no tfjs). It picks the engine, measures
 * candidates for `auto`, runs one experiment and streams batches at most every `intervalMs` (a
 * postMessage per sample would flood the page's main thread). Cancellation is the page
 * terminating the worker.
 */
export function trainApi({ tfjs }: { tfjs?: TfjsAccess } = {}) {
  let engine: "tfjs" | "js" = "js";
  const needTfjs = () => {
    if (!tfjs) throw new Error("this worker has no TensorFlow.js");
    return tfjs;
  };
  const api = {
    /** The data sets the page attached (src/sim/data/provider.ts), before any run or measurement. */
    async data(sets: Partial<Record<DataSetName, Uint8Array>>) {
      setDataSource(bytesSource(sets));
    },
    async init({ backend, wasmUrls }: { backend: BackendChoice; wasmUrls: WasmUrls }) {
      if (backend === "js") {
        engine = "js";
        return { backend: "js" as const, skipped: [] as string[] };
      }
      const chosen = await needTfjs().chooseBackend({ choice: backend, wasmUrls });
      engine = chosen.backend === "js" ? "js" : "tfjs";
      return chosen;
    },
    /**
     * Each candidate's rate on the actual workload: a few steps to warm it (compile, upload), then
     * `steps` timed. The run that follows starts again from step 0 on the chosen engine, so the
     * calibration steps are repeated exactly. A candidate that fails is reported with its error.
     */
    async calibrate({
      experiment,
      params,
      candidates,
      wasmUrls,
      steps = 30,
    }: {
      experiment: string;
      params: Params;
      candidates: ("js" | BackendName)[];
      wasmUrls: WasmUrls;
      steps?: number;
    }): Promise<Measured[]> {
      const exp = experimentNamed(experiment);
      const checked = parseParams({ schema: exp.schema, values: params });
      const n = Math.min(steps, Number(checked.steps));
      const out: Measured[] = [];
      for (const candidate of candidates) {
        try {
          await api.init({ backend: candidate, wasmUrls });
          const tf = engine === "tfjs" ? needTfjs().tf : undefined;
          const once = (k: number) => exp.run({ tf, engine, params: { ...checked, steps: k }, sink: {} });
          await once(2);
          const t0 = performance.now();
          await once(n);
          out.push({ engine: candidate, stepsPerSecond: n / ((performance.now() - t0) / 1000) });
        } catch (error) {
          out.push({ engine: candidate, stepsPerSecond: null, error: String((error as Error)?.message ?? error) });
        }
      }
      return out;
    },
    async run(
      {
        experiment,
        params,
        resume,
        members,
        rows,
        liveMembers,
      }: {
        experiment: string;
        params: Params;
        resume?: RunOptions["resume"];
        members?: Params[];
        /** A sweep's rows (sim/sweep/members.ts), run one after another instead of `params` and `members`. */
        rows?: SweepRow[];
        /** The run's member count, which sizes what the page keeps (metrics/sampleBudget.ts liveBudgets). */
        liveMembers: number;
      },
      onBatch: (b: Batch) => void | Promise<void>,
      intervalMs = 100,
    ): Promise<RunSummary> {
      const exp = experimentNamed(experiment);
      const checked = parseParams({ schema: exp.schema, values: params });
      const empty = (step = 0, steps = 0): Batch => ({
        samples: [],
        sampleIndex: [],
        snapshots: [],
        snapshotIndex: [],
        ensembles: [],
        ensembleIndex: [],
        step,
        steps,
      });
      let batch = empty();
      let last = performance.now();
      // The page keeps a bounded number of samples per member: send only those, each with its index,
      // and each member's latest sample so the live curve reaches the current step.
      const budgets = liveBudgets({ members: liveMembers });
      const samples = createSampleBudget<Sample>({ ...budgets.samples, store: false });
      const ensembles = createSampleBudget<EnsembleStat>({ ...budgets.ensembles, store: false });
      const snapshots = createSampleBudget<Snapshot>({ ...budgets.snapshots, store: false });
      let snapshotCount = 0;
      const seen = new Map<number, number>();
      const latest = new Map<number, { sample: Sample; index: number }>();
      let ensembleCount = 0;
      let latestEnsemble: { stat: EnsembleStat; index: number } | null = null;
      const addSample = (s: Sample, index: number) => {
        batch.samples.push(s);
        batch.sampleIndex.push(index);
      };
      const addEnsemble = (e: EnsembleStat, index: number) => {
        batch.ensembles.push(e);
        batch.ensembleIndex.push(index);
      };
      const send = () => {
        for (const { sample, index } of latest.values()) addSample(sample, index);
        if (latestEnsemble) addEnsemble(latestEnsemble.stat, latestEnsemble.index);
        latest.clear();
        latestEnsemble = null;
        const delivered = onBatch(batch);
        batch = empty(batch.step, batch.steps);
        last = performance.now();
        return delivered;
      };
      const sink: Sink = {
        sample: (s) => {
          const index = seen.get(s.member) ?? 0;
          seen.set(s.member, index + 1);
          if (samples.add(s)) {
            addSample(s, index);
            latest.delete(s.member);
          } else latest.set(s.member, { sample: s, index });
          if (batch.samples.length >= MAX_BATCH) send();
        },
        // Snapshots are few (their own schedule), but bounded all the same: the page keeps the same ones.
        snapshot: (s) => {
          const index = snapshotCount++;
          if (!snapshots.add(s, index)) return;
          batch.snapshots.push(s);
          batch.snapshotIndex.push(index);
        },
        ensemble: (e) => {
          const index = ensembleCount++;
          if (ensembles.add(e)) {
            addEnsemble(e, index);
            latestEnsemble = null;
          } else latestEnsemble = { stat: e, index };
        },
        progress: ({ step, steps }) => {
          batch.step = step;
          batch.steps = steps;
          if (performance.now() - last > intervalMs) send();
        },
      };
      const tf = engine === "tfjs" ? needTfjs().tf : undefined;
      const summary = rows
        ? await runSweep({
            experiment: exp,
            rows: rows.map((row) => ({ ...row, params: parseParams({ schema: exp.schema, values: row.params }) })),
            tf,
            engine,
            sink,
          })
        : await exp.run({ tf, engine, params: checked, resume, members, sink });
      // Comlink delivers the callback on its own channel: the result could overtake the last batch,
      // so wait until the page has taken it.
      await send();
      return summary;
    },
    /** Live tfjs tensors and their bytes (null on the js engine, which holds no tensors). */
    memory(): { numTensors: number; numBytes: number } | null {
      if (engine === "js" || !tfjs) return null;
      const { numTensors, numBytes } = tfjs.tf.memory();
      return { numTensors, numBytes };
    },
  };
  return api;
}
export type TrainApi = ReturnType<typeof trainApi>;
