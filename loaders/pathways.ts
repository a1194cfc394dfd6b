import { availableParallelism } from "node:os";
import type { Params } from "../src/sim/params.js";
import { pathways } from "../src/sim/experiments/pathways.js";
import { baseParams } from "../src/sim/experiments/baseParams.js";
import { edgeShare, flowShares, lambdaSplit, pathwaysTheory, reductionFactor } from "../src/sim/theory/pathways.js";
import type { Sample } from "../src/sim/types.js";
import { runJobs } from "../node/pool.js";
import { median } from "../src/sim/metrics/quantiles.js";
import { r4 } from "./band.js";
import { loadPresets } from "./presets.js";
import { axisValues, parseAxis } from "../src/sim/sweep/grid.js";
import { hessianSharpness } from "./sharpnessAt.js";
import { referenceOf } from "./reference.js";
import { branchSteps } from "../src/sim/experiments/branchSteps.js";

const EXPERIMENT = "pathways";

/** A run a page branches from: its params and checkpoint steps. */
const branchOf = (params: Params) => ({ params, steps: branchSteps({ experiment: EXPERIMENT, params }) });

/**
 * The run a page branches from for a preset: seed 0 of the headline η = 0.125 run (matrix) or of
 * the η = 0.02 run (small-step), or the scalar toy's η = 0.6 member (scalar). Their checkpoints: data/pathways-checkpoints-[preset].
 */
export function pathwaysBranch({ preset }: { preset: string }) {
  const headline = (name: string) => pathwaysParams(headlineRuns.find((r) => r.name === name)!.values);
  if (preset === "matrix") return branchOf({ ...headline("eos"), seeds: 1 });
  // The small step's run: branch it at t with η raised, and the split follows the new edge of stability.
  if (preset === "small-step") return branchOf({ ...headline("flow"), seeds: 1 });
  if (preset === "scalar") return branchOf({ ...scalarParams({ steps: 3000 }), lr: 0.6, seeds: 1 });
  throw new RangeError(`unknown preset ${preset}; allowed: matrix, small-step, scalar`);
}

/** The scalar toy's precomputed runs' settings. */
const scalarParams = ({ steps }: { steps: number }) =>
  pathwaysParams({ model: "scalar", steps, sharpnessEvery: 5, sharpnessIters: 8, every: 5 });

/** The page's presets (data/presets/pathways.json), each over the defaults of its model. */
export function pathwaysPresets() {
  return Object.fromEntries(
    Object.entries(loadPresets({ experiment: EXPERIMENT })).map(([name, p]) => [
      name,
      { label: p.label, source: p.source, params: pathwaysParams(p.params) },
    ]),
  );
}

export function pathwaysParams(values: Params): Params {
  return { ...baseParams({ experiment: pathways, values }), ...values };
}

/** Per member, column arrays of its samples: step, loss, sharpness, shares and strengths of the top `keep` modes. */
function traces(samples: Sample[], members: number, K: number, modes: number, keep: number) {
  return Array.from({ length: members }, (_, m) => {
    const rows = samples.filter((s) => s.member === m);
    return {
      step: rows.map((s) => s.step),
      loss: rows.map((s) => r4(s.loss)),
      sharpness: rows.map((s) => r4(s.sharpness)),
      share: Array.from({ length: keep }, (_, a) => rows.map((s) => r4((s.share as (number | null)[])[a]))),
      strength: Array.from({ length: K }, (_, k) =>
        Array.from({ length: keep }, (_, a) => rows.map((s) => r4((s.strength as number[])[k * modes + a]))),
      ),
    };
  });
}

interface RunSpec {
  name: string;
  label: string;
  values: Params;
  seeds: number;
  /** Whether a page branches from seed 0 of this run (its checkpoints: a file of their own). */
  branch?: boolean;
}

