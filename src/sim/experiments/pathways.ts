import { createRng, type RngState } from "../rng.js";
import { dataSpec, realSubset, trainSizeSpec } from "../data/realData.js";
import { whitenedData } from "../data/whitenedTarget.js";
import { optimizerSpecs, seedSpec, seedsSpec, type Params, type Schema } from "../params.js";
import type { Experiment, RunOptions, RunSummary } from "../types.js";
import { hierarchyTarget, smallSvd } from "../models/deepLinear.js";
import { pathwaysTheory } from "../theory/pathways.js";
import { createLossRecorder, type LossRecorder } from "./lossRecorder.js";
import { trainLoop } from "./trainLoop.js";
import { checkpointPlan } from "./checkpoints.js";
import { resolveMembers } from "./members.js";
import { needTf } from "../engines/needTf.js";
import { createDeepLinearJs } from "../engines/deepLinearJs.js";
import { createDeepLinearFlow } from "../engines/deepLinearFlow.js";
import { createDeepLinearTf } from "../engines/deepLinearTf.js";
import { createDeepTanhJs, type TanhData } from "../engines/deepTanhJs.js";

/** Large-step GD restores symmetry across pathways (Kim & Lee, ICML 2026; docs/phenomena/pathways.md). */
export const pathwaysSchema: Schema = [
  {
    name: "model",
    state: true,
    group: "model",
    label: "Model",
    kind: "choice",
    default: "matrix",
    choices: ["matrix", "scalar"],
    help: "matrix: Shi et al.'s hierarchical task, 8 → H → … → 15; scalar: f = Σ_k Π_l w_kl, target 1",
  },
  {
    name: "activation",
    state: true,
    group: "model",
    label: "Activation",
    kind: "choice",
    default: "linear",
    choices: ["linear", "tanh"],
    help: "tanh on the hidden layers: the net sees the data, not only T, and the formulas are a guide (js engine)",
  },
  dataSpec("synthetic: the model's own target; digits, mnist: one-hot labels on whitened inputs (matrix model)"),
  trainSizeSpec(1797),
  {
    name: "pathways",
    state: true,
    group: "model",
    label: "Pathways K",
    kind: "number",
    default: 2,
    min: 1,
    max: 8,
    integer: true,
  },
  {
    name: "depth",
    state: true,
    group: "model",
    label: "Depth L",
    kind: "number",
    default: 3,
    min: 1,
    max: 8,
    integer: true,
    help: "weight matrices per pathway",
  },
  {
    name: "hidden",
    state: true,
    group: "model",
    more: true,
    label: "Hidden width H",
    kind: "number",
    default: 16,
    min: 1,
    max: 128,
    integer: true,
    help: "matrix model only",
  },
  {
    name: "initScale",
    state: true,
    group: "model",
    label: "Init scale σ",
    kind: "number",
    default: 0.005,
    min: 1e-6,
    max: 2,
    log: true,
    help: "matrix: weights ~ N(0, σ²); scalar: every weight of pathway 1",
  },
  {
    name: "initRatio",
    state: true,
    group: "model",
    more: true,
    label: "Init ratio (scalar)",
    kind: "number",
    default: 0.25 / 0.3,
    min: 0.01,
    max: 1,
    help: "scalar model: pathway k's weights are σ·ratio^(k−1)",
  },
  {
    name: "lr",
    group: "optimizer",
    label: "Learning rate η",
    kind: "number",
    default: 0.125,
    min: 1e-4,
    max: 10,
    log: true,
  },
  ...optimizerSpecs(),
  {
    name: "steps",
    sampling: true,
    group: "optimizer",
    label: "Steps",
    kind: "number",
    default: 3000,
    min: 1,
    max: 100000,
    integer: true,
    log: true,
  },
  {
    name: "sharpnessEvery",
    sampling: true,
    group: "run",
    label: "Sharpness every",
    kind: "number",
    default: 25,
    min: 0,
    max: 100000,
    integer: true,
    unit: "steps",
    help: "0: never",
  },
  {
    name: "denseUntil",
    sampling: true,
    group: "run",
    more: true,
    label: "Sharpness every step until",
    kind: "number",
    default: 0,
    min: 0,
    max: 100000,
    integer: true,
    unit: "steps",
    help: "catapults are period-2 orbits: a fixed even interval sees one phase only",
  },
  {
    name: "sharpnessIters",
    sampling: true,
    group: "run",
    more: true,
    label: "Lanczos iterations",
    kind: "number",
    default: 20,
    min: 2,
    max: 200,
    integer: true,
  },
  {
    name: "every",
    sampling: true,
    group: "run",
    more: true,
    label: "Sample every",
    kind: "number",
    default: 5,
    min: 1,
    max: 100000,
    integer: true,
    unit: "steps",
    help: "after the first 100 steps, which are all sampled",
  },
  {
    name: "modes",
    sampling: true,
    group: "run",
    more: true,
    label: "Modes reported",
    kind: "number",
    default: 4,
    min: 1,
    max: 8,
    integer: true,
  },
  seedSpec(),
  seedsSpec({ max: 32 }),
];

