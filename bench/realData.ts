import { baseParams } from "../src/sim/experiments/baseParams.js";
import {
  batchStream,
  chainMembers,
  invariantMeasure,
  invariantMeasureData,
  invariantMeasureInit,
} from "../src/sim/experiments/invariantMeasure.js";
import { multistage, multistageData, multistageInit } from "../src/sim/experiments/multistage.js";
import { sampleSteps } from "../src/sim/metrics/schedule.js";
import type { Params } from "../src/sim/params.js";
import { lossAt, relDiff, type Run, type Workload } from "./workload.js";

/** Row-major n × d as nested lists, for the Python side. */
const nested = (x: ArrayLike<number>, rows: number, cols: number) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => x[i * cols + j]));

/**
 * (h) Multi-stage on the digits: 1 run × 1,500 full-batch steps at the data's own η. Per step two
 * products of m × n × (d + 1) (forward, and the input weights' gradient): 4·m·n·(d + 1) flops.
 */
function digitsMultistage(reps: number): Workload {
  const values = { data: "digits" };
  const params: Params = {
    ...baseParams({ experiment: multistage, values }),
    ...values,
    steps: 1500,
    snapshots: 0,
    seeds: 1,
  };
  const { x, y, d } = multistageData(params);
  const n = y.length,
    m = Number(params.width);
  const init = multistageInit({ width: m, seed: 0, initScale: Number(params.initScale), inputs: d });
  const record = [0, 50, 100, 150, 300, 1500];
  const config = (check: boolean) => ({
    X: nested(x, n, d),
    y: [...y],
    lr: Number(params.lr),
    steps: 1500,
    reps: check ? 1 : reps,
    record,
    runs: [{ a: [...init.a], w: nested(init.w, m, d), b: [...init.b] }],
  });
  return {
    name: "(h) multistage on the digits, 1 run × 1,500 full-batch steps",
    experiment: "multistage",
    params,
    members: [{ seed: 0, initScale: Number(params.initScale) }],
    page: null,
    checkParams: params,
    numpy: {
      script: "multistage_dense.py",
      config,
      compare: (py, ours: Run) => relDiff(lossAt(ours, 0, record), py.losses[0]),
    },
    jax: { script: "multistage_dense.py", args: ["--jax"] },
    flops: 4 * m * n * (d + 1) * 1500,
  };
}

/**
 * (j) Invariant measure on MNIST (2,000 images): 16 chains × 2,000 SGD steps of batch 128, with the
 * full-batch evaluations of our run's sample steps on both sides. Per chain and step 4·B·m·p flops
 * (the two products of the layer), per evaluation 4·n·m·p.
 */
function mnistInvariant(reps: number): Workload {
  const values = { data: "mnist" };
  const params: Params = { ...baseParams({ experiment: invariantMeasure, values }), ...values, steps: 2000 };
  const { X, y, p } = invariantMeasureData(params);
  const n = y.length,
    m = Number(params.width),
    B = Number(params.batch);
  const chains = chainMembers(params);
  const init = chains.map((c) => invariantMeasureInit({ width: m, initSeed: Number(c.initSeed), inputs: p }));
  const samples = sampleSteps({ steps: 2000, dense: 10, perDecade: 20, every: 250 });
  const checkSteps = 100;
  const checkRecord = [0, 1, 5, 10, 100];
  const idx = () => {
    const streams = chains.map((c) => batchStream({ batchSeed: Number(c.batchSeed), n, batch: B }));
    return Array.from({ length: checkSteps }, () => streams.map((s) => Array.from(s())));
  };
  const config = (check: boolean) => ({
    lr: Number(params.lr),
    wd: Number(params.weightDecay),
    batch: B,
    steps: check ? checkSteps : 2000,
    reps: check ? 1 : reps,
    X: nested(X, n, p),
    y: [...y],
    V: init.map(({ V }) => nested(V, m, p)),
    a: init.map(({ a }) => [...a]),
    idx: check ? idx() : null,
    record: check ? checkRecord : samples,
  });
  return {
    name: "(j) invariant measure on MNIST (2,000 images), 16 chains × 2,000 SGD steps of batch 128",
    experiment: "invariant-measure",
    params,
    page: null,
    checkParams: { ...params, steps: checkSteps },
    numpy: {
      script: "invariant_measure.py",
      config,
      compare: (py, ours: Run) =>
        Math.max(
          ...chains.map((_, j) =>
            relDiff(
              lossAt(ours, j, checkRecord),
              py.losses.map((l: number[]) => l[j]),
            ),
          ),
        ),
    },
    jax: { script: "invariant_measure_jax.py" },
    flops: chains.length * 4 * m * p * (2000 * B + samples.length * n),
  };
}

/** The real-data workloads, (h) and (j) ((i) lives with the pathways workloads it extends). */
export function realDataWorkloads({ reps, only }: { reps: number; only: string }): Workload[] {
  return [
    ...(!only || only === "h" ? [digitsMultistage(reps)] : []),
    ...(!only || only === "j" ? [mnistInvariant(reps)] : []),
  ];
}
