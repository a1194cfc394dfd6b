import { availableParallelism } from "node:os";
import type { Params } from "../src/sim/params.js";
import { multistageSchema } from "../src/sim/experiments/multistage.js";
import { axisValues, parseAxis } from "../src/sim/sweep/grid.js";
import { linearFit } from "../src/sim/metrics/linearFit.js";
import { quantile } from "../src/sim/metrics/quantiles.js";
import type { Stage } from "../src/sim/metrics/stages.js";
import type { MemberSummary } from "../src/sim/types.js";
import { resolvePreset } from "./presets.js";
import { runSplit } from "../node/runSplit.js";
import { band, round } from "./band.js";
import { referenceOf } from "./reference.js";
import { branchSteps } from "../src/sim/experiments/branchSteps.js";

/**
 * The headline runs' length per preset and their snapshot count (the neuron scrubber's steps).
 * 10^5 steps for ReLU: it keeps gaining condensed orientations from 10^2 to 10^5
 * (docs/phenomena/multistage.md).
 */
const HEADLINE = { steps: { tanh: 40000, relu: 100000 } as Record<string, number>, snapshots: 16 };
import { runJobs } from "../node/pool.js";

function presetParams(preset: string) {
  const { params, ...info } = resolvePreset({ experiment: "multistage", schema: multistageSchema, name: preset });
  // The preset as the paper sets it (the page's live-run defaults) apart from what the loader overrides.
  return { preset: { ...info, params }, params };
}

/** The run a page branches from for a preset: seed 0 of the headline run, and its checkpoint steps. */
export function multistageBranch({ preset }: { preset: string }) {
  const params = {
    ...presetParams(preset).params,
    steps: HEADLINE.steps[preset],
    snapshots: HEADLINE.snapshots,
    seeds: 1,
  };
  return { params, steps: branchSteps({ experiment: "multistage", params }) };
}

/** Median over members of each stage boundary, while at least half the members reached it. */
function medianStages(summaries: MemberSummary[]): Stage[] {
  const lists = summaries.map((m) => m.stages as Stage[]);
  const out: Stage[] = [];
  for (let i = 0; ; i++) {
    const have = lists.filter((l) => l.length > i);
    if (have.length * 2 < lists.length) return out;
    const med = (f: (s: Stage) => number) => Math.round(quantile({ values: have.map((l) => f(l[i])), p: 0.5 }));
    const { kind, label, level } = have[0][i];
    out.push({
      kind,
      label,
      start: med((s) => s.start),
      end: med((s) => s.end),
      ...(level !== undefined ? { level: round(quantile({ values: have.map((l) => l[i].level!), p: 0.5 }))! } : {}),
    });
  }
}

/** How far the page's gradient-flow layer goes: each flow step is several Dormand–Prince stages in float64. */
const FLOW_STEPS = 5000;

/** The page's precomputed ensemble for one preset: seed bands of every metric, stages, snapshots of seed 0. */
export async function multistageDataset({
  preset,
  steps = HEADLINE.steps[preset],
  seeds = 5,
  snapshots = HEADLINE.snapshots,
  threads = availableParallelism(),
}: {
  preset: string;
  steps?: number;
  seeds?: number;
  snapshots?: number;
  threads?: number;
}) {
  const base = presetParams(preset);
  const params: Params = { ...base.params, steps, seeds, snapshots };
  const members = Array.from({ length: seeds }, (_, j) => ({ seed: Number(params.seed) + j }));
  // Gradient flow from seed 0's init over the first FLOW_STEPS (t = η·k): the plateau and the
  // descent, where the plateau-time formula (derived for the flow of a tanh net) applies. Not for
  // ReLU: its kinks make the integrator crawl (86 s for 5,000 steps here), and the formula is tanh's.
  const flowParams = { ...params, seeds: 1, snapshots: 0, steps: Math.min(steps, FLOW_STEPS), optimizer: "flow" };
  const tanh = params.activation === "tanh";
  const [run, flowRuns] = await Promise.all([
    runSplit({ experiment: "multistage", params, members, threads }),
    tanh ? runJobs({ jobs: [{ experiment: "multistage", params: flowParams }], threads: 1 }) : [],
  ]);
  const flow = flowRuns[0]?.samples.filter((s) => s.member === 0);
  const series = Object.fromEntries(
    ["loss", "w1Rate", "cosMean", "condensedFrac"].map((field) => [field, band({ samples: run.samples, field })]),
  );
  return {
    experiment: "multistage",
    ...base,
    params,
    theory: run.theory,
    series,
    stages: medianStages(run.summaries),
    members: run.summaries.map(({ stages, ...m }) => ({ ...m, secondaryLevel: round(m.secondaryLevel) })),
    reference: referenceOf({ params, samples: run.samples }),
    // Seed 0 of this run and the steps a reader can branch from (its snapshot times); the
    // checkpoints are a file of their own (data/multistage-checkpoints-[preset]), fetched on a branch.
    branch: steps === HEADLINE.steps[preset] && snapshots === HEADLINE.snapshots ? multistageBranch({ preset }) : null,
    flow: flow ? { params: flowParams, step: flow.map((s) => s.step), loss: flow.map((s) => round(s.loss)) } : null,
    snapshots: run.snapshots.map((s) => ({
      step: s.step,
      a: (s.a as number[]).map(round),
      w: (s.w as number[]).map(round),
      b: (s.b as number[]).map(round),
    })),
  };
}

/** Plateau length against ln(1/ε): `seedsPer` seeds at each init scale, one batched ensemble, with the fitted and the theory slope. */
export async function multistageSweep({
  preset,
  // The sweep grid of the CLI and the pages (sim/sweep/grid.ts), largest ε first.
  scales = axisValues({ axis: parseAxis({ schema: multistageSchema, text: "init-scale:1e-6:1e-2:5:log" }) }).reverse(),
  seedsPer = 2,
  steps = 2000,
  threads = availableParallelism(),
}: {
  preset: string;
  scales?: number[];
  seedsPer?: number;
  steps?: number;
  threads?: number;
}) {
  const base = presetParams(preset);
  const params: Params = { ...base.params, steps, snapshots: 0 };
  const members = scales.flatMap((initScale) =>
    Array.from({ length: seedsPer }, (_, j) => ({ seed: Number(params.seed) + j, initScale })),
  );
  const run = await runSplit({ experiment: "multistage", params, members, threads });
  const points = run.summaries.map((m) => ({
    initScale: Number(m.initScale),
    logInvScale: Math.log(1 / Number(m.initScale)),
    seed: Number(m.seed),
    plateauEnd: m.plateauEnd as number | null,
    tInit: round(m.tInit),
  }));
  const ok = points.filter((p) => p.plateauEnd !== null);
  const fit = ok.length >= 2 ? linearFit({ x: ok.map((p) => p.logInvScale), y: ok.map((p) => p.plateauEnd!) }) : null;
  return { experiment: "multistage", ...base, params, theory: run.theory, points, fit };
}
