import type * as TF from "@tensorflow/tfjs-core";
import type { Params, Schema } from "./params.js";
import type { Activation } from "./models/twoLayer.js";

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

/**
 * A member's complete state at a step, before that step's update: weights, the state of the random
 * streams it draws from, and what its next samples depend on. Resuming from it on the js engine
 * continues the run exactly as it would have gone on.
 */
export interface Checkpoint {
  member: number;
  step: number;
  state: Record<string, unknown>;
}

/** Where a run's output goes. The run never schedules; a caller cancels by ending the thread it runs on. */
export interface Sink {
  sample?(s: Sample): void;
  snapshot?(s: Snapshot): void;
  progress?(p: { step: number; steps: number }): void;
  /** Statistics across the ensemble at a snapshot time (experiments with chains). */
  ensemble?(e: EnsembleStat): void;
  /** Every member's state at each multiple of RunOptions.checkpointEvery. */
  checkpoint?(c: Checkpoint): void;
}

export interface RunOptions {
  /** tfjs on the caller's backend; needed by the "tfjs" engine only. */
  tf?: Tf;
  /** Default: "tfjs" when tf is given, else "js". */
  engine?: EngineName;
  params: Params;
  /** Per-member overrides (seeds, chains' mini-batch seeds, a swept init scale…); default: `seeds` seeds from `seed`. */
  members?: Params[];
  sink: Sink;
  /** Ends the run early, after the step in progress (the CLI's Ctrl-C); the page ends its worker instead. */
  signal?: AbortSignal;
  /** Send every member's checkpoint at each multiple of this many steps (js engine). */
  checkpointEvery?: number;
  /** And at each of these steps (a page's branch points: a run's snapshot times, say). */
  checkpointAt?: number[];
  /** Continue from these checkpoints (one per member, all at `step`), with the run's params (js engine). */
  resume?: {
    step: number;
    states: Record<string, unknown>[];
    /** Each member's samples before `step` from the run that wrote the states: its summary covers them too. */
    history?: Sample[][];
  };
}

/**
 * What an experiment says of its ensembles: the parameter that counts its members ("seeds", or
 * "chains" for one initialization's mini-batch streams), those a member may hold a value of its own
 * for (one batched run of several values: a live sweep's first axis, `sweepable`, is one of them),
 * and the members a run of `params` has.
 */
export interface Ensemble {
  count: string;
  perMember: string[];
  sweepable: string;
  members(params: Params, given?: Params[]): Params[];
}

export interface Experiment {
  name: string;
  title: string;
  description: string;
  schema: Schema;
  run(options: RunOptions): Promise<RunSummary>;
  ensemble: Ensemble;
  /** Work units (multiply-adds, roughly) per member and step, for the cost estimate (app/runCost.ts). */
  workPerStep(params: Params): number;
  /** Where a page's precomputed run keeps its checkpoints, when not evenly (experiments/branchSteps.ts). */
  branchSteps?(params: Params): number[] | null;
  /**
   * The theory's values for `params`, computed from the data the run uses (never hard-coded): the
   * same as a run's `summary.theory`, known before it runs. Pages draw their live rules from these.
   */
  theory?(params: Params): Record<string, number | boolean | null>;
  /**
   * Defaults that depend on a choice param (the scalar vs matrix model, the data set), applied in
   * order under explicit values (experiments/baseParams.ts).
   */
  variants?: { param: string; defaults: Record<string, Params> }[];
}

/** A step's per-member losses: a tensor still on the device (tfjs engine) or plain numbers (js engine). */
export type LossValues = TF.Tensor | ArrayLike<number>;

/**
 * Which code computes a run: "tfjs" (ops on the backend the caller picked: WebGPU, WebGL, WASM,
 * CPU) or "js" (hand-written float64, its hot loops on the SIMD kernels of wasm/kernels.wat,
 * gradients fused into the forward passes). Both compute the same function; tests compare their
 * losses on the same seed.
 */
