import { build } from "esbuild";
import { fileURLToPath } from "node:url";

/**
 * The training worker as one self-contained ES module. Framework's own bundling of node_modules
 * ignores package.json "browser" fields, so tfjs-backend-wasm's Emscripten glue kept bare imports of
 * Node's fs/os/path and the worker failed to load. esbuild with platform "browser" honours those
 * fields, and a single bundle guarantees one tfjs-core instance for every backend (docs/architecture.md).
 */
export async function bundleWorker({
  entry = "train",
  minify = true,
}: {
  /** train: the worker with TensorFlow.js; trainJs: the js engine alone. */
  entry?: "train" | "trainJs";
  minify?: boolean;
} = {}): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../src/workers/${entry}.ts`, import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify,
    write: false,
    // TensorFlow.js' Apache-2.0 notices (and the others) stay in the bundle (THIRD_PARTY_NOTICES).
    legalComments: "eof",
    logLevel: "error",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return result.outputFiles[0].text;
}
