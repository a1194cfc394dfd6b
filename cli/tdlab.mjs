#!/usr/bin/env node
// The `tdlab` command. It runs the bundle dist-cli/tdlab.js (built by `npm ci`, or
// `npm run build:cli`), plain JavaScript that starts at once; without one, or with
// TDLAB_FROM_SOURCE=1, it runs the TypeScript sources through tsx (slower to start).
import { existsSync } from "node:fs";

const bundle = new URL("../dist-cli/tdlab.js", import.meta.url);
let main;
if (process.env.TDLAB_FROM_SOURCE !== "1" && existsSync(bundle)) ({ main } = await import(bundle.href));
else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("./main.ts"));
}
process.exitCode = await main({ argv: process.argv.slice(2) });
