import * as Comlink from "comlink";
import type { Batch, TrainApi, WasmUrls } from "../workers/trainCore.js";
import { createSampleBudget, liveBudgets } from "../sim/metrics/sampleBudget.js";
import { memberCount } from "../sim/experiments/members.js";
import { experimentNamed } from "../sim/experiments/index.js";
import type { BackendChoice } from "../workers/backendChoices.js";
import type { Params } from "../sim/params.js";
import type { SweepRow } from "../sim/sweep/members.js";
import type { GridAxis } from "../sim/sweep/grid.js";
import { chooseFastest, autoCacheKey } from "../sim/engineChoice.js";
import { planEngine, siteStorage } from "./enginePlan.js";
import { palette } from "./palette.js";
import type { EnsembleStat, RunOptions, RunSummary, Sample, Snapshot } from "../sim/types.js";

/** Checkpoints a live run continues from (all members at one step). */
type Resume = NonNullable<RunOptions["resume"]>;

/** A finished or stopped run kept for comparison: drawn over every time chart until removed. */
export interface Pin {
  id: number;
  label: string;
  color: string;
  dash: string;
  params: Params;
  backend: string | null;
  samples: Sample[];
  summary: RunSummary | null;
}

/** Pin styles: colour and dash both differ, so pins stay apart without colour vision (Okabe–Ito). */
const PIN_STYLES = [
  { color: palette.flow, dash: "6,3" },
  { color: palette.marker, dash: "2,2" },
  { color: palette.descent, dash: "8,3,2,3" },
  { color: palette.theory, dash: "1,3" },
  { color: palette.plateau, dash: "10,4" },
  { color: "currentColor", dash: "4,2,1,2" },
];
export const MAX_PINS = PIN_STYLES.length;

export interface LiveState {
  status: "idle" | "starting" | "running" | "done" | "stopped" | "error";
  runId: number;
  params: Params | null;
  backend: string | null;
  skipped: string[];
  step: number;
  steps: number;
  stepsPerSecond: number | null;
  etaSeconds: number | null;
  samples: Sample[];
  snapshots: Snapshot[];
  ensembles: EnsembleStat[];
  /** How auto chose the engine ("auto: js 2,900 steps/s, webgpu 610 steps/s: using js"), or null. */
  choice: string | null;
  /** That choice was reused from an earlier measurement (the page offers to measure again). */
  choiceCached: boolean;
  /** Whether the page holds only part of the run's samples (metrics/sampleBudget.ts). */
  thinned: boolean;
  summary: RunSummary | null;
  error: string | null;
  /** The axes of the sweep this run is (sim/sweep/grid.ts), or null for a single run. */
  sweep: GridAxis[] | null;
  /** The step a branch continues from (its checkpoints'), or null for a run from the start. */
  from: number | null;
  pins: Pin[];
  /** tfjs tensors in the worker after init and after the run (equal when nothing leaked); null on js. */
  tensors: { baseline: number; after: number | null } | null;
}

const initial: LiveState = {
  status: "idle",
  runId: 0,
  params: null,
  backend: null,
  skipped: [],
  step: 0,
  steps: 0,
  stepsPerSecond: null,
  etaSeconds: null,
  samples: [],
  snapshots: [],
  ensembles: [],
  thinned: false,
  choice: null,
  choiceCached: false,
  summary: null,
  error: null,
  sweep: null,
  from: null,
  pins: [],
  tensors: null,
};

/**
 * Owns at most one training worker. Starting a run (debounced) terminates the previous worker:
 * cancellation is termination, so nothing of an old run can leak into a new one. Results already
 * on screen stay until the new run's first samples arrive, and stay after a stop or an error.
 */
