import { createRng, type RngState } from "../rng.js";
import { seedSpec, type Params, type Schema } from "../params.js";
import type { Experiment, RunOptions, RunSummary } from "../types.js";
import { makeClassData } from "../models/scaleInvariantNet.js";
import { DATA_SETS, type DataSetName, withBias } from "../data/labelledSet.js";
import { binaryTask, dataSpec, realSubset, trainSizeSpec } from "../data/realData.js";
import { invariantMeasureTheory } from "../theory/invariantMeasure.js";
import { sampleSteps } from "../metrics/schedule.js";
import { wasserstein1 } from "../metrics/w1.js";
import { displacementAndSpread } from "../metrics/ensemble.js";
import { createLossRecorder } from "./lossRecorder.js";
import { trainLoop } from "./trainLoop.js";
import { checkpointPlan } from "./checkpoints.js";
import { needTf } from "../engines/needTf.js";
import { createScaleInvariantJs } from "../engines/scaleInvariantJs.js";
import { createScaleInvariantTf } from "../engines/scaleInvariantTf.js";

/** Weights never converge, their distribution does (Zhang et al., ICML 2022; docs/phenomena/invariant-measure.md). */
export const invariantMeasureSchema: Schema = [
  {
    name: "width",
    state: true,
    group: "model",
    more: true,
    label: "Width m",
    kind: "number",
    default: 32,
    min: 1,
    max: 1024,
    integer: true,
    unit: "neurons",
  },
  {
    name: "points",
    state: true,
    group: "data",
    more: true,
    label: "Points n",
    kind: "number",
    default: 1000,
    min: 2,
    max: 20000,
    integer: true,
  },
  dataSpec("synthetic: two overlapping Gaussian classes in 2-D; digits, mnist: the digits 5–9 against 0–4"),
  trainSizeSpec(1797),
  {
    name: "batch",
    group: "data",
    label: "Batch size",
    kind: "number",
    default: 32,
    min: 1,
    max: 20000,
    integer: true,
    help: "sampled with replacement",
  },
  {
    name: "lr",
    group: "optimizer",
    label: "Learning rate η",
    kind: "number",
    default: 0.2,
    min: 1e-4,
    max: 100,
    log: true,
  },
  {
    name: "weightDecay",
    group: "optimizer",
    label: "Weight decay λ",
    kind: "number",
    default: 5e-3,
    min: 0,
    max: 1,
    help: "on V and a, not b",
  },
  {
    name: "steps",
    sampling: true,
    group: "optimizer",
    label: "Steps",
    kind: "number",
    default: 10000,
    min: 1,
    max: 200000,
    integer: true,
    log: true,
  },
  {
    name: "fullBatch",
    group: "optimizer",
    label: "Full-batch GD",
    kind: "boolean",
    default: false,
    help: "no mini-batch noise (control C1 with λ = 0)",
  },
  {
    name: "lrDecayAt",
    group: "optimizer",
    more: true,
    label: "LR decay at step",
    kind: "number",
    default: 0,
    min: 0,
    max: 200000,
    integer: true,
    help: "0: never",
  },
  {
    name: "lrDecayFactor",
    group: "optimizer",
    more: true,
    label: "LR decay factor",
    kind: "number",
    default: 0.1,
    min: 1e-4,
    max: 1,
    log: true,
  },
  {
    name: "chains",
    sampling: true,
    group: "run",
    label: "Chains",
    kind: "number",
    default: 1,
    min: 1,
    max: 256,
    integer: true,
    help: "same init, different mini-batch seeds",
  },
  seedSpec({ help: "init and mini-batch seeds derive from it" }),
  {
    name: "dataSeed",
    state: true,
    group: "data",
    more: true,
    label: "Data seed",
    kind: "number",
    default: 2022,
    min: 0,
    max: 2 ** 31 - 1,
    integer: true,
  },
  {
    name: "snapshotEvery",
    sampling: true,
    group: "run",
    more: true,
    label: "Ensemble snapshot every",
    kind: "number",
    default: 250,
    min: 1,
    max: 200000,
    integer: true,
    unit: "steps",
  },
];

/**
 * Horizon, in steps, of the averages behind eqRatio, angle and batchGradNorm: an exponential
 * average over about the last 250 steps, the same at every sample whatever the sampling grid.
 */
export const WINDOW_HORIZON = 250;

/**
 * A chain's initial weights: V ~ N(0, 1) (m × p, row-major; p = 3 inputs on the toy), then
 * a ~ N(0, 1/m); b = 0 (docs/phenomena/invariant-measure.md).
 */