/** Defaults that depend on the model: the scalar toy of docs/phenomena/pathways.md (K = 2, L = 4, inits 0.30/0.25, η = 0.6). */
export const pathwaysVariants: NonNullable<Experiment["variants"]> = [
  { param: "model", defaults: { matrix: {}, scalar: { depth: 4, initScale: 0.3, lr: 0.6 } } },
  // The window for K = 2, L = 3 is (3.35, 4.22) on the digits and (3.24, 4.08) on 2,000 MNIST
  // images (tests/sim/realData.test.ts computes both).
  { param: "data", defaults: { synthetic: {}, digits: { lr: 3.8 }, mnist: { trainSize: 2000, lr: 3.6 } } },
];

/**
 * A member's initial weights, [k][l] row-major dims[l+1]×dims[l]: matrix weights ~ N(0, σ²) from a
 * stream per (seed, pathway, layer); scalar weights deterministic, σ·ratio^k for pathway k.
 */
export function pathwaysInit({
  scalar,
  K,
  dims,
  seed,
  initScale,
  initRatio,
}: {
  scalar: boolean;
  K: number;
  dims: number[];
  seed: number;
  initScale: number;
  initRatio: number;
}): Float64Array[][] {
  return Array.from({ length: K }, (_, k) =>
    Array.from({ length: dims.length - 1 }, (_, l) => {
      const size = dims[l + 1] * dims[l];
      if (scalar) return new Float64Array(size).fill(initScale * initRatio ** k);
      const rng = createRng({ seed: (seed * 1009 + k * 97 + l) >>> 0 });
      return Float64Array.from({ length: size }, () => initScale * rng.normal());
    }),
  );
}

/** A member's last loss, and whether it converged: its loss over the last 5 % of steps stays below 1e-6 of its initial loss. */
function lossEnd({ losses, member: e, steps }: { losses: LossRecorder; member: number; steps: number }) {
  const h = losses.finite(e);
  const tail = Array.from(h.subarray(Math.max(0, h.length - Math.max(10, Math.floor(0.05 * steps)))));
  return {
    finalLoss: h.length ? h[h.length - 1] : null,
    converged: losses.alive(e) && tail.length > 0 && Math.max(...tail) < 1e-6 * h[0],
  };
}

/**
 * Member e's mode strengths K_kα = u_αᵀ Ω_k v_α (pathway k, mode α) from its pathways' maps Ω_k, and
 * each mode's share, the largest |K_kα| over their sum, once the mode has grown past 10 % of s_α.
 */
function modeShares({
  omegas,
  member: e,
  K,
  modes,
  target,
}: {
  omegas: ArrayLike<number>;
  member: number;
  K: number;
  modes: { s: number; u: ArrayLike<number>; v: ArrayLike<number> }[];
  target: { rows: number; cols: number };
}) {
  const size = target.rows * target.cols;
  const strength = Array.from({ length: K }, (_, k) =>
    modes.map(({ u, v }) => {
      let acc = 0;
      for (let r = 0; r < target.rows; r++)
        for (let c = 0; c < target.cols; c++) acc += u[r] * omegas[(e * K + k) * size + r * target.cols + c] * v[c];
      return acc;
    }),
  );
  const share = modes.map(({ s }, a) => {
    const abs = strength.map((row) => Math.abs(row[a]));
    const total = abs.reduce((x, y) => x + y, 0);
    return total > 0.1 * s ? Math.max(...abs) / total : null;
  });
  return { strength, share };
}

