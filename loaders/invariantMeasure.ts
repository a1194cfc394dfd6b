import { availableParallelism } from "node:os";
import type { Params } from "../src/sim/params.js";
import { invariantMeasureSchema } from "../src/sim/experiments/invariantMeasure.js";
import type { MemberSummary, Sample } from "../src/sim/types.js";
import { loadPresets, resolvePreset } from "./presets.js";
import { runJobs } from "../node/pool.js";
import { axisValues, parseAxis } from "../src/sim/sweep/grid.js";
import { runSplit } from "../node/runSplit.js";
import { band, round } from "./band.js";
import { referenceOf } from "./reference.js";
import { branchSteps } from "../src/sim/experiments/branchSteps.js";

const EXPERIMENT = "invariant-measure";
const FIELDS = ["loss", "gradNorm", "batchGradNorm", "vNorm", "eqRatio", "angle"];

/** The run a page branches from for a preset: the preset as the page runs it live, and its checkpoint steps. */
export function invariantMeasureBranch({ preset }: { preset: string }) {
  const params = presetParams(preset).params;
  return { params, steps: branchSteps({ experiment: EXPERIMENT, params }) };
}

/** A preset's params over the default preset over the schema's defaults. */
function presetParams(name: string): { preset: { name: string; label: string; source: string }; params: Params } {
  const { params, ...preset } = resolvePreset({
    experiment: EXPERIMENT,
    schema: invariantMeasureSchema,
    name,
    over: "default",
  });
  return { preset, params };
}

/** Independent seeds: init and mini-batch stream both differ (a seed band, not the same-init chains of E3). */
const seedMembers = (seeds: number, extra: Params = {}) =>
  Array.from({ length: seeds }, (_, j) => ({ initSeed: j, batchSeed: 1000 + j, ...extra }));

const roundSummary = (m: MemberSummary) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === "number" ? round(v) : v]));
const bands = (samples: Sample[]) => Object.fromEntries(FIELDS.map((f) => [f, band({ samples, field: f })]));

/** The default run as a seed band beside controls C1 (full-batch GD, λ = 0) and C2 (SGD, λ = 0). */
export async function invariantMeasureDataset({
  steps = 10000,
  seeds = 5,
  threads = availableParallelism(),
}: {
  steps?: number;
  seeds?: number;
  threads?: number;
} = {}) {
  const runs = ["default", "gd", "sgd-no-wd"].map((name) => ({ name, ...presetParams(name) }));
  // C1 is the slowest (a full batch every step): first in the queue so the threads finish together.
  const order = [1, 0, 2];
  // And the default run as a page runs it live (chains from the seed, not the band's seeds), for
  // the page to compare a live run with (loaders/reference.ts).
  const live = { ...runs[0].params, steps };
  const results = await runJobs({
    jobs: [
      ...order.map((i) => ({
        experiment: EXPERIMENT,
        params: { ...runs[i].params, steps },
        members: seedMembers(seeds),
      })),
      { experiment: EXPERIMENT, params: live },
    ],
    threads,
  });
  const byName = Object.fromEntries(order.map((i, k) => [runs[i].name, results[k]]));
  return {
    experiment: EXPERIMENT,
    preset: { ...runs[0].preset, params: runs[0].params },
    params: { ...runs[0].params, steps, seeds },
    theory: byName.default.summary.theory,
    reference: referenceOf({ params: live, samples: results[3].samples }),
    // Each preset's run as the page runs it live, and where a reader can branch from it: the
    // checkpoints themselves are files of their own (data/invariant-measure-checkpoints-[preset]),
    // fetched only when a reader branches.
    branches: Object.fromEntries(
      Object.keys(loadPresets({ experiment: EXPERIMENT })).map((name) => [
        name,
        invariantMeasureBranch({ preset: name }),
      ]),
    ),
    // Every preset, for the page's live-run selector.
    presets: Object.fromEntries(
      Object.keys(loadPresets({ experiment: EXPERIMENT })).map((name) => {
        const p = presetParams(name);
        return [name, { ...p.preset, params: p.params }];
      }),
    ),
    runs: Object.fromEntries(
      runs.map((r) => [
        r.name,
        {
          label: r.preset.label,
          params: { ...r.params, steps },
          series: bands(byName[r.name].samples),
          members: byName[r.name].summary.members.map(roundSummary),
        },
      ]),
    ),
  };
}

/** E1: the LR drops by `factor` at `at`; ‖V‖ should shrink by factor^{1/4} and ‖∇f‖ grow by factor^{−1/4}. */
export async function invariantMeasureDecay({
  seeds = 5,
  threads = availableParallelism(),
}: {
  seeds?: number;
  threads?: number;
} = {}) {
  const { preset, params } = presetParams("lr-decay");
  const run = await runSplit({ experiment: EXPERIMENT, params, members: seedMembers(seeds), threads });
  return {
    experiment: EXPERIMENT,
    preset,
    params: { ...params, seeds },
    theory: run.theory,
    series: bands(run.samples),
    members: run.summaries.map(roundSummary),
  };
}

/** E2: equilibrium ‖V‖ against λ, `seeds` seeds per λ in one batched ensemble (λ differs per member). */
export async function invariantMeasureSweep({
  // The sweep grid of the CLI and the pages (sim/sweep/grid.ts): λ = 1.25e-3, 5e-3, 2e-2.
  weightDecays = axisValues({
    axis: parseAxis({ schema: invariantMeasureSchema, text: "weight-decay:1.25e-3:2e-2:3:log" }),
  }),
  seeds = 3,
  steps = 20000,
  threads = availableParallelism(),
}: {
  weightDecays?: number[];
  seeds?: number;
  steps?: number;
  threads?: number;
} = {}) {
  const { preset, params } = presetParams("default");
  const members = weightDecays.flatMap((weightDecay) => seedMembers(seeds, { weightDecay }));
  const run = await runSplit({ experiment: EXPERIMENT, params: { ...params, steps }, members, threads });
  return {
    experiment: EXPERIMENT,
    preset,
    params: { ...params, steps },
    weightDecays,
    points: run.summaries.map(roundSummary),
  };
}

/** E3: N chains from one init with different mini-batch seeds, in one program: the law across chains over time. */
export async function invariantMeasureEnsemble({
  chains = 24,
  steps = 10000,
  snapshotEvery = 250,
}: {
  chains?: number;
  steps?: number;
  snapshotEvery?: number;
} = {}) {
  const { preset, params } = presetParams("ensemble");
  const [run] = await runJobs({
    jobs: [{ experiment: EXPERIMENT, params: { ...params, chains, steps, snapshotEvery } }],
    threads: 1,
  });
  const snapshots = run.ensembles.map((e) =>
    Object.fromEntries(
      Object.entries(e).map(([k, v]) => [k, Array.isArray(v) ? v.map(round) : k === "step" ? v : round(v)]),
    ),
  );
  return {
    experiment: EXPERIMENT,
    preset,
    params: { ...params, chains, steps, snapshotEvery },
    theory: run.summary.theory,
    snapshots,
    members: run.summary.members.map(roundSummary),
  };
}
