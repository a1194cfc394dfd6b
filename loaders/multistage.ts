import { availableParallelism } from "node:os";
import type { Params } from "../src/sim/params.js";
import { multistageSchema } from "../src/sim/experiments/multistage.js";
import { linearFit } from "../src/sim/metrics/linearFit.js";
import { quantile } from "../src/sim/metrics/quantiles.js";
import type { Stage } from "../src/sim/metrics/stages.js";
import type { MemberSummary } from "../src/sim/types.js";
import { resolvePreset } from "./presets.js";
import { runSplit } from "./runSplit.js";
import { band, round } from "./band.js";
import { referenceOf } from "./reference.js";

function presetParams(preset: string) {
  const { params, ...info } = resolvePreset({ experiment: "multistage", schema: multistageSchema, name: preset });
  // The preset as the paper sets it (the page's live-run defaults) apart from what the loader overrides.
  return { preset: { ...info, params }, params };
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

/** The page's precomputed ensemble for one preset: seed bands of every metric, stages, snapshots of seed 0. */
export async function multistageDataset({
  preset,
  steps = 40000,
  seeds = 5,
  snapshots = 16,
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
  const run = await runSplit({ experiment: "multistage", params, members, threads });
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
  scales = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6],
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