/** The target the model regresses (1 for the scalar toy, the hierarchy matrix, or real data's) and its reported modes. */
function targetModes(params: Params) {
  const target = targetOf(params);
  return { target, modes: smallSvd(target).slice(0, Math.min(Number(params.modes), target.cols)) };
}

const realTargets = new Map<string, ReturnType<typeof whitenedData>>();

/** The target for these params; real data's from its seeded, stratified subset (computed once per size). */
export function targetOf(params: Params): { T: Float64Array; rows: number; cols: number; lossFloor?: number } {
  const data = String(params.data ?? "synthetic");
  if (data === "synthetic")
    return params.model === "scalar" ? { T: Float64Array.of(1), rows: 1, cols: 1 } : hierarchyTarget();
  if (params.model === "scalar") throw new RangeError(`data ${data} needs model matrix (the scalar toy has no inputs)`);
  const key = `${data}:${params.trainSize}`;
  if (!realTargets.has(key)) {
    realTargets.set(key, whitenedData(realSubset(params)));
  }
  return realTargets.get(key)!;
}

/**
 * The rows a tanh net trains on: the toy's items (the identity inputs, T's columns as targets,
 * each item weighing 1, so the loss is ½‖F − T‖²_F as the linear model's), or real data's
 * whitened inputs and one-hot labels, each weighing 1/n (the loss ½E‖F(x̃) − y‖², the linear fit's
 * floor included: a nonlinear net can go below it).
 */
export function tanhDataOf(params: Params): TanhData {
  if (params.model === "scalar")
    throw new RangeError("activation tanh needs model matrix (the scalar toy has no inputs)");
  const target = targetOf(params);
  if ((params.data ?? "synthetic") === "synthetic") {
    const { rows, cols, T } = target;
    const X = new Float64Array(cols * cols),
      Y = new Float64Array(cols * rows);
    for (let i = 0; i < cols; i++) {
      X[i * cols + i] = 1;
      for (let r = 0; r < rows; r++) Y[i * rows + r] = T[r * cols + i];
    }
    return { X, Y, n: cols, w: 1 };
  }
  const { X, Y, n } = target as ReturnType<typeof whitenedData>;
  return { X, Y, n, w: 1 / n };
}

