import * as Comlink from "comlink";
import type { DataSetName } from "../../sim/data/labelledSet.js";
import type { Batch, TrainApi, WasmUrls } from "../../workers/trainCore.js";
import { createSampleBudget, liveBudgets } from "../../sim/metrics/sampleBudget.js";
import { memberCount } from "../../sim/experiments/members.js";
import { experimentNamed } from "../../sim/experiments/index.js";
import type { BackendChoice } from "../../workers/backendChoices.js";
import type { Params } from "../../sim/params.js";
import type { SweepRow } from "../../sim/sweep/members.js";
import type { GridAxis } from "../../sim/sweep/grid.js";
import { chooseFastest } from "../../app/engineChoice.js";
import { type planEngine, siteStorage } from "./enginePlan.js";
import type { EnsembleStat, RunOptions, Sample, Snapshot } from "../../sim/types.js";
import type { LiveState, LiveStore } from "./liveState.js";
import type { createWatchdog } from "./watchdog.js";

/** What a live run is asked to do: one run, a branch (`resume`), or a sweep's ensembles (`rows`). */
export interface LaunchRequest {
  experiment: string;
  params: Params;
  backend: BackendChoice;
  resume?: NonNullable<RunOptions["resume"]>;
  members?: Params[];
  rows?: SweepRow[];
  sweep: GridAxis[] | null;
}

type Plan = Awaited<ReturnType<typeof planEngine>>;

/** The state a run starts in: what it is, nothing measured yet; what is on screen stays until its first samples. */
export function startingPatch({ runId, req }: { runId: number; req: LaunchRequest }): Partial<LiveState> {
  const { params, rows, resume, sweep } = req;
  return {
    status: "starting",
    runId,
    params,
    sweep,
    from: resume?.step ?? null,
    error: null,
    summary: null,
    skipped: [],
    choice: null,
    choiceCached: false,
    step: 0,
    steps: rows ? rows.reduce((n, row) => n + Number(row.params.steps), 0) : Number(params.steps) || 0,
    stepsPerSecond: null,
    etaSeconds: null,
    tensors: null,
  };
}

/** The backend to start on: the plan's, or with `auto` and a hardware GPU, the fastest measured on this workload. */
async function chosenBackend({
  api,
  plan,
  req,
  wasmUrls,
}: {
  api: Comlink.Remote<TrainApi>;
  plan: Plan;
  req: LaunchRequest;
  wasmUrls: WasmUrls;
}): Promise<{ backend: BackendChoice; note: string | null }> {
  if (!plan.calibrate) return { backend: plan.backend, note: plan.note };
  const { experiment, params } = req;
  const measured = await api.calibrate({ experiment, params, candidates: plan.calibrate, wasmUrls });
  const choice = chooseFastest({ measured });
  try {
    siteStorage()?.setItem(plan.key!, choice.engine);
  } catch {} // full or blocked: the verdict is simply not kept
  return { backend: choice.engine as BackendChoice, note: `auto: ${choice.note}` };
}

/** How many members the run has, for the budgets: sized by it, 256 chains hold no more than 64 seeds do. */
function liveMemberCount({ experiment, params, rows, members, resume }: LaunchRequest): number {
  if (rows) return rows.reduce((n, row) => n + row.members.length, 0);
  return members?.length ?? resume?.states.length ?? memberCount({ experiment: experimentNamed(experiment), params });
}

/** What the worker's batches become: bounded lists (the budgets of workers/trainCore.ts) and the pace, as state patches. */
function batchSink({ liveMembers, onPatch }: { liveMembers: number; onPatch: (p: Partial<LiveState>) => void }) {
  const budgets = liveBudgets({ members: liveMembers });
  const samples = createSampleBudget<Sample>(budgets.samples);
  const ensembles = createSampleBudget<EnsembleStat>(budgets.ensembles);
  const snapshots = createSampleBudget<Snapshot>(budgets.snapshots);
  const t0 = performance.now();
  return (b: Batch) => {
    // One at a time: spreading a large batch into push() overflows the call stack.
    b.samples.forEach((s, i) => samples.add(s, b.sampleIndex[i]));
    b.ensembles.forEach((e, i) => ensembles.add(e, b.ensembleIndex[i]));
    b.snapshots.forEach((s, i) => snapshots.add(s, b.snapshotIndex[i]));
    const rate = b.step / ((performance.now() - t0) / 1000);
    onPatch({
      samples: samples.list(),
      snapshots: snapshots.list(),
      ensembles: ensembles.list(),
      thinned: samples.thinned || ensembles.thinned,
      step: b.step,
      steps: b.steps,
      stepsPerSecond: rate,
      etaSeconds: rate > 0 ? (b.steps - b.step) / rate : null,
    });
  };
}

/**
 * A run in worker `w`, from the backend's choice to its summary. Every await may find the run
 * superseded (`current()` false): then it stops touching the state.
 */
export async function runInWorker({
  w,
  req,
  plan,
  store,
  watchdog,
  wasmUrls,
  dataSets,
  current,
  end,
}: {
  w: Worker;
  req: LaunchRequest;
  plan: Plan;
  store: LiveStore;
  watchdog: ReturnType<typeof createWatchdog>;
  wasmUrls: WasmUrls;
  /** The data sets the page attached, for the worker's runs. */
  dataSets: Partial<Record<DataSetName, Uint8Array>>;
  current: () => boolean;
  /** Ends the worker once the run is done. */
  end: () => void;
}): Promise<void> {
  const api = Comlink.wrap<TrainApi>(w);
  await api.data(dataSets);
  if (!current()) return;
  const { backend, note } = await chosenBackend({ api, plan, req, wasmUrls });
  if (!current()) return;
  const chosen = await api.init({ backend, wasmUrls });
  if (!current()) return;
  const before = await api.memory();
  if (!current()) return;
  store.emit({
    status: "running",
    backend: chosen.backend,
    skipped: [...plan.skipped, ...chosen.skipped],
    choice: note,
    choiceCached: plan.cached,
    tensors: before && { baseline: before.numTensors, after: null },
  });
  watchdog.start(); // the gap to the first batch counts; the watchdog arms there
  const liveMembers = liveMemberCount(req);
  const sink = batchSink({ liveMembers, onPatch: store.emitSoon });
  const onBatch = (b: Batch) => {
    if (!current()) return;
    watchdog.beat();
    sink(b);
  };
  const { experiment, params, resume, members, rows } = req;
  const summary = await api.run({ experiment, params, resume, members, rows, liveMembers }, Comlink.proxy(onBatch));
  if (!current()) return;
  watchdog.stop();
  const after = await api.memory();
  if (!current()) return;
  end();
  store.flush();
  store.emit({
    status: "done",
    summary,
    tensors: before && after && { baseline: before.numTensors, after: after.numTensors },
  });
}