export function createLiveRunner({
  createWorker,
  wasmUrls,
  debounceMs = 150,
  renderMs = 300,
  stallMs = 15_000,
}: {
  /** A training worker: with TensorFlow.js, or the js engine alone (no tfjs downloaded). */
  createWorker: (options: { tfjs: boolean }) => Worker;
  wasmUrls: WasmUrls;
  debounceMs?: number;
  renderMs?: number;
  stallMs?: number;
}) {
  let state = initial;
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(s: LiveState) => void>();
  const emit = (patch: Partial<LiveState>) => {
    state = { ...state, ...patch };
    for (const f of listeners) f(state);
  };
  const kill = () => (worker?.terminate(), (worker = null));
  // Progress patches are coalesced to one render every `renderMs`: each render re-runs every chart
  // cell that reads the state, so the page's main thread gets long quiet gaps between them.
  let queued: Partial<LiveState> | null = null,
    flushTimer: ReturnType<typeof setTimeout> | undefined;
  const emitSoon = (patch: Partial<LiveState>) => {
    queued = { ...queued, ...patch };
    flushTimer ??= setTimeout(flushQueued, renderMs);
  };
  const flushQueued = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (queued) {
      const patch = queued;
      queued = null;
      emit(patch);
    }
  };

  let launches = 0;
  async function launch(
    experiment: string,
    params: Params,
    backend: BackendChoice,
    resume?: Resume,
    members?: Params[],
    rows?: SweepRow[],
    sweep: GridAxis[] | null = null,
  ) {
    kill();
    flushQueued(); // the old run's last progress, before the new run's state
    const token = ++launches;
    const plan = await planEngine({ experiment, params, backend });
    if (token !== launches) return; // a newer start came while the plan was made
    const runId = state.runId + 1;
    const w = (worker = createWorker({ tfjs: plan.tfjs }));
    const current = () => worker === w;
    // A worker that dies silently (closed, killed for memory) sends nothing more and fires no
    // event. A watchdog calls the run dead after a silence of `stallMs`, or of 10× the longest gap
    // between batches so far when that is longer: a slow backend (a software GPU computing a
    // sharpness) is slow steadily, and a dead worker stops at once. Armed at the first batch.
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let lastBeat = 0,
      longestGap = 0;
    const alive = () => {
      const now = performance.now();
      if (lastBeat) longestGap = Math.max(longestGap, now - lastBeat);
      lastBeat = now;
      const limit = Math.max(stallMs, 10 * longestGap);
      clearTimeout(watchdog);
      watchdog = setTimeout(
        () => fail(`the worker stopped responding (no progress for ${Math.round(limit / 1000)} s)`),
        limit,
      );
    };
    const fail = (message: string) =>
      current() && (clearTimeout(watchdog), kill(), flushQueued(), emit({ status: "error", error: message }));
    w.addEventListener(
      "error",
      (e) => (e.preventDefault(), fail(`the worker crashed: ${e.message || "unknown error"}`)),
    );
    emit({
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
    });
    try {
      const api = Comlink.wrap<TrainApi>(w);
      let start: BackendChoice = plan.backend,
        note = plan.note;
      if (plan.calibrate) {
        // auto with a hardware GPU: measure each candidate on this workload, keep the fastest.
        const measured = await api.calibrate({ experiment, params, candidates: plan.calibrate, wasmUrls });
        if (!current()) return;
        const choice = chooseFastest({ measured });
        (start = choice.engine as BackendChoice), (note = `auto: ${choice.note}`);
        try {
          siteStorage()?.setItem(plan.key!, choice.engine);
        } catch {} // full or blocked: the verdict is simply not kept
      }
      const chosen = await api.init({ backend: start, wasmUrls });
      if (!current()) return;
      const before = await api.memory();
      if (!current()) return;
      emit({
        status: "running",
        backend: chosen.backend,
        skipped: [...plan.skipped, ...chosen.skipped],
        choice: note,
        choiceCached: plan.cached,
        tensors: before && { baseline: before.numTensors, after: null },
      });
      lastBeat = performance.now(); // the gap to the first batch counts; the watchdog arms there
      const t0 = performance.now();
      // Bounded whatever the run: the worker sends what these budgets keep (workers/trainCore.ts),
      // sized by the member count so that 256 chains hold no more than 64 seeds do.
      const liveMembers = rows
        ? rows.reduce((n, row) => n + row.members.length, 0)
        : (members?.length ??
          resume?.states.length ??
          memberCount({ experiment: experimentNamed(experiment), params }));
      const budgets = liveBudgets({ members: liveMembers });
      const samples = createSampleBudget<Sample>(budgets.samples),
        ensembles = createSampleBudget<EnsembleStat>(budgets.ensembles),
        snapshots = createSampleBudget<Snapshot>(budgets.snapshots);
      const onBatch = (b: Batch) => {
        if (!current()) return;
        alive();
        // One at a time: spreading a large batch into push() overflows the call stack.
        b.samples.forEach((s, i) => samples.add(s, b.sampleIndex[i]));
        b.ensembles.forEach((e, i) => ensembles.add(e, b.ensembleIndex[i]));
        b.snapshots.forEach((s, i) => snapshots.add(s, b.snapshotIndex[i]));
        const rate = b.step / ((performance.now() - t0) / 1000);
        emitSoon({
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
      const summary = await api.run({ experiment, params, resume, members, rows, liveMembers }, Comlink.proxy(onBatch));
      if (!current()) return;
      clearTimeout(watchdog);
      const after = await api.memory();
      if (!current()) return;
      kill();
      flushQueued();
      emit({
        status: "done",
        summary,
        tensors: before && after && { baseline: before.numTensors, after: after.numTensors },
      });
    } catch (error) {
      fail(String((error as Error)?.message ?? error));
    } finally {
      if (!current()) clearTimeout(watchdog);
    }
  }

  return {
    /** Start a run (debounced); with `resume`, from those checkpoints (a branch, on the js engine). */
    start({
      experiment,
      params,
      backend = "auto",
      resume,
      members,
      rows,
      sweep,
    }: {
      experiment: string;
      params: Params;
      backend?: BackendChoice;
      resume?: Resume;
      /** The ensemble's members (a live sweep); default: the params' seeds or chains. */
      members?: Params[];
      /** A sweep's ensembles, run one after another (sim/sweep/members.ts), in place of `members`. */
      rows?: SweepRow[];
      /** The axes `rows` were planned from, for the charts. */
      sweep?: GridAxis[];
    }) {
      clearTimeout(timer);
      timer = setTimeout(
        () => launch(experiment, params, resume ? "js" : backend, resume, members, rows, sweep),
        debounceMs,
      );
    },
    /** Forget auto's verdict for runs of this size, and measure again with the same settings. */
    remeasure({ experiment, params }: { experiment: string; params: Params }) {
      try {
        siteStorage()?.removeItem(autoCacheKey({ experiment, params }));
      } catch {}
      this.start({ experiment, params, backend: "auto" });
    },
    stop() {
      clearTimeout(timer);
      launches++; // a run whose engine is still being planned does not start
      if (worker) kill(), flushQueued(), emit({ status: "stopped" });
    },
    subscribe(f: (s: LiveState) => void) {
      listeners.add(f);
      f(state);
      return () => void listeners.delete(f);
    },
    /**
     * One list of the state, announced only when it gains or loses entries: cells that show
     * snapshots or ensemble statistics then re-render a few times per run, not on every batch.
     */
    subscribeList<K extends "snapshots" | "ensembles">(key: K, f: (list: LiveState[K]) => void) {
      let count = -1;
      return this.subscribe((s) => s[key].length !== count && f(((count = s[key].length), s[key])));
    },
    /**
     * Keep the current run's samples as a pin labelled `label`. Refuses (returns null) without
     * samples or when all pin styles are taken: remove a pin first.
     */
    pin({ label }: { label: string }): Pin | null {
      flushQueued();
      if (!state.samples.length || !state.params || state.pins.length >= MAX_PINS) return null;
      const used = new Set(state.pins.map((p) => p.color));
      const style = PIN_STYLES.find((p) => !used.has(p.color))!;
      const id = Math.max(0, ...state.pins.map((p) => p.id)) + 1;
      const pin: Pin = {
        id,
        label: `pin ${id}: ${label}`,
        ...style,
        params: state.params,
        backend: state.backend,
        samples: state.samples,
        summary: state.summary,
      };
      emit({ pins: [...state.pins, pin] });
      return pin;
    },
    unpin(id: number) {
      emit({ pins: state.pins.filter((p) => p.id !== id) });
    },
    /** One field of the state, announced only when it is replaced (the summary: at a run's start and end). */
    subscribeValue<K extends keyof LiveState>(key: K, f: (value: LiveState[K]) => void) {
      let last: LiveState[K] | undefined,
        first = true;
      return this.subscribe((s) => (first || s[key] !== last) && ((first = false), f((last = s[key]))));
    },
    dispose() {
      clearTimeout(timer);
      clearTimeout(flushTimer);
      kill();
      listeners.clear();
    },
    get state() {
      return state;
    },
    /** How many workers this runner holds (0 or 1), for tests. */
    get workers() {
      return worker ? 1 : 0;
    },
  };
}
export type LiveRunner = ReturnType<typeof createLiveRunner>;