/** The theory for the top mode (singular value s) of the target these params regress (docs/phenomena/pathways.md). */
function theory(params: Params) {
  if (params.activation === "tanh" && params.model === "scalar")
    throw new RangeError("activation tanh needs model matrix (the scalar toy has no inputs)");
  const { target, modes } = targetModes(params);
  const { s } = modes[0];
  const theory = {
    s,
    ...pathwaysTheory({ s, L: Number(params.depth), K: Number(params.pathways), lr: Number(params.lr) }),
  };
  // Real data: the least-squares linear fit's loss, which the reported loss ½‖ΣΩ − T‖² sits above.
  return target.lossFloor === undefined ? theory : { ...theory, lossFloor: target.lossFloor, inputs: target.cols };
}

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
  const checkpoints = checkpointPlan({ resume, members: all.length, engine, every: checkpointEvery, at: checkpointAt });
  const saved = checkpoints.saved;
  const [E, K, L, steps] = [all.length, params.pathways, params.depth, params.steps].map(Number);
  const scalar = params.model === "scalar";
  const { target, modes } = targetModes(params);
  const dims = scalar
    ? new Array(L + 1).fill(1)
    : [target.cols, ...new Array(L - 1).fill(Number(params.hidden)), target.rows];
  const fresh = (p: Params) =>
    pathwaysInit({
      scalar,
      K,
      dims,
      seed: Number(p.seed),
      initScale: Number(p.initScale),
      initRatio: Number(p.initRatio),
    });
  const inits =
    saved?.map((st) => (st.weights as number[][][]).map((Wk) => Wk.map((W) => Float64Array.from(W)))) ?? all.map(fresh);
  const lrs = all.map((p) => Number(p.lr));
  const flow = params.optimizer === "flow";
  if (flow && engine !== "js") throw new Error("optimizer flow runs on the js engine (float64), not on tfjs");
  const tanh = params.activation === "tanh";
  if (tanh && (flow || engine !== "js"))
    throw new Error("activation tanh runs gradient descent on the js engine (float64), not on tfjs or as a flow");
  const model = tanh
    ? createDeepTanhJs({ data: tanhDataOf(params), dims, inits, lrs })
    : flow
      ? createDeepLinearFlow({ T: target, dims, inits, lrs, rtol: Number(params.rtol) })
      : engine === "js"
        ? createDeepLinearJs({ T: target, dims, inits, lrs })
        : createDeepLinearTf({ tf: needTf({ engine, tf }), T: target, dims, inits, lrs });
  const N = model.size;
  // The sharpness probes' stream, shared by the members: a checkpoint holds it in every member's state.
  const probeRng = createRng({
    seed: (Number(params.seed) + 12345) >>> 0,
    state: saved?.[0].probe as RngState | undefined,
  });
  const losses = createLossRecorder({ tf, members: E, steps });
  saved?.forEach((s, e) => {
    if (typeof s.loss0 === "number") losses.history[e][0] = s.loss0;
  });
  const sharpEvery = Number(params.sharpnessEvery),
    every = Number(params.every);
  type Last = { sharpness: number | null; strength: number[][]; share: (number | null)[] };
  const last: Last[] = all.map(() => ({ sharpness: null, strength: [], share: [] }));

  await trainLoop({
    steps,
    losses,
    model,
    sink,
    signal,
    start: resume?.step ?? 0,
    async step(t) {
      if (checkpoints.due(t)) {
        const weights = await model.weights!();
        const probe = probeRng.state();
        weights.forEach((W, e) => {
          if (losses.alive(e))
            sink.checkpoint?.({
              member: e,
              step: t,
              state: { weights: W.map((Wk) => Wk.map((x) => [...x])), probe, loss0: losses.history[e][0] },
            });
        });
      }
      const measure = sharpEvery > 0 && (t % sharpEvery === 0 || t === steps || t <= Number(params.denseUntil));
      const sampling = t <= 100 || t % every === 0 || t === steps || measure;
      // Sharpness first: it needs the weights of step t, which the step below moves on.
      const lam = measure
        ? await model.sharpness({
            start: Float32Array.from({ length: E * N }, () => probeRng.normal()),
            iters: Number(params.sharpnessIters),
          })
        : null;
      const out = model.step({ update: t < steps, omegas: sampling });
      losses.push(t, out.loss);
      if (!sampling) return false;
      await losses.flush();
      const om = await out.omegas!;
      for (let e = 0; e < E; e++) {
        if (!losses.alive(e)) continue;
        const { strength, share } = modeShares({ omegas: om, member: e, K, modes, target });
        if (lam) last[e].sharpness = lam[e];
        last[e].strength = strength;
        last[e].share = share;
        sink.sample?.({
          member: e,
          seed: Number(all[e].seed),
          step: t,
          loss: losses.history[e][t],
          sharpness: lam ? lam[e] : null,
          strength: strength.flat(),
          share,
          lr: lrs[e],
        });
      }
      return true;
    },
  });
  // A resumed run's summary covers the whole run: the source's samples before the checkpoint, then this run.
  if (resume) losses.seed({ samples: resume.history, from: resume.step });

  return {
    members: all.map((p, e) => ({
      member: e,
      seed: Number(p.seed),
      lr: lrs[e],
      ...lossEnd({ losses, member: e, steps }),
      finalSharpness: last[e].sharpness,
      finalShare: last[e].share,
      finalStrength: last[e].strength,
      ...losses.outcome(e),
    })),
    theory: { ...theory(params), singularValues: modes.map((m) => m.s), modes: modes.length, N },
  };
}

export const pathways: Experiment = {
  name: "pathways",
  title: "Large steps restore symmetry across pathways",
  description:
    "Multi-pathway deep linear nets: small-step GD picks one pathway per mode; at the edge of stability GD splits it.",
  schema: pathwaysSchema,
  variants: pathwaysVariants,
  run,
  theory,
  ensemble: {
    count: "seeds",
    perMember: ["lr", "seed", "initScale", "initRatio"],
    sweepable: "lr",
    members: (params, given) => resolveMembers({ params, members: given }),
  },
  // K pathways of L matrices h × h, and Lanczos' Hessian-vector products (about 3 passes each) every `sharpnessEvery` steps
  workPerStep: (p) => {
    const hidden = p.model === "scalar" ? 1 : Number(p.hidden);
    const pass = Number(p.pathways) * Number(p.depth) * hidden * hidden;
    const every = Number(p.sharpnessEvery);
    return pass + (every > 0 ? (3 * Number(p.sharpnessIters) * pass) / every : 0);
  },
};
