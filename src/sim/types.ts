import type * as TF from "@tensorflow/tfjs-core";
import type { Params, Schema } from "./params.js";
import type { EngineName } from "./engines/models.js";

/** The tfjs namespace the caller hands in: it picks the backend, the experiment never does. */
export type Tf = typeof TF;

/** One member at one sampled step. Metric fields beyond step and loss depend on the experiment. */
export interface Sample {
  member: number;
  step: number;
  loss: number;
  [metric: string]: number | (number | null)[] | null;
}

/** Large per-member arrays at chosen times only (per-neuron weights, say). */
export interface Snapshot {
  member: number;
  step: number;
  [field: string]: number | number[];
}

export interface EnsembleStat {
  step: number;
  [field: string]: number | number[] | null;
}

export interface MemberSummary {
  member: number;
  diverged: boolean;
  divergedAt: number | null;
  [field: string]: unknown;
}

export interface RunSummary {
  members: MemberSummary[];
  theory: Record<string, unknown>;
}

/** Where a run's output goes. The run never schedules; the caller's sink may ask it to stop. */
export interface Sink {
  sample?(s: Sample): void;
  snapshot?(s: Snapshot): void;
  progress?(p: { step: number; steps: number }): void;
  /** Statistics across the ensemble at a snapshot time (experiments with chains). */
  ensemble?(e: EnsembleStat): void;
  shouldStop?(): boolean;
}

export interface RunOptions {
  /** tfjs on the caller's backend; needed by the "tfjs" engine only. */
  tf?: Tf;
  /** Default: "tfjs" when tf is given, else "js" (engines/models.ts). */
  engine?: EngineName;
  params: Params;
  /** Per-member overrides of the experiment's `memberKeys` (seeds, a swept init scale…); default: `seeds` seeds from `seed`. */
  members?: Params[];
  sink: Sink;
}

export interface Experiment {
  name: string;
  title: string;
  description: string;
  schema: Schema;
  /** Params that may differ between the E members of one batched run. */
  memberKeys: readonly string[];
  run(options: RunOptions): Promise<RunSummary>;
  /** Defaults that depend on one choice param (e.g. the scalar vs matrix model), applied under explicit values. */
  variants?: { param: string; defaults: Record<string, Params> };
}
