import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import path from "node:path";
import type { Tf } from "../src/sim/types.js";

export type NodeBackend = "wasm" | "cpu";

/**
 * tfjs for Node on the chosen backend. WASM by default (tfjs-node's install downloads a native
 * binary from outside the npm registry, and tfjs-cpu is several times slower: bench/results.md); the
 * .wasm binaries are read from node_modules.
 */
export async function loadTf({ backend = "wasm" }: { backend?: NodeBackend } = {}): Promise<Tf> {
  if (backend === "wasm") {
    const require = createRequire(import.meta.url);
    setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")) + path.sep);
  }
  // tfjs prints a "use tfjs-node" banner on the CPU backend in Node; the CLI's stdout must stay clean JSON.
  tf.env().set("IS_TEST", true);
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialize`);
  await tf.ready();
  return tf;
}
