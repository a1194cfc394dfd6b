import { readFileSync } from "node:fs";
import { defaults, type Params, type Schema } from "../src/sim/params.js";

export interface Preset {
  label: string;
  /** Where every number comes from (paper, section). */
  source: string;
  params: Params;
}

/** The papers' settings for one experiment, from data/presets/<experiment>.json (empty if none). */
export function loadPresets({ experiment }: { experiment: string }): Record<string, Preset> {
  try {
    return JSON.parse(readFileSync(new URL(`../data/presets/${experiment}.json`, import.meta.url), "utf8")).presets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

/**
 * One preset's params over an optional base preset (`over`) over the schema's defaults, with its
 * label and source; an unknown name is an error that lists the allowed ones.
 */
export function resolvePreset({
  experiment,
  schema,
  name,
  over,
}: {
  experiment: string;
  schema: Schema;
  name: string;
  over?: string;
}) {
  const presets = loadPresets({ experiment });
  const p = presets[name];
  if (!p) throw new RangeError(`unknown preset ${name}; allowed: ${Object.keys(presets).join(", ")}`);
  const params: Params = { ...defaults(schema), ...(over ? presets[over].params : {}), ...p.params };
  return { name, label: p.label, source: p.source, params };
}
