import { createWriteStream, readFileSync } from "node:fs";
import { experiments } from "../src/sim/experiments/index.js";
import { describeRange, flagName } from "../src/sim/params.js";
import type { Sample } from "../src/sim/types.js";
import { toCsv } from "../src/text/csv.js";
import { loadPresets } from "../loaders/presets.js";
import { parseArgs, UsageError, type RunCommand } from "./parseArgs.js";
import { loadTf } from "../loaders/tfNode.js";

const VERSION: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

const HELP = `tdlab ${VERSION}: run the Training Dynamics Lab simulations from a terminal.

  tdlab list                                   every experiment, its parameters and presets
  tdlab run <experiment> [--preset NAME] [--<param> VALUE ...] [--format jsonl|csv] [--out FILE] [--backend js|wasm|cpu]

--backend: js (default) is the hand-written float64 engine, fastest in Node; wasm and cpu run tfjs.
JSON lines: a header line, one sample line per member and sampled step, a summary line.`;

function list(write: (s: string) => void) {
  for (const exp of Object.values(experiments)) {
    write(`${exp.name}: ${exp.title}\n  ${exp.description}\n`);
    for (const s of exp.schema)
      write(
        `  --${flagName(s.name).padEnd(14)} default ${String(s.default).padEnd(8)} ${describeRange(s)}${s.kind === "number" && s.unit ? ` (${s.unit})` : ""}  ${s.label}\n`,
      );
    const presets = loadPresets({ experiment: exp.name });
    for (const [name, p] of Object.entries(presets)) write(`  --preset ${name.padEnd(6)} ${p.label}\n`);
  }
}

async function run(cmd: RunCommand, out: NodeJS.WritableStream) {
  const tf = cmd.backend === "js" ? undefined : await loadTf({ backend: cmd.backend });
  const exp = experiments[cmd.experiment];
  const line = (o: object) => out.write(`${JSON.stringify(o)}\n`);
  const samples: Sample[] = [];
  if (cmd.format === "jsonl")
    line({
      type: "header",
      experiment: exp.name,
      version: VERSION,
      preset: cmd.preset,
      params: cmd.params,
      backend: tf ? tf.getBackend() : "js",
    });
  const summary = await exp.run({
    tf,
    engine: tf ? "tfjs" : "js",
    params: cmd.params,
    sink: {
      sample: (s) => (cmd.format === "jsonl" ? line({ type: "sample", ...s }) : samples.push(s)),
      snapshot: (s) => cmd.format === "jsonl" && line({ type: "snapshot", ...s }),
      ensemble: (e) => cmd.format === "jsonl" && line({ type: "ensemble", ...e }),
    },
  });
  if (cmd.format === "jsonl") line({ type: "summary", ...summary });
  else {
    out.write(toCsv({ rows: samples, columns: [...new Set(samples.flatMap((s) => Object.keys(s)))] }));
    process.stderr.write(`summary: ${JSON.stringify(summary)}\n`);
  }
}

/** The CLI; returns the exit code (2 for bad usage, with one line on stderr and no stack trace). */
export async function main({ argv }: { argv: string[] }): Promise<number> {
  try {
    const cmd = parseArgs({ argv });
    if (cmd.command === "help") return (process.stdout.write(`${HELP}\n`), 0);
    if (cmd.command === "list") return (list((s) => process.stdout.write(s)), 0);
    const out = cmd.out ? createWriteStream(cmd.out) : process.stdout;
    await run(cmd, out);
    if (cmd.out) await new Promise((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return (process.stderr.write(`tdlab: ${error.message}\n`), 2);
    process.stderr.write(`tdlab: ${(error as Error).message ?? error}\n`);
    return 1;
  }
}
