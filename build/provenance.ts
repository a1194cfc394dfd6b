import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** What made an output: the package version and the git commit of the code (with "-dirty" for uncommitted changes). */
export interface Provenance {
  version: string;
  commit: string;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * This checkout's provenance, read now: the bundles stamp it at build time (esbuild's define),
 * the site's data loader writes it into the pages. Outside a git checkout the commit is "unknown".
 */
export function provenance(): Provenance {
  const { version } = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8"));
  const git = (...args: string[]) => spawnSync("git", ["-C", ROOT, ...args], { encoding: "utf8" });
  const head = git("rev-parse", "HEAD");
  if (head.status !== 0) return { version, commit: "unknown" };
  const dirty = git("status", "--porcelain", "--untracked-files=no").stdout.trim() !== "";
  return { version, commit: `${head.stdout.trim()}${dirty ? "-dirty" : ""}` };
}
