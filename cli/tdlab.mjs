#!/usr/bin/env node
// The `tdlab` command. It runs the bundle dist-cli/tdlab.js (built by `npm ci`, or
// `npm run build:cli`), plain JavaScript that starts at once; without one, or with
// TDLAB_FROM_SOURCE=1, it runs the TypeScript sources through tsx (slower to start).
// In a checkout whose sources changed after the bundle was built (a pull, an edit), it refuses
// to run the stale bundle, in one line: the output would not be what the sources say.
import { existsSync, readFileSync, statSync } from "node:fs";

const bundle = new URL("../dist-cli/tdlab.js", import.meta.url);

/** The first source of the bundle changed after it was built, or null (none, or no sources here: a compute node with dist-cli alone). */
function changedSource() {
  const manifest = new URL("../dist-cli/sources.json", import.meta.url);
  if (!existsSync(manifest) || !existsSync(new URL("./main.ts", import.meta.url))) return null;
  const { builtAt, inputs } = JSON.parse(readFileSync(manifest, "utf8"));
  for (const file of inputs) {
    const url = new URL(`../${file}`, import.meta.url);
    if (existsSync(url) && statSync(url).mtimeMs > builtAt) return file;
  }
  return null;
}

let main;
if (process.env.TDLAB_FROM_SOURCE !== "1" && existsSync(bundle)) {
  const changed = changedSource();
  if (changed) {
    process.stderr.write(
      `tdlab: ${changed} changed after the CLI was built; run npm run build:cli (or TDLAB_FROM_SOURCE=1 tdlab …)\n`,
    );
    process.exit(2);
  }
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("./main.ts"));
}
process.exitCode = await main({ argv: process.argv.slice(2) });
