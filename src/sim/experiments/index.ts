import type { Experiment } from "../types.js";
import { multistage } from "./multistage.js";
import { invariantMeasure } from "./invariantMeasure.js";
import { pathways } from "./pathways.js";

/** Every experiment, by name: the CLI, the loaders and the worker look them up here. */
export const experiments: Record<string, Experiment> = {
  [multistage.name]: multistage,
  [invariantMeasure.name]: invariantMeasure,
  [pathways.name]: pathways,
};

/** The experiment called `name`; an unknown name is an error, never a default. */
export function experimentNamed(name: string): Experiment {
  const exp = Object.hasOwn(experiments, name) ? experiments[name] : undefined;
  if (!exp) throw new RangeError(`unknown experiment "${name}"; known: ${Object.keys(experiments).join(", ")}`);
  return exp;
}
