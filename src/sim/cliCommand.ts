import { defaults, flagName, type Params } from "./params.js";
import type { Experiment } from "./types.js";

/**
 * The `npx tdlab run …` line that reproduces `params` in a terminal: every value that differs from
 * what the CLI would use by itself (the schema's defaults under the chosen variant's, e.g. the
 * pathways scalar toy's L = 4), so the line stays short and still exact.
 */
export function cliCommand({ experiment, params }: { experiment: Experiment; params: Params }): string {
  const variant = experiment.variants ? experiment.variants.defaults[String(params[experiment.variants.param])] ?? {} : {};
  const base = { ...defaults(experiment.schema), ...variant };
  const flags = experiment.schema
    .filter((s) => params[s.name] !== undefined && params[s.name] !== base[s.name])
    .map((s) => {
      const v = params[s.name];
      return s.kind === "boolean" ? (v ? `--${flagName(s.name)}` : `--${flagName(s.name)} false`) : `--${flagName(s.name)} ${v}`;
    });
  return ["npx tdlab run", experiment.name, ...flags].join(" ");
}
