import { defaults, type Params } from "../params.js";
import type { Experiment } from "../types.js";

/**
 * What a run of `values` starts from before its own values: the schema's defaults under those of the
 * variant its choice picks (pathways' scalar toy has L = 4, σ = 0.3, η = 0.6). The CLI fills a run's
 * params from it; the page's terminal line leaves out what equals it.
 */
export function baseParams({ experiment, values }: { experiment: Experiment; values: Params }): Params {
  const plain = defaults(experiment.schema);
  const chosen = { ...plain, ...values };
  return Object.assign(plain, ...(experiment.variants ?? []).map((v) => v.defaults[String(chosen[v.param])] ?? {}));
}