export function invariantMeasureInit({
  width,
  initSeed,
  inputs = 3,
}: {
  width: number;
  initSeed: number;
  inputs?: number;
}) {
  const r = createRng({ seed: initSeed });
  const V = Float64Array.from({ length: width * inputs }, () => r.normal());
  const a = Float64Array.from({ length: width }, () => r.normal() / Math.sqrt(width));
  return { V, a };
}

/** The mini-batch rows of one chain's steps: B draws with replacement per step from its own stream. */
export function batchStream({
  batchSeed,
  n,
  batch,
  state,
}: {
  batchSeed: number;
  n: number;
  batch: number;
  state?: RngState;
}) {
  const rng = createRng({ seed: batchSeed >>> 0, state });
  // The stream's state travels with a checkpoint, so a resumed chain draws the same mini-batches.
  return Object.assign(() => Int32Array.from({ length: batch }, () => rng.int(n)), { state: () => rng.state() });
}

/**
 * The rows these params train on, each ending in a constant 1: the toy's two Gaussian classes, or
 * real data's scalar task (docs/data.md), y ∈ {0, 1}.
 */
export function invariantMeasureData(params: Params): { X: Float64Array; y: Float64Array; p: number } {
  if ((params.data ?? "synthetic") === "synthetic")
    return { ...makeClassData({ n: Number(params.points), seed: Number(params.dataSeed) }), p: 3 };
  const { x, y, n, d } = binaryTask(realSubset(params));
  return { X: withBias(x, n, d), y, p: d + 1 };
}

/** Chain j: init from `initSeed` (default: seed), mini-batches from `batchSeed` (default: a stream of its own per chain). */
export function chainMembers(params: Params, given?: Params[]): Params[] {
  const seed = Number(params.seed);
  const list =
    given ??
    Array.from({ length: Number(params.chains) }, (_, j) => ({ batchSeed: (seed * 7919 + 1_000_003 * (j + 1)) >>> 0 }));
  return list.map((m) => ({ ...params, initSeed: seed, ...m }));
}

/** A chain's trace of the window means, for its summary. */
interface TracePoint {
  step: number;
  vNorm: number;
  gradNorm: number;
  batchGradNorm: number | null;
  eqRatio: number | null;
  angle: number | null;
}

/** Each chain's trace so far: a resumed run's summary covers the whole run, the source's samples before the checkpoint first. */
function resumedTrace({ resume, members }: { resume: RunOptions["resume"]; members: number }): TracePoint[][] {
  const trace: TracePoint[][] = Array.from({ length: members }, () => []);
  resume?.history?.forEach((list, j) => {
    for (const s of list)
      if (trace[j] && s.step < resume.step)
        trace[j].push({
          step: s.step,
          vNorm: s.vNorm as number,
          gradNorm: s.gradNorm as number,
          batchGradNorm: s.batchGradNorm as number | null,
          eqRatio: s.eqRatio as number | null,
          angle: s.angle as number | null,
        });
  });
  return trace;
}

/**
 * A chain's window means (the engine's weighted sums over `weightSum`): √(mean ‖g_V(batch)‖²), whose
 * equilibrium scales as (λ/η)^{1/4} unlike the full-batch ‖∇f‖; the equilibrium ratio
 * 2λ‖V‖² / (η · E‖g_V(batch)‖²); and the mean angle per step, all with the same fixed horizon.
 */
function windowMeans(w: {
  gv2: number;
  angle: number;
  weightSum: number;
  lr: number;
  weightDecay: number;
  vNorm: number;
}) {
  const { gv2, weightSum } = w;
  return {
    batchGradNorm: weightSum > 0 ? Math.sqrt(gv2 / weightSum) : null,
    eqRatio: weightSum > 0 && gv2 > 0 ? (2 * w.weightDecay * w.vNorm ** 2) / (w.lr * (gv2 / weightSum)) : null,
    angle: weightSum > 0 ? w.angle / weightSum : null,
  };
}

/**
 * The ensemble's statistics at a snapshot: each chain's displacement since the last snapshot and the
 * spread between chains in θ̂ = (V/‖V‖, a) (the scale of V is invisible to the network, so distances
 * ignore it), and the W1 distance between the distributions of ‖V‖ and of the loss at consecutive snapshots.
 */
