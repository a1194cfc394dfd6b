import { readFileSync } from "node:fs";
import type { Params } from "../src/sim/params.js";

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
