import { flagName, type Params, quote, type Schema } from "../params.js";

/**
 * Why a branch from a checkpoint cannot take these parameters: one message per parameter that shapes
 * the run's state (model, data, init; `state` in the schema) and differs from the checkpoint's.
 * The saved weights and streams were made with the checkpoint's values, so a changed width would not
 * fit them and a changed activation or seed would silently continue another run's state.
 */
export function branchConflicts({ schema, from, to }: { schema: Schema; from: Params; to: Params }): string[] {
  return schema
    .filter((spec) => spec.state && from[spec.name] !== undefined && from[spec.name] !== to[spec.name])
    .map(
      (spec) =>
        `${flagName(spec.name)} must stay ${quote(from[spec.name])} in a branch: the checkpoint's run has it (got ${quote(to[spec.name])})`,
    );
}
