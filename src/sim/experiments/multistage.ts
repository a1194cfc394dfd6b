import { createRng } from "../rng.js";
import { DATA_SETS, type DataSetName } from "../data/labelledSet.js";
import { binaryTask, dataSpec, realSubset, trainSizeSpec } from "../data/realData.js";
import { optimizerSpecs, seedSpec, seedsSpec, type Params, type Schema } from "../params.js";
import type { Experiment, RunOptions, RunSummary } from "../types.js";
import { makeData, type Activation, type TargetName } from "../models/twoLayer.js";
import { initExponent, multistageTheory, plateauTime } from "../theory/multistage.js";
import { amplitudes, condensedFraction, meanAbsCosTo } from "../metrics/condensation.js";
import { wasserstein1 } from "../metrics/w1.js";
import { sampleSteps, snapshotSteps } from "../metrics/schedule.js";
import { detectStages } from "../metrics/stages.js";
import { createLossRecorder } from "./lossRecorder.js";
import { trainLoop } from "./trainLoop.js";
import { checkpointPlan } from "./checkpoints.js";
import { resolveMembers } from "./members.js";
import { needTf } from "../engines/needTf.js";
import { createTwoLayerJs } from "../engines/twoLayerJs.js";
import { createTwoLayerFlow } from "../engines/twoLayerFlow.js";
import { createTwoLayerTf } from "../engines/twoLayerTf.js";

/** Multi-stage loss under small initialization (Chen, Luo, Wang 2024; docs/phenomena/multistage.md). */
export const multistageSchema: Schema = [
  {
    name: "activation",
    state: true,
    group: "model",
    label: "Activation σ",
    kind: "choice",
    default: "tanh",
    choices: ["tanh", "relu"],
  },
  {
    name: "target",
    state: true,
    group: "data",
    more: true,
    label: "Target function",
    kind: "choice",
    default: "tanh2",
    choices: ["tanh2", "relu4"],
    help: "tanh2: tanh(5(x−0.4)) + 0.6·tanh(5(x+0.4)); relu4: the four-ReLU target of the ReLU preset",
  },
  {
    name: "width",
    state: true,
    group: "model",
    label: "Width m",
    kind: "number",
    default: 100,
    min: 1,
    max: 2000,
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
    default: 20,
    min: 2,
    max: 1000,
    integer: true,
    help: "inputs evenly spaced in [−1, 1]",
  },
  dataSpec("synthetic: the target above on 1-D points; digits, mnist: y = 1 for the digits 5–9, −1 for 0–4"),
  trainSizeSpec(1797),
  {
    name: "initScale",
    state: true,
    group: "model",
    label: "Init scale ε",
    kind: "number",
    default: 1e-4,
    min: 1e-8,
    max: 1,
    log: true,
    help: "a, w, b ~ N(0, ε²); ε = m^(−α)",
  },
  {
    name: "lr",
    group: "optimizer",
    label: "Learning rate η",
    kind: "number",
    default: 0.1,
    min: 1e-4,
    max: 100,
    log: true,
  },
  ...optimizerSpecs(),
  {
    name: "steps",
    sampling: true,
    group: "optimizer",
    label: "Steps",
    kind: "number",
    default: 1500,
    min: 1,
    max: 200000,
    integer: true,
    log: true,
  },
  seedSpec(),
  seedsSpec({ max: 64 }),
  {
    name: "every",
    sampling: true,
    group: "run",
    more: true,
    label: "Also sample every",
    kind: "number",
    default: 0,
    min: 0,
    max: 200000,
    integer: true,
    unit: "steps",
    help: "0: every step to 300, then a log grid",
  },
  {
    name: "snapshots",
    sampling: true,
    group: "run",
    more: true,
    label: "Snapshots",
    kind: "number",
    default: 16,
    min: 0,
    max: 64,
    integer: true,
    help: "log-spaced times at which member 0's neurons are recorded",
  },
];

/**
 * A member's initial weights: a, w (m × d), b ~ N(0, ε²), drawn in that order from its seed (the
 * same in Node and browser).
 */