function createEnsembleStats({ width: m, members: E, inputs: p }: { width: number; members: number; inputs: number }) {
  let prevPoints: Float64Array[] | null = null;
  let prevV: number[] | null = null;
  let prevL: number[] | null = null;
  return ({
    step,
    weights: { v, a },
    vNorm,
    loss,
  }: {
    step: number;
    weights: { v: ArrayLike<number>; a: ArrayLike<number> };
    vNorm: ArrayLike<number>;
    loss: ArrayLike<number>;
  }) => {
    const points = Array.from({ length: E }, (_, j) => {
      const point = new Float64Array(m * (p + 1));
      for (let i = 0; i < m * p; i++) point[i] = v[j * m * p + i] / vNorm[j];
      for (let k = 0; k < m; k++) point[m * p + k] = a[j * m + k];
      return point;
    });
    const vs = Array.from(vNorm);
    const ls = Array.from(loss);
    const { displacement, spread } = displacementAndSpread({ prev: prevPoints, cur: points });
    const stat = {
      step,
      w1VNorm: prevV ? wasserstein1({ a: vs, b: prevV }) : null,
      w1Loss: prevL ? wasserstein1({ a: ls, b: prevL }) : null,
      displacement,
      spread,
      vNorm: vs,
      loss: ls,
    };
    [prevPoints, prevV, prevL] = [points, vs, ls];
    return stat;
  };
}

/** The equilibrium theory for these settings: the angle √(2ηλ), the time scale 1/(2ηλ), a decay's factors. */
function theoryOf(params: Params) {
  const decayed = Number(params.lrDecayAt) > 0;
  return invariantMeasureTheory({
    lr: Number(params.lr),
    weightDecay: Number(params.weightDecay),
    lrDecayFactor: decayed ? Number(params.lrDecayFactor) : 1,
  });
}

