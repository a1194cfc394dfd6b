import { defaults, flagName, type ParamSpec, type Params } from "./params.js";
import type { Experiment } from "./types.js";

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
  const flags = changedParams({ experiment, params }).map((s) => {
    const v = params[s.name];
    return s.kind === "boolean"
      ? v
        ? `--${flagName(s.name)}`
        : `--${flagName(s.name)} false`
      : `--${flagName(s.name)} ${v}`;
  });
  const engine = backend === "wasm" || backend === "cpu" ? [`--backend ${backend}`] : [];
  return [`${CLI} run`, experiment.name, ...flags, ...engine].join(" ");
}

/** The parameters whose values differ from what the CLI would use by itself (defaults under the variant's). */
export function changedParams({ experiment, params }: { experiment: Experiment; params: Params }): ParamSpec[] {
  const variant = experiment.variants
    ? (experiment.variants.defaults[String(params[experiment.variants.param])] ?? {})
    : {};
  const base = { ...defaults(experiment.schema), ...variant };
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