export type EngineName = "tfjs" | "js";

/** What a model factory needs: the engine, and tfjs when that engine is tfjs. */
export interface EngineChoice {
  engine: EngineName;
  tf?: Tf;
}

/** One two-layer net's weights: output a, input w and bias b, one entry per neuron. */
export interface TwoLayerWeights {
  a: Float64Array;
  w: Float64Array;
  b: Float64Array;
}

/** What every two-layer engine (js, tfjs, flow) builds its E members from: n points of d inputs, x row-major n × d (d = x.length / y.length), w m × d. */
export interface TwoLayerSetup {
  x: Float64Array;
  y: Float64Array;
  activation: Activation;
  lr: number;
  inits: TwoLayerWeights[];
}

/** E two-layer nets f(x) = Σ_k a_k σ(w_k x + b_k), trained together by full-batch GD on half-MSE. */
export interface TwoLayerModel {
  /** Every member's loss at the current weights; with `update`, then one GD step. */
  step(update: boolean): LossValues;
  /** Member j's current weights. */
  weights(): Promise<TwoLayerWeights[]>;
  dispose(): void;
}

/** E scale-invariant ReLU nets f(x) = Σ_k a_k relu(√m v_kᵀx/‖V‖) + b with weight decay on V and a (docs/phenomena/invariant-measure.md). */
export interface ScaleInvariantModel {
  /** Full-batch mean BCE, ‖∇f‖ (over V, a, b) and ‖V‖ per member, at the current weights. */
  evaluate(): Promise<{ loss: ArrayLike<number>; gradNorm: ArrayLike<number>; vNorm: ArrayLike<number> }>;
  /**
   * Per member, exponentially weighted over the steps taken so far: Σ_s decay^(t−1−s) ‖g_V(batch_s)‖²
   * and the same sum of angle(V_s, V_s+1). Divided by Σ_s decay^(t−1−s) they are means with a fixed
   * horizon 1/(1 − decay), the same at every sample (docs/phenomena/invariant-measure.md).
   */
  window(): Promise<{ gv2: ArrayLike<number>; angle: ArrayLike<number> }>;
  /** One step on rows `idx` (B per member, member-major; null: the full batch). Returns each member's batch loss before the step. */
  step(lr: number, idx: Int32Array | null): LossValues;
  /** V (E·m·p, row-major per member: p inputs, 3 for the toy) and a (E·m). */
  weights(): Promise<{ v: ArrayLike<number>; a: ArrayLike<number> }>;
  /** Everything a member's next steps depend on (the js engine): V, a, b and the window's sums. */
  memberState?(j: number): { V: number[]; a: number[]; b: number; gv2: number; angle: number };
  dispose(): void;
}

/** What every deep linear engine (js, tfjs, flow) builds its E members from: target, widths, inits, each member's η. */
export interface DeepLinearSetup {
  T: { T: Float64Array; rows: number; cols: number };
  dims: number[];
  inits: Float64Array[][][];
  lrs: number[];
}

/** E multi-pathway deep linear nets with whitened inputs, loss ½‖Σ_k Ω_k − T‖²_F (docs/phenomena/pathways.md). */
export interface DeepLinearModel {
  /** Every member's loss at the current weights, and Ω_k ([E, K, rows, cols]) when asked; with `update`, then one GD step. */
  step(options: { update: boolean; omegas: boolean }): { loss: LossValues; omegas?: Promise<ArrayLike<number>> };
  /** λ_max of each member's Hessian at the current weights: `iters` Lanczos steps from `start` ([E, N], member-major). */
  sharpness(options: { start: Float32Array; iters: number }): Promise<number[]>;
  /** Parameters per member. */
  readonly size: number;
  /** Each member's weights, [member][pathway][layer] (the js engines: what a checkpoint keeps). */
  weights?(): Promise<Float64Array[][][]>;
  dispose(): void;
}