/** Matrix-model runs on Shi et al.'s task, each with its seeds in one batched program, spread over the pool. */
export async function pathwaysRuns({
  runs,
  keep = 2,
  threads = availableParallelism(),
}: {
  runs: RunSpec[];
  keep?: number;
  threads?: number;
}) {
  const specs = runs.map((r) => ({ ...r, params: pathwaysParams(r.values) }));
  const results = await runJobs({
    jobs: specs.map((r) => ({
      experiment: EXPERIMENT,
      params: r.params,
      members: Array.from({ length: r.seeds }, (_, j) => ({ seed: j })),
    })),
    threads,
  });
  return Object.fromEntries(
    specs.map((r, i) => {
      const { summary, samples } = results[i];
      const K = Number(r.params.pathways),
        modes = Number(summary.theory.modes);
      return [
        r.name,
        {
          label: r.label,
          params: r.params,
          theory: summary.theory,
          members: summary.members.map((m) => ({
            ...m,
            finalShare: (m.finalShare as number[]).map(r4),
            finalStrength: undefined,
          })),
          traces: traces(samples, r.seeds, K, modes, Math.min(keep, modes)),
          reference: referenceOf({ params: r.params, samples }),
          ...(r.branch ? { branch: branchOf({ ...r.params, seeds: 1 }) } : {}),
        },
      ];
    }),
  );
}

export const headlineRuns: RunSpec[] = [
  // Odd intervals: a period-2 catapult orbit shows both of its phases.
  {
    name: "flow",
    label: "η = 0.02 (flow-like)",
    values: { lr: 0.02, steps: 5000, sharpnessEvery: 25, every: 9 },
    seeds: 4,
    branch: true,
  },
  {
    name: "eos",
    label: "η = 0.125 (edge of stability)",
    values: { lr: 0.125, steps: 3000, sharpnessEvery: 5, every: 3, denseUntil: 400 },
    seeds: 4,
    branch: true,
  },
  // Gradient flow from seed 0's init, sampled at t = 0.125·k: what the theory starts from.
  {
    name: "gradientFlow",
    label: "gradient flow (seed 0's init)",
    values: { lr: 0.125, steps: 3000, sharpnessEvery: 0, every: 9, optimizer: "flow" },
    seeds: 1,
  },
];
export const controlRuns: RunSpec[] = [
  {
    name: "above",
    label: "η = 0.15 (above the window)",
    values: { lr: 0.15, steps: 3000, sharpnessEvery: 25, every: 9 },
    seeds: 2,
  },
  {
    name: "depth2",
    label: "L = 2, η = 0.2",
    values: { depth: 2, lr: 0.2, steps: 3000, sharpnessEvery: 25, every: 9 },
    seeds: 2,
  },
  {
    name: "k3",
    label: "K = 3, L = 3, η = 0.13",
    values: { pathways: 3, lr: 0.13, steps: 3000, sharpnessEvery: 25, every: 9 },
    seeds: 2,
  },
  {
    name: "depth4",
    label: "K = 2, L = 4, σ = 0.02, η = 0.08",
    values: { depth: 4, initScale: 0.02, lr: 0.08, steps: 3000, sharpnessEvery: 25, every: 9 },
    seeds: 2,
  },
];

/**
 * The matrix model on the 8×8 digits (docs/phenomena/pathways.md 'Real data'): step sizes below,
 * inside and above that data's window, each with its seeds in one batched run, the top mode's share
 * and the sharpness against step, the theory from the data's own singular values, and what holds.
 */
