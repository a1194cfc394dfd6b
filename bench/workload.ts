import type { collectRun } from "../node/collect.js";
import type { Params, Schema } from "../src/sim/params.js";

export type Run = Awaited<ReturnType<typeof collectRun>>;

/** One bench workload: our run, its page link, and its Python baselines. */
export interface Workload {
  name: string;
  experiment: string;
  params: Params;
  /** The same workload as a page link (path and params; the backend is added per row); null where the page does not run it. */
  page: { path: string; schema: Schema; params: Params; note?: string } | null;
  members?: Params[];
  /** numpy config for a timing run and for a short equality check (same init; fixed batches where random). */
  numpy: {
    script: string;
    config: (check: boolean) => object;
    compare: (py: any, ours: Run) => number;
  };
  /** The JAX (jit, float64) baseline, where one exists: a script taking the numpy config. */
  jax?: { script: string; args?: string[] };
  /** Floating-point operations of one timed run (its matrix products), for GFLOP/s; null where not counted. */
  flops?: number;
  checkParams: Params;
}

export const lossAt = (run: Awaited<ReturnType<typeof collectRun>>, member: number, steps: number[]) =>
  steps.map((t) => run.samples.find((s) => s.member === member && s.step === t)!.loss);
export const relDiff = (a: number[], b: number[]) =>
  Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.max(Math.abs(b[i]), 1e-12)));
