import type { Params } from "../../sim/params.js";
import type { GridAxis } from "../../sim/sweep/grid.js";
import type { EnsembleStat, RunSummary, Sample, Snapshot } from "../../sim/types.js";
import { palette } from "../palette.js";

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

export const initial: LiveState = {
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
 * The live run's state and its listeners. Progress patches (`emitSoon`) are coalesced to one render
 * every `renderMs`: each render re-runs every chart cell that reads the state, so the page's main
 * thread gets long quiet gaps between them; `emit` announces at once, after any queued patch.
 */
export function createLiveStore({ renderMs }: { renderMs: number }) {
  let state = initial;
  const listeners = new Set<(s: LiveState) => void>();
  let queued: Partial<LiveState> | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const emit = (patch: Partial<LiveState>) => {
    state = { ...state, ...patch };
    for (const f of listeners) f(state);
  };
  const subscribe = (f: (s: LiveState) => void) => {
    listeners.add(f);
    f(state);
    return () => void listeners.delete(f);
  };
  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (!queued) return;
    const patch = queued;
    queued = null;
    emit(patch);
  };
  return {
    get state() {
      return state;
    },
    emit,
    flush,
    emitSoon(patch: Partial<LiveState>) {
      queued = { ...queued, ...patch };
      flushTimer ??= setTimeout(flush, renderMs);
    },
    subscribe,
    /**
     * One list of the state, announced only when it gains or loses entries: cells that show
     * snapshots or ensemble statistics then re-render a few times per run, not on every batch.
     */
    subscribeList<K extends "snapshots" | "ensembles">(key: K, f: (list: LiveState[K]) => void) {
      let count = -1;
      return subscribe((s) => {
        if (s[key].length === count) return;
        count = s[key].length;
        f(s[key]);
      });
    },
    /** One field of the state, announced only when it is replaced (the summary: at a run's start and end). */
    subscribeValue<K extends keyof LiveState>(key: K, f: (value: LiveState[K]) => void) {
      let last: LiveState[K] | undefined;
      let first = true;
      return subscribe((s) => {
        if (!first && s[key] === last) return;
        first = false;
        last = s[key];
        f(last);
      });
    },
    dispose() {
      clearTimeout(flushTimer);
      listeners.clear();
    },
  };
}
export type LiveStore = ReturnType<typeof createLiveStore>;

/** The current run kept as a pin labelled `label`, in the first free style; null without samples or a free style. */
export function pinOf(state: LiveState, label: string): Pin | null {
  if (!state.samples.length || !state.params || state.pins.length >= MAX_PINS) return null;
  const used = new Set(state.pins.map((p) => p.color));
  const style = PIN_STYLES.find((p) => !used.has(p.color))!;
  const id = Math.max(0, ...state.pins.map((p) => p.id)) + 1;
  return {
    id,
    label: `pin ${id}: ${label}`,
    ...style,
    params: state.params,
    backend: state.backend,
    samples: state.samples,
    summary: state.summary,
  };
}