async function run({
  tf,
  engine = tf ? "tfjs" : "js",
  params,
  members: given,
  sink,
  signal,
  checkpointEvery = 0,
  checkpointAt,
  resume,
}: RunOptions): Promise<RunSummary> {
  const all = chainMembers(params, given);
  const E = all.length;
  const checkpoints = checkpointPlan({ resume, members: E, engine, every: checkpointEvery, at: checkpointAt });
  const saved = checkpoints.saved;
  const { X, y, p } = invariantMeasureData(params);
  const m = Number(params.width),
    n = y.length,
    steps = Number(params.steps);
  const B = params.fullBatch ? n : Number(params.batch);
  const lr0 = Number(params.lr),
    decayAt = Number(params.lrDecayAt),
    factor = Number(params.lrDecayFactor);
  const inits =
    saved?.map((st) => ({
      V: Float64Array.from(st.V as number[]),
      a: Float64Array.from(st.a as number[]),
      b: Number(st.b),
    })) ?? all.map((c) => invariantMeasureInit({ width: m, initSeed: Number(c.initSeed), inputs: p }));
  if (inits[0].V.length !== m * p)
    throw new RangeError(`resume: the checkpoint's V has ${inits[0].V.length} entries, not m·p = ${m * p}`);
  const weightDecay = all.map((p) => Number(p.weightDecay));
  const decay = 1 - 1 / WINDOW_HORIZON;
  const model =
    engine === "js"
      ? createScaleInvariantJs({
          X,
          y,
          inits,
          weightDecay,
          decay,
          window0: saved?.map((s) => ({ gv2: Number(s.gv2), angle: Number(s.angle) })),
        })
      : createScaleInvariantTf({ tf: needTf({ engine, tf }), X, y, inits, weightDecay, decay });
  const batches = all.map((p, j) =>
    batchStream({
      batchSeed: Number(p.batchSeed ?? 0),
      n,
      batch: B,
      state: saved?.[j].batches as RngState | undefined,
    }),
  );
  // Σ_s decay^(t−1−s) over the steps taken: divides the engine's weighted sums into means.
  let weightSum = saved ? Number(saved[0].weightSum) : 0;

  const sampleAt = new Set(sampleSteps({ steps, dense: 10, perDecade: 20, every: 250 }));
  const snapEvery = Number(params.snapshotEvery);
  const losses = createLossRecorder({ tf, members: E, steps });
  saved?.forEach((s, j) => {
    if (typeof s.loss0 === "number") losses.history[j][0] = s.loss0;
  });
  const theory = theoryOf(params);
  const trace = resumedTrace({ resume, members: E });
  const ensembleStat = createEnsembleStats({ width: m, members: E, inputs: p });
  const idx = params.fullBatch ? null : new Int32Array(E * B);

  await trainLoop({
    steps,
    losses,
    model,
    sink,
    signal,
    start: resume?.step ?? 0,
    async step(t) {
      const lr = decayAt > 0 && t >= decayAt ? lr0 * factor : lr0;
      if (checkpoints.due(t))
        for (let j = 0; j < E; j++) {
          if (!losses.alive(j)) continue;
          const state = {
            ...model.memberState!(j),
            batches: batches[j].state(),
            weightSum,
            loss0: losses.history[j][0],
          };
          sink.checkpoint?.({ member: j, step: t, state });
        }
      const sampling = sampleAt.has(t),
        snapping = E > 1 && t % snapEvery === 0;
      if (sampling || snapping) await losses.flush();
      if (sampling || snapping) {
        const [{ loss, gradNorm, vNorm }, { gv2, angle: ang }] = await Promise.all([model.evaluate(), model.window()]);
        if (sampling) {
          for (let j = 0; j < E; j++) {
            if (!losses.alive(j)) continue;
            const window = { gv2: gv2[j], angle: ang[j], weightSum };
            const at = { lr, weightDecay: weightDecay[j], vNorm: vNorm[j] };
            const { batchGradNorm, eqRatio, angle } = windowMeans({ ...window, ...at });
            // A chain is its mini-batch stream: every chain shares the init seed.
            const chain = { member: j, batchSeed: Number(all[j].batchSeed), weightDecay: weightDecay[j] };
            const sample = {
              step: t,
              loss: loss[j],
              gradNorm: gradNorm[j],
              batchGradNorm,
              vNorm: vNorm[j],
              eqRatio,
              angle,
            };
            sink.sample?.({ ...chain, ...sample, lr });
            trace[j].push({ step: t, vNorm: vNorm[j], gradNorm: gradNorm[j], batchGradNorm, eqRatio, angle });
          }
        }
        if (snapping) {
          const stat = ensembleStat({ step: t, weights: await model.weights(), vNorm, loss });
          sink.ensemble?.(stat);
        }
      }
      if (t < steps) {
        if (idx) for (let j = 0; j < E; j++) idx.set(batches[j](), j * B);
        // The recorder keeps the mini-batch loss of every step, for divergence.
        losses.push(t, model.step(lr, idx));
        weightSum = decay * weightSum + 1;
      }
      return sampling || snapping;
    },
  });

  const tail = (
    j: number,
    key: "vNorm" | "gradNorm" | "batchGradNorm" | "eqRatio" | "angle",
    from: number,
    to = Infinity,
  ) => {
    const v = trace[j].filter((s) => s.step >= from && s.step <= to && s[key] != null).map((s) => s[key] as number);
    return v.length ? v.reduce((x, y) => x + y, 0) / v.length : null;
  };
  // Equilibrium: the last quarter of the run (of the part before an LR decay, for the "before" values).
  const end = decayAt > 0 && decayAt < steps ? decayAt : steps;
  return {
    members: all.map((p, j) => ({
      member: j,
      initSeed: Number(p.initSeed),
      batchSeed: Number(p.batchSeed),
      weightDecay: Number(p.weightDecay),
      vNormEq: tail(j, "vNorm", 0.75 * end, end),
      gradNormEq: tail(j, "gradNorm", 0.75 * end, end),
      batchGradNormEq: tail(j, "batchGradNorm", 0.75 * end, end),
      eqRatioEq: tail(j, "eqRatio", 0.75 * end, end),
      angleEq: tail(j, "angle", 0.75 * end, end),
      vNormAfterDecay: decayAt > 0 && decayAt < steps ? tail(j, "vNorm", decayAt + 0.75 * (steps - decayAt)) : null,
      gradNormAfterDecay:
        decayAt > 0 && decayAt < steps ? tail(j, "gradNorm", decayAt + 0.75 * (steps - decayAt)) : null,
      batchGradNormAfterDecay:
        decayAt > 0 && decayAt < steps ? tail(j, "batchGradNorm", decayAt + 0.75 * (steps - decayAt)) : null,
      ...losses.outcome(j),
    })),
    theory,
  };
}

/** Real data brings its own settings (docs/phenomena/invariant-measure.md "On real data"). */
export const invariantMeasureVariants: NonNullable<Experiment["variants"]> = [
  {
    param: "data",
    defaults: { synthetic: {}, digits: {}, mnist: { trainSize: 2000, batch: 128, chains: 16, steps: 6000 } },
  },
];

export const invariantMeasure: Experiment = {
  name: "invariant-measure",
  title: "Weights never converge, their distribution does",
  description:
    "Scale-invariant ReLU layer + weight decay + SGD noise: loss settles, gradient stays large, the weights' law converges.",
  schema: invariantMeasureSchema,
  run,
  theory: theoryOf,
  ensemble: {
    count: "chains",
    perMember: ["weightDecay", "initSeed", "batchSeed"],
    sweepable: "weightDecay",
    members: chainMembers,
  },
  variants: invariantMeasureVariants,
  // a forward and backward pass of the m-neuron layer (p inputs each) over a batch (all points when full-batch)
  workPerStep: (p) => {
    const real = DATA_SETS[p.data as DataSetName];
    const rows = p.fullBatch ? (real ? p.trainSize : p.points) : p.batch;
    return Number(p.width) * Number(rows) * (real ? real.inputs + 1 : 3);
  },
};
