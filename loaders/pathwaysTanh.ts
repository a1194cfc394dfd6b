import { runJobs } from "../node/pool.js";
import { baseParams } from "../src/sim/experiments/baseParams.js";
import { pathways } from "../src/sim/experiments/pathways.js";
import type { Params } from "../src/sim/params.js";
import type { Sample } from "../src/sim/types.js";
import { median } from "../src/sim/metrics/quantiles.js";
import { r4 } from "./band.js";

const EXPERIMENT = "pathways";

/**
 * The nonlinear version on the digits, as in Cohen et al.'s Figure 1 (ICLR 2021): the pathway net
 * with tanh hidden layers, full-batch GD at two step sizes, its sharpness (λ_max of the Hessian,
 * Lanczos on exact Hessian-vector products) against 2/η; loss ½E‖F(x̃) − y‖², the linear fit's
 * floor included.
 */
export async function pathwaysDigitsTanh({ lrs = [0.5, 1], steps = 3000 } = {}) {
  const values: Params = { data: "digits", activation: "tanh" };
  const params: Params = {
    ...baseParams({ experiment: pathways, values }),
    ...values,
    steps,
    sharpnessEvery: 100,
    sharpnessIters: 16,
    every: 50,
    seeds: 1,
  };
  const runs = await runJobs({
    jobs: lrs.map((lr) => ({ experiment: EXPERIMENT, params: { ...params, lr }, members: [{ seed: 0, lr }] })),
  });
  const traces = runs.map((run, i) => {
    const rows = run.samples.filter((s: Sample) => s.member === 0);
    const sharp = rows.filter((s) => s.sharpness !== null);
    return {
      lr: lrs[i],
      step: rows.map((s) => s.step),
      loss: rows.map((s) => r4(s.loss)),
      sharpnessStep: sharp.map((s) => s.step),
      sharpness: sharp.map((s) => r4(s.sharpness)),
      share: rows.map((s) => r4((s.share as (number | null)[])[0])),
    };
  });
  const theory = runs[0].summary.theory as unknown as { lossFloor: number };
  return {
    experiment: EXPERIMENT,
    params,
    lossFloor: theory.lossFloor,
    traces,
    verdict: tanhVerdict({ traces, steps }),
  };
}

type TanhTrace = {
  lr: number;
  step: number[];
  sharpnessStep: number[];
  sharpness: (number | null)[];
  loss: (number | null)[];
};

/**
 * Per step size: progressive sharpening (the sharpness grows at least 3× from its first value
 * before reaching 2/η) and the edge of stability (its median over the last half of the run within
 * 10 % of 2/η, the loss still falling overall).
 */
export function tanhVerdict({ traces, steps }: { traces: TanhTrace[]; steps: number }) {
  const rows = traces.map((t) => {
    const s = t.sharpness.map((v) => v ?? Number.NaN);
    const late = median(s.filter((v, i) => t.sharpnessStep[i] >= steps / 2 && Number.isFinite(v)));
    const edge = 2 / t.lr;
    const half = t.loss[t.step.findIndex((x) => x >= steps / 2)];
    return {
      lr: t.lr,
      edge,
      first: s[0],
      late,
      sharpens: s.some((v) => v >= 3 * s[0]),
      hovers: Math.abs(late / edge - 1) < 0.1,
      finalLoss: t.loss.at(-1),
      falls: half != null && t.loss.at(-1) != null && t.loss.at(-1)! < half,
    };
  });
  const holds = rows.every((r) => r.sharpens && r.hovers && r.falls);
  const f = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? "–" : v.toPrecision(3));
  const each = rows
    .map(
      (r) =>
        `at η = ${r.lr} the sharpness grows from ${f(r.first)} ${r.sharpens ? "(progressive sharpening)" : "(little)"} and ${r.hovers ? "hovers" : "ends"} at ${f(r.late)} against 2/η = ${f(r.edge)}`,
    )
    .join("; ");
  const text = holds
    ? `With tanh hidden layers Cohen et al.'s picture holds on the digits: ${each}, while the loss keeps falling over the second half (to ${rows.map((r) => f(r.finalLoss)).join(" and ")}).`
    : `With tanh hidden layers the picture bends: ${each}.`;
  return { holds, rows, text };
}
