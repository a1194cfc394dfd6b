import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Framework reruns a data loader only when the loader file itself is newer than its cached output;
 * it does not see the modules the loader imports. Our shims import the simulation, the loaders, the
 * worker and this build plumbing, so hash all of those (and the lockfile) and clear the loaders'
 * outputs when the hash changes (or always, with TDLAB_COLD=1). Framework's other caches (its
 * bundles of npm modules, `_npm` and `_node`) do not depend on our sources and are kept.
 * Run before `observable build` and `observable preview`.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cache = path.join(root, "src/.observablehq/cache");
// Framework writes each data loader's output under cache/data, named as the file it serves, and a
// page loader's output as its page (cache/index.md).
const loaderOutputs = path.join(cache, "data");
const stamp = path.join(cache, ".sources-sha256");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

export function sourcesHash(): string {
  const hash = createHash("sha256");
  const list = [
    ...[
      "src/sim",
      "src/app",
      "src/workers",
      "src/data",
      "src/text",
      "src/cards",
      "loaders",
      "node",
      "build",
      "data",
    ].flatMap((d) => files(path.join(root, d))),
    path.join(root, "package-lock.json"),
  ].sort();
  for (const f of list) hash.update(path.relative(root, f)).update("\0").update(readFileSync(f));
  return hash.digest("hex");
}

const current = sourcesHash();
let previous = "";
try {
  previous = readFileSync(stamp, "utf8");
} catch {}
// TDLAB_COLD=1 forces a cold build (every loader reruns): the determinism test builds twice.
if (previous !== current || process.env.TDLAB_COLD === "1") {
  rmSync(loaderOutputs, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  // Page loaders' outputs (the index, listing every phenomenon) sit beside it, named as their page.
  for (const f of readdirSync(cache, { recursive: true, encoding: "utf8" }))
    if (f.endsWith(".md") && !f.startsWith("_")) rmSync(path.join(cache, f));
  writeFileSync(stamp, current);
  if (previous) console.log("sources changed: cleared the data loader cache");
}
