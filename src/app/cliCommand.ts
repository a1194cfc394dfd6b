import { flagName, type ParamSpec, type Params } from "../sim/params.js";
import type { Experiment } from "../sim/types.js";
import type { GridAxis } from "../sim/sweep/grid.js";
import { baseParams } from "../sim/experiments/baseParams.js";

/**
 * How the command is started: this project's own CLI, from a checkout of its repository (after
 * `npm ci`). Not `npx tdlab`: no package of that name belongs to this project, and npx would fetch
 * whatever is published under it.
 */
export const CLI = "node cli/tdlab.mjs";

/**
 * The `node cli/tdlab.mjs run …` line that reproduces `params` in a terminal: every value that
 * differs from what the CLI would use by itself (the schema's defaults under the chosen variant's,
 * e.g. the pathways scalar toy's L = 4), so the line stays short and still exact; and the backend
 * when the page's is one the CLI has other than its default js (tfjs wasm or cpu).
 */
export function cliCommand({
  experiment,
  params,
  backend = "js",
}: {
  experiment: Experiment;
  params: Params;
  backend?: string;
}): string {
  const flags = flagsOf({ specs: changedParams({ experiment, params }), params });
  const engine = backend === "wasm" || backend === "cpu" ? [`--backend ${backend}`] : [];
  return [`${CLI} run`, experiment.name, ...flags, ...engine].join(" ");
}

/** `--flag value` for each of `specs` (a boolean bare when true). */
function flagsOf({ specs, params }: { specs: ParamSpec[]; params: Params }): string[] {
  return specs.map((s) => {
    const v = params[s.name];
    return s.kind === "boolean"
      ? v
        ? `--${flagName(s.name)}`
        : `--${flagName(s.name)} false`
      : `--${flagName(s.name)} ${v}`;
  });
}

/**
 * The `node cli/tdlab.mjs sweep …` line of a page's live sweep: one --grid per axis, and the
 * other parameters that differ from the CLI's own. Its points × seeds are the page's members.
 */
export function sweepCommand({
  experiment,
  params,
  axes,
}: {
  experiment: Experiment;
  params: Params;
  axes: GridAxis[];
}): string {
  const swept = new Set(axes.map((a) => a.name));
  const specs = changedParams({ experiment, params }).filter((s) => !swept.has(s.name));
  const grids = axes.map((a) => `--grid ${flagName(a.name)}=${a.lo}:${a.hi}:${a.n}${a.log ? ":log" : ""}`);
  return [`${CLI} sweep`, experiment.name, ...grids, ...flagsOf({ specs, params })].join(" ");
}

/**
 * The two lines that give a page's branch in a terminal: the precomputed run it continues
 * (`source`'s parameters) with checkpoints every `step` steps, then `--resume` from it at `step`
 * with the flags whose values differ from the source's. The js engine writes the same states the
 * page branches from, so the branch is the page's, sample for sample.
 */
export function branchCommand({
  experiment,
  params,
  source,
  step,
  file = "branch-source.jsonl",
}: {
  experiment: Experiment;
  params: Params;
  source: Params;
  step: number;
  file?: string;
}): string {
  const every = step > 0 ? step : Number(source.steps);
  const first = [
    `${CLI} run`,
    experiment.name,
    ...flagsOf({ specs: changedParams({ experiment, params: source }), params: source }),
  ];
  const changed = experiment.schema.filter((s) => params[s.name] !== undefined && params[s.name] !== source[s.name]);
  const second = [
    `${CLI} run`,
    experiment.name,
    `--resume ${file} --from ${step}`,
    ...flagsOf({ specs: changed, params }),
  ];
  return `${first.join(" ")} --checkpoint-every ${every} --out ${file} && ${second.join(" ")}`;
}

/** The parameters whose values differ from what the CLI would use by itself (defaults under the variant's). */
export function changedParams({ experiment, params }: { experiment: Experiment; params: Params }): ParamSpec[] {
  const base = baseParams({ experiment, values: params });
  return experiment.schema.filter((s) => params[s.name] !== undefined && params[s.name] !== base[s.name]);
}

/** A short name for a run: its changed parameters, e.g. "lr 0.5, width 200" (a pin's legend label). */
export function runLabel({
  experiment,
  params,
  max = 4,
}: {
  experiment: Experiment;
  params: Params;
  max?: number;
}): string {
  const changed = changedParams({ experiment, params }).map((s) => `${flagName(s.name)} ${params[s.name]}`);
  if (!changed.length) return "defaults";
  return changed.length > max
    ? `${changed.slice(0, max).join(", ")} +${changed.length - max} more`
    : changed.join(", ");
}

/**
 * The terminal line for what a page would run now: its live sweep, its branch from a precomputed
 * run's checkpoint at `from` (steps that end before it run to the source run's end), or its single run.
 */
export function pageCommand({
  experiment,
  params,
  backend,
  sweep,
  from,
  source,
}: {
  experiment: Experiment;
  params: Params;
  backend: string;
  sweep: GridAxis[] | null;
  from: number | null;
  source: Params | null;
}): string {
  if (sweep) return sweepCommand({ experiment, params, axes: sweep });
  if (from !== null && source) {
    const steps = Number(params.steps) <= from ? Number(source.steps) : params.steps;
    return branchCommand({ experiment, params: { ...params, steps }, source, step: from });
  }
  return cliCommand({ experiment, params, backend });
}