export function multistageInit({
  width,
  seed,
  initScale,
  inputs = 1,
}: {
  width: number;
  seed: number;
  initScale: number;
  inputs?: number;
}) {
  const rng = createRng({ seed });
  const draw = (length: number) => Float64Array.from({ length }, () => initScale * rng.normal());
  const a = draw(width),
    w = draw(width * inputs),
    b = draw(width);
  return { a, w, b };
}

/**
 * The points these params train on: the 1-D target's grid, or the real data's scalar task (docs/data.md)
 * with the split as ±1, so that the residual starts at −y with E[y²] = 1 as on the toys' scale.
 */
export function multistageData(params: Params): { x: Float64Array; y: Float64Array; d: number } {
  if ((params.data ?? "synthetic") === "synthetic")
    return { ...makeData({ n: Number(params.points), target: params.target as TargetName }), d: 1 };
  const { x, y, d } = binaryTask(realSubset(params));
  return { x, y: y.map((v) => 2 * v - 1), d };
}

/** The theory for these settings, on the data they make: T_init, L_lin, λ = ‖M‖, the plateau slope and α of ε = m^(−α). */
function theory(params: Params) {
  const { x, y } = multistageData(params);
  const width = Number(params.width);
  const initScale = Number(params.initScale);
  const { lambda, tInit, lLin, plateauSlope } = multistageTheory({ x, y, width, initScale, lr: Number(params.lr) });
  return { lambda, tInit, lLin, plateauSlope, alpha: initExponent({ width, initScale }) };
}

const floats = (v: unknown) => Float64Array.from(v as number[]);

