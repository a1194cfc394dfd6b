import { readFileSync } from "node:fs";
// Served with the site so the worker's WASM backend loads from the site's own origin.
process.stdout.write(
  readFileSync(
    new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm", import.meta.url),
  ),
);
