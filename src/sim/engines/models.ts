import type { LossValues } from "../experiments/lossRecorder.js";
import type { Tf } from "../types.js";

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

export function needTf({ engine, tf }: EngineChoice): Tf {
  if (!tf) throw new Error(`engine ${engine} needs tfjs`);
  return tf;
}

/** E two-layer nets f(x) = Σ_k a_k σ(w_k x + b_k), trained together by full-batch GD on half-MSE. */
export interface TwoLayerModel {
  /** Every member's loss at the current weights; with `update`, then one GD step. */
  step(update: boolean): LossValues;
  /** Member j's current weights. */
  weights(): Promise<{ a: Float64Array; w: Float64Array; b: Float64Array }[]>;
  dispose(): void;
}

/** E scale-invariant ReLU nets f(x) = Σ_k a_k relu(√m v_kᵀx/‖V‖) + b with weight decay on V and a (invariant-measure.md). */
export interface ScaleInvariantModel {
  /** Full-batch mean BCE, ‖∇f‖ (over V, a, b) and ‖V‖ per member, at the current weights. */
  evaluate(): Promise<{ loss: ArrayLike<number>; gradNorm: ArrayLike<number>; vNorm: ArrayLike<number> }>;
  /** Per member, since the last reset: Σ ‖g_V(batch)‖² and Σ angle(V_t, V_t+1). */
  window(): Promise<{ gv2: ArrayLike<number>; angle: ArrayLike<number> }>;
  resetWindow(): void;
  /** One step on rows `idx` (B per member, member-major; null: the full batch). Returns each member's batch loss before the step. */
  step(lr: number, idx: Int32Array | null): LossValues;
  /** V (E·m·3, row-major per member) and a (E·m). */
  weights(): Promise<{ v: ArrayLike<number>; a: ArrayLike<number> }>;
  dispose(): void;
}

/** E multi-pathway deep linear nets with whitened inputs, loss ½‖Σ_k Ω_k − T‖²_F (pathways.md). */
export interface DeepLinearModel {
  /** Every member's loss at the current weights, and Ω_k ([E, K, rows, cols]) when asked; with `update`, then one GD step. */
  step(options: { update: boolean; omegas: boolean }): { loss: LossValues; omegas?: Promise<ArrayLike<number>> };
  /** λ_max of each member's Hessian at the current weights: `iters` Lanczos steps from `start` ([E, N], member-major). */
  sharpness(options: { start: Float32Array; iters: number }): Promise<number[]>;
  /** Parameters per member. */
  readonly size: number;
  dispose(): void;
}