async function run({
  tf,
  engine = tf ? "tfjs" : "js",
  params,
  members,
  sink,
  signal,
  checkpointEvery = 0,
  checkpointAt,
  resume,
}: RunOptions): Promise<RunSummary> {
  const all = resolveMembers({ params, members });
  const E = all.length;
  const checkpoints = checkpointPlan({ resume, members: E, engine, every: checkpointEvery, at: checkpointAt });
  const saved = checkpoints.saved;
  const [m, steps, lr] = [params.width, params.steps, params.lr].map(Number);
  const activation = params.activation as Activation;
  const { x, y, d } = multistageData(params);
  const theory = multistageTheory({ x, y, width: m, initScale: Number(params.initScale), lr });
  const inits =
    saved?.map((st) => ({ a: floats(st.a), w: floats(st.w), b: floats(st.b) })) ??
    all.map((p) => multistageInit({ width: m, seed: Number(p.seed), initScale: Number(p.initScale), inputs: d }));
  if (inits[0].a.length !== m) throw new RangeError(`resume: the checkpoint's width is ${inits[0].a.length}, not ${m}`);
  if (inits[0].w.length !== m * d)
    throw new RangeError(`resume: the checkpoint's neurons have ${inits[0].w.length / m} inputs, not ${d}`);
  const flow = params.optimizer === "flow";
  if (flow && engine !== "js") throw new Error("optimizer flow runs on the js engine (float64), not on tfjs");
  const model = flow
    ? createTwoLayerFlow({ x, y, activation, lr, inits, rtol: Number(params.rtol) })
    : engine === "js"
      ? createTwoLayerJs({ x, y, activation, lr, inits })
      : createTwoLayerTf({ tf: needTf({ engine, tf }), x, y, activation, lr, inits });

  const sampleAt = new Set(sampleSteps({ steps, every: Number(params.every) }));
  const snapAt = new Set(Number(params.snapshots) > 0 ? snapshotSteps({ steps, count: Number(params.snapshots) }) : []);
  const losses = createLossRecorder({ tf, members: E, steps });
  // What a member's next samples depend on beyond its weights: the W1 rate's previous amplitudes.
  const prevAmp: (Float64Array | null)[] = saved
    ? saved.map((s) => (s.prevAmp ? Float64Array.from(s.prevAmp as number[]) : null))
    : Array(E).fill(null);
  const prevStep: number[] = saved ? saved.map((s) => Number(s.prevStep)) : Array(E).fill(0);
  saved?.forEach((s, j) => {
    if (typeof s.loss0 === "number") losses.history[j][0] = s.loss0;
  });
  const direction = theory.M;

  await trainLoop({
    steps,
    losses,
    model,
    sink,
    signal,
    start: resume?.step ?? 0,
    async step(t) {
      const sampling = sampleAt.has(t);
      const saving = checkpoints.due(t);
      // at step t, before this step's update
      const weights = sampling || snapAt.has(t) || saving ? await model.weights() : null;
      losses.push(t, model.step(t < steps));
      if (saving)
        weights!.forEach(({ a, w, b }, j) => {
          if (!losses.alive(j)) return;
          const state = {
            a: [...a],
            w: [...w],
            b: [...b],
            prevAmp: prevAmp[j] && [...prevAmp[j]!],
            prevStep: prevStep[j],
            loss0: losses.history[j][0],
          };
          sink.checkpoint?.({ member: j, step: t, state });
        });
      if (!weights) return false;
      await losses.flush();
      for (let j = 0; j < E; j++) {
        if (!losses.alive(j)) continue;
        const { a: aj, w, b } = weights[j];
        if (snapAt.has(t) && j === 0)
          sink.snapshot?.({ member: j, step: t, a: Array.from(aj), w: Array.from(w), b: Array.from(b) });
        if (!sampling) continue;
        const amp = amplitudes({ a: aj, w, b });
        const prev = prevAmp[j];
        sink.sample?.({
          member: j,
          seed: Number(all[j].seed),
          step: t,
          loss: losses.history[j][t],
          w1Rate: prev ? wasserstein1({ a: amp, b: prev }) / (t - prevStep[j]) : null,
          cosMean: meanAbsCosTo({ w, b, direction }),
          condensedFrac: condensedFraction({ w, b }),
        });
        prevAmp[j] = amp;
        prevStep[j] = t;
      }
      return true;
    },
  });
  // A resumed run's summary covers the whole run: the source's samples before the checkpoint, then this run.
  if (resume) losses.seed({ samples: resume.history, from: resume.step });

  return {
    members: all.map((p, j) => {
      const { stages, ...bounds } = detectStages({ loss: losses.finite(j) });
      return {
        member: j,
        seed: Number(p.seed),
        initScale: Number(p.initScale),
        // members differ in ε only: T_init from the data's λ, L_lin not refitted per member
        tInit: plateauTime({ width: m, initScale: Number(p.initScale), lambda: theory.lambda, lr }),
        ...bounds,
        stages,
        ...losses.outcome(j),
      };
    }),
    theory: {
      lambda: theory.lambda,
      tInit: theory.tInit,
      lLin: theory.lLin,
      plateauSlope: theory.plateauSlope,
      M: theory.M,
    },
  };
}

/** Real data brings its own step size (docs/phenomena/multistage.md "On real data"). */
export const multistageVariants: NonNullable<Experiment["variants"]> = [
  {
    param: "data",
    defaults: { synthetic: {}, digits: { lr: 0.4, steps: 6000 }, mnist: { trainSize: 2000, lr: 0.4, steps: 6000 } },
  },
];

export const multistage: Experiment = {
  name: "multistage",
  title: "Multi-stage loss and condensation",
  description: "Two-layer net from small init: plateau, descent, secondary plateau; neurons condense.",
  schema: multistageSchema,
  run,
  theory,
  ensemble: {
    count: "seeds",
    perMember: ["initScale", "seed"],
    sweepable: "initScale",
    members: (params, given) => resolveMembers({ params, members: given }),
  },
  variants: multistageVariants,
  // one forward and backward pass of m neurons over n points of d inputs
  workPerStep: (p) => {
    const real = DATA_SETS[p.data as DataSetName];
    return Number(p.width) * (real ? Number(p.trainSize) * real.inputs : Number(p.points));
  },
  // at the snapshot times, log-spaced like the plateaus they show (the neuron scrubber's steps)
  branchSteps: (p) =>
    Number(p.snapshots) > 0
      ? snapshotSteps({ steps: Number(p.steps), count: Number(p.snapshots) }).filter((t) => t > 0)
      : null,
};
