import { build } from "esbuild";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { provenance } from "./provenance.js";

/**
 * The tdlab command as one plain JavaScript file, dist-cli/tdlab.js, so that it starts as fast as
 * Node does: no TypeScript compiled at each start. Built by `npm ci` (the prepare script) and by
 * the tests. dist-cli/ sits at the repository's top level, as cli/ does, so the paths the CLI reads
 * relative to its own file (../package.json, ../data/presets) stay the same. dist-cli/poolThread.js is
 * the sweep pool's thread (node/pool.ts picks it when it sits beside the bundle). TensorFlow.js stays
 * outside the bundle: it is imported from node_modules only when --backend wasm or cpu asks for it.
 */
/**
 * What the CLI bundle leaves in node_modules: TensorFlow.js (imported only for --backend wasm|cpu)
 * and esbuild (`tdlab new` rebuilds this bundle with it).
 */
export const CLI_EXTERNAL = ["@tensorflow/*", "esbuild"];

export async function bundleCli(): Promise<string> {
  const outdir = fileURLToPath(new URL("../dist-cli", import.meta.url));
  const result = await build({
    // The sweep pool's thread is an entry of its own, so that threads run plain JavaScript too.
    entryPoints: {
      tdlab: fileURLToPath(new URL("../cli/main.ts", import.meta.url)),
      poolThread: fileURLToPath(new URL("../node/runJob.ts", import.meta.url)),
    },
    outdir,
    bundle: true,
    // The tfjs loader in a chunk of its own: one file would hoist its imports to the top.
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: CLI_EXTERNAL,
    // The version and commit every output records, as of this build.
    define: { __TDLAB_PROVENANCE__: JSON.stringify(provenance()) },
    // The licences of what the bundle holds stay with it (THIRD_PARTY_NOTICES).
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
  });
  // What the bundle was made from, for cli/tdlab.mjs to refuse a bundle older than its sources.
  const root = fileURLToPath(new URL("..", import.meta.url));
  const inputs = Object.keys(result.metafile!.inputs)
    .filter((f) => !f.startsWith("<")) // esbuild's own entries (a define), not files
    .map((f) => path.relative(root, path.resolve(f)))
    .filter((f) => !f.startsWith("node_modules"));
  writeFileSync(`${outdir}/sources.json`, JSON.stringify({ builtAt: Date.now(), inputs: [...inputs, "package.json"] }));
  // Chunks of earlier builds (their names are content hashes): a process still running loaded its own.
  const current = new Set(Object.keys(result.metafile!.outputs).map((f) => path.basename(f)));
  for (const f of readdirSync(outdir))
    if (f.endsWith(".js") && !current.has(f)) rmSync(path.join(outdir, f), { force: true });
  return `${outdir}/tdlab.js`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleCli();