export async function pathwaysDigits({ lrs = [1, 3.8, 4.6], seeds = 4, steps = 8000 } = {}) {
  const params = pathwaysParams({ data: "digits", lr: lrs[1], steps, sharpnessEvery: 50, every: 20 });
  const runs = await runJobs({
    jobs: lrs.map((lr) => ({
      experiment: EXPERIMENT,
      params: { ...params, lr },
      members: Array.from({ length: seeds }, (_, j) => ({ seed: j, lr })),
    })),
  });
  const summaries = runs.map((run, i) => {
    const members = run.summary.members as unknown as {
      finalShare: number[];
      finalSharpness: number | null;
      converged: boolean;
      diverged: boolean;
    }[];
    const tr = traces(run.samples, seeds, Number(params.pathways), Number(run.summary.theory.modes), 1);
    return {
      lr: lrs[i],
      converged: members.filter((m) => m.converged).length,
      diverged: members.filter((m) => m.diverged).length,
      share: r4(median(members.filter((m) => !m.diverged).map((m) => m.finalShare[0]))),
      sharpness: r4(
        median(members.filter((m) => m.finalSharpness !== null && !m.diverged).map((m) => m.finalSharpness!)),
      ),
      traces: tr.map((t) => ({ step: t.step, share: t.share[0], sharpness: t.sharpness, loss: t.loss })),
    };
  });
  const theory = runs[1].summary.theory as unknown as Parameters<typeof digitsVerdict>[0]["theory"];
  return {
    experiment: EXPERIMENT,
    params,
    theory,
    runs: summaries,
    verdict: digitsVerdict({ theory, runs: summaries }),
  };
}

type DigitsRun = { lr: number; converged: number; diverged: number; share: number | null; sharpness: number | null };

/**
 * Whether the toy's claim holds on the digits, from the runs below, inside and above the window:
 * at the edge every seed settles with λ_max within 1 % of 2/η and the top mode's share drops; below
 * it the share should be ≈ 1 (winner-takes-all); above it, no convergence.
 */
export function digitsVerdict({
  theory,
  runs: [below, inside, above],
}: {
  theory: { windowLow: number; windowHigh: number; s: number; singularValues: number[] };
  runs: DigitsRun[];
}) {
  const seeds = inside.converged + inside.diverged;
  const gap = inside.sharpness === null ? Infinity : Math.abs((inside.sharpness * inside.lr) / 2 - 1);
  const edge = inside.converged === seeds && gap < 0.01 && below.share !== null && inside.share! < below.share - 0.05;
  const flowLike = below.share !== null && below.share >= 0.9;
  const s = theory.singularValues
    .slice(0, 3)
    .map((v) => v.toFixed(3))
    .join(", ");
  const window = `(${theory.windowLow.toFixed(2)}, ${theory.windowHigh.toFixed(2)})`;
  const edgeText = edge
    ? `The claim holds at the edge of stability: at η = ${inside.lr}, inside the window ${window} computed from the data's top singular value, every seed settles with λ_max within ${(100 * gap).toFixed(1)} % of 2/η, and the top mode's share falls to ${inside.share!.toFixed(3)}, against ${below.share!.toFixed(3)} at η = ${below.lr}.`
    : `The claim breaks at the edge: at η = ${inside.lr}, inside the window ${window}, ${inside.converged} of ${seeds} seeds converge, λ_max ends ${(100 * gap).toFixed(1)} % from 2/η and the share is ${inside.share?.toFixed(3) ?? "–"} (below the window ${below.share?.toFixed(3) ?? "–"}).`;
  const belowText = flowLike
    ? `Below the window the top mode goes to one pathway (share ${below.share!.toFixed(3)}), as on the toy.`
    : `It bends below the window: a small step leaves the top mode shared (share ${below.share?.toFixed(3) ?? "–"}, not ≈ 1). The digits' leading modes are nearly degenerate (s = ${s}).`;
  const aboveText =
    above.diverged === above.converged + above.diverged
      ? ` Above the window (η = ${above.lr}) every seed diverges, as the theory says.`
      : ` Above the window (η = ${above.lr}) ${above.diverged} of ${above.converged + above.diverged} seeds diverge.`;
  return { holds: edge, bends: !flowLike, text: `${edgeText} ${belowText}${aboveText}` };
}

