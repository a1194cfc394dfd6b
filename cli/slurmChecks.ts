import { spawnSync } from "node:child_process";
import path from "node:path";
import { UsageError } from "./usageError.js";

/** Slurm's default MaxArraySize: array task ids run from 0 to 1000. */
export const DEFAULT_MAX_ARRAY = 1001;

/** The cluster's MaxArraySize from `scontrol show config`, or Slurm's default where it does not answer. */
export function maxArraySize(): number {
  const r = spawnSync("scontrol", ["show", "config"], { encoding: "utf8", timeout: 10_000 });
  const m = r.status === 0 ? /^MaxArraySize\s*=\s*(\d+)/m.exec(r.stdout) : null;
  return m ? Number(m[1]) : DEFAULT_MAX_ARRAY;
}

/** A folder path that is safe inside a script: no control characters (a newline would end a heredoc). */
export function checkedDir(dir: string, flag: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f\u007f]/.test(dir))
    throw new UsageError(`${flag} must not hold control characters (a newline, a tab…)`);
  return path.resolve(dir);
}
