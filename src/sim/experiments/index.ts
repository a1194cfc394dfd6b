import type { Experiment } from "../types.js";
import * as registry from "./registry.js";

/**
 * Every experiment, by name, in the order of their names: the CLI, the loaders, the worker and the
 * site (its sidebar and index) look them up here. `registry.ts` holds one line per experiment.
 */
export const experiments: Record<string, Experiment> = Object.fromEntries(
  (Object.values(registry) as Experiment[])
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => [e.name, e]),
);

/** The experiment called `name`; an unknown name is an error, never a default. */
export function experimentNamed(name: string): Experiment {
  const exp = Object.hasOwn(experiments, name) ? experiments[name] : undefined;
  if (!exp) throw new RangeError(`unknown experiment "${name}"; known: ${Object.keys(experiments).join(", ")}`);
  return exp;
}