/** The scalar toy at several η in one batched run, with the share the balanced formula predicts and the gradient-flow prediction. */
export async function pathwaysScalar({
  lrs = [0.05, 0.6, 0.65, 0.68],
  steps = 3000,
}: {
  lrs?: number[];
  steps?: number;
} = {}) {
  const params = scalarParams({ steps });
  const [run] = await runJobs({
    jobs: [{ experiment: EXPERIMENT, params, members: lrs.map((lr) => ({ lr, seed: 0 })) }],
    threads: 1,
  });
  const L = Number(params.depth),
    K = Number(params.pathways);
  const P0 = Array.from({ length: K }, (_, k) => (Number(params.initScale) * Number(params.initRatio) ** k) ** L);
  const tr = traces(run.samples, lrs.length, K, 1, 1);
  return {
    experiment: EXPERIMENT,
    params,
    theory: pathwaysTheory({ s: 1, L, K, lr: lrs[1] }),
    // The η = 0.6 member's checkpoints are a file of their own (data/pathways-checkpoints-scalar).
    branch: steps === 3000 ? pathwaysBranch({ preset: "scalar" }) : null,
    members: run.summary.members.map((m, e) => {
      // Flow prediction at the sampled steps: t = η·step in the ODE's time.
      const flow = flowShares({ s: 1, L, P0, times: tr[e].step.map((t) => t * lrs[e]) }).map((P) =>
        r4(Math.max(...P) / P.reduce((a, b) => a + b, 0)),
      );
      return {
        ...m,
        finalShare: (m.finalShare as number[]).map(r4),
        finalStrength: undefined,
        predictedShare: edgeShare({ s: 1, L, lr: lrs[e] }),
        flowShare: flow,
        edge: 2 / lrs[e],
      };
    }),
    traces: tr,
  };
}

/** Phase diagrams of the scalar toy: final top share and λ_max·η/2 over η × K (L = 4) and η × L (K = 2). */
export async function pathwaysPhase({
  // The sweep grid of the CLI and the pages (sim/sweep/grid.ts): η from 0.2 to 1.2 by 0.05.
  lrs = axisValues({ axis: parseAxis({ schema: pathways.schema, text: "lr:0.2:1.2:21" }) }),
  steps = 3000,
  threads = availableParallelism(),
}: {
  lrs?: number[];
  steps?: number;
  threads?: number;
} = {}) {
  const grid = [
    ...[1, 2, 3, 4].map((K) => ({ K, L: 4, axis: "K" })),
    ...[2, 3, 6].map((L) => ({ K: 2, L, axis: "L" })),
  ];
  const results = await runJobs({
    jobs: grid.map(({ K, L }) => ({
      experiment: EXPERIMENT,
      params: pathwaysParams({
        model: "scalar",
        pathways: K,
        depth: L,
        steps,
        sharpnessEvery: steps,
        sharpnessIters: 2 * K * L,
        every: steps,
      }),
      members: lrs.map((lr) => ({ lr, seed: 0 })),
    })),
    threads,
  });
  const cells = grid.flatMap(({ K, L, axis }, g) =>
    results[g].summary.members.map((m) => ({
      axis,
      K,
      L,
      lr: m.lr as number,
      share: r4((m.finalShare as number[])[0]),
      sharpnessRatio: r4(((m.finalSharpness as number) * (m.lr as number)) / 2),
      converged: m.converged,
      diverged: m.diverged,
    })),
  );
  const windows = grid.map(({ K, L, axis }) => ({ axis, K, L, ...pathwaysTheory({ s: 1, L, K, lr: 1 }) }));
  return { experiment: EXPERIMENT, steps, lrs, cells, windows };
}

/** ρ(K, L): sharpness of the constructed equal split over the single path, measured by the same Lanczos code, beside K^(2/L−1). */
export async function pathwaysReduction({
  Ks = [1, 2, 3, 4],
  Ls = [2, 3, 4, 6],
}: {
  Ks?: number[];
  Ls?: number[];
} = {}) {
  const rows = [];
  for (const L of Ls)
    for (const K of Ks) {
      const single = await hessianSharpness({ K, L, shares: [1, ...new Array(K - 1).fill(0)] });
      const equal = await hessianSharpness({ K, L, shares: new Array(K).fill(1 / K) });
      rows.push({
        K,
        L,
        measured: r4(equal / single),
        formula: reductionFactor({ K, L }),
        singleMeasured: r4(single),
        singleFormula: lambdaSplit({ s: 1, L, shares: [1] }),
      });
    }
  return { experiment: EXPERIMENT, rows };
}
