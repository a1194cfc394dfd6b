import { readFileSync } from "node:fs";
import { validateParams, type Params } from "../src/sim/params.js";
import { experiments } from "../src/sim/experiments/index.js";
import { branchConflicts } from "../src/sim/experiments/branchConflicts.js";
import type { Sample, Tf } from "../src/sim/types.js";
import { csvRow } from "../src/text/csv.js";
import { experimentFlags, helpFor } from "./help.js";
import { ClosedPipe, openOutput, OutputError, type Output } from "./output.js";
import { parseArgs, UsageError, type RunCommand } from "./parseArgs.js";
import { mergeShards } from "./merge.js";
import { slurmScript } from "./slurm.js";
import { runSweep } from "./sweep.js";
import { progressReporter } from "./progress.js";

const VERSION: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

function list(): string {
  return Object.keys(experiments)
    .map((name) => experimentFlags({ experiment: name }))
    .join("\n\n");
}

/** tfjs only when a tfjs backend is asked for: the js engine's runs (and --help) never load it. */
async function tfFor(backend: RunCommand["backend"]): Promise<Tf | undefined> {
  if (backend === "js") return undefined;
  const { loadTf } = await import("../loaders/tfNode.js");
  return loadTf({ backend });
}

/**
 * One run, streamed line by line to `out` as it computes. Returns the exit code: 0 when done, 130
 * when interrupted (Ctrl-C), after writing what was computed and an `interrupted` line.
 */
async function run(cmd: RunCommand, out: Output, signal: AbortSignal): Promise<number> {
  const tf = await tfFor(cmd.backend);
  const exp = experiments[cmd.experiment];
  if (cmd.format === "csv" && cmd.checkpointEvery > 0)
    throw new UsageError("checkpoints are JSON lines: use --format jsonl");
  const resume = cmd.resume ? readCheckpoints({ ...cmd.resume, experiment: exp.name }) : null;
  // A resumed run keeps the file's parameters but for the flags given now (a branch changes some).
  if (resume) {
    const { params, errors } = validateParams({ schema: exp.schema, values: { ...resume.params, ...cmd.given } });
    if (errors.length) throw new UsageError(errors.join("; "));
    const conflicts = branchConflicts({ schema: exp.schema, from: resume.params, to: params });
    if (conflicts.length) throw new UsageError(conflicts.join("; "));
    cmd = { ...cmd, params };
  }
  const line = (o: object) => out.write(`${JSON.stringify(o)}\n`);
  const jsonl = cmd.format === "jsonl";
  let columns: string[] | null = null;
  const csv = (s: Sample) => {
    // Every sample of an experiment has the same fields: the first one names the columns.
    if (!columns) out.write(`${((columns = Object.keys(s))).join(",")}\n`);
    out.write(csvRow({ row: s, columns }));
  };
  if (jsonl)
    line({
      type: "header",
      experiment: exp.name,
      version: VERSION,
      preset: cmd.preset,
      params: cmd.params,
      backend: tf ? tf.getBackend() : "js",
      ...(cmd.resume ? { resumedFrom: cmd.resume } : {}),
    });
  const progress = cmd.progress || process.stderr.isTTY ? progressReporter() : null;
  let at = { step: 0, steps: Number(cmd.params.steps) };
  const t0 = performance.now();
  const summary = await exp.run({
    tf,
    engine: tf ? "tfjs" : "js",
    params: cmd.params,
    signal,
    checkpointEvery: cmd.checkpointEvery,
    resume: resume ?? undefined,
    sink: {
      checkpoint: (c) => jsonl && line({ type: "checkpoint", ...c }),
      sample: (s) => (jsonl ? line({ type: "sample", ...s }) : csv(s)),
      snapshot: (s) => jsonl && line({ type: "snapshot", ...s }),
      ensemble: (e) => jsonl && line({ type: "ensemble", ...e }),
      progress: (p) => ((at = p), progress?.update(p)),
    },
  });
  const elapsedMs = Math.round(performance.now() - t0);
  progress?.done(at);
  if (signal.aborted) {
    if (jsonl) line({ type: "interrupted", step: at.step, elapsedMs });
    else process.stderr.write(`tdlab: interrupted at step ${at.step}\n`);
    return 130;
  }
  if (jsonl) line({ type: "summary", elapsedMs, ...summary });
  else process.stderr.write(`summary: ${JSON.stringify({ elapsedMs, ...summary })}\n`);
  return 0;
}

/** The checkpoints of `file` at `step`, one per member, and the parameters of the run that wrote them. */
function readCheckpoints({ file, step, experiment }: { file: string; step: number; experiment: string }) {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new OutputError(
      `cannot read --resume ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let header: { experiment?: string; params?: Params } | null = null;
  const states: Record<string, unknown>[] = [];
  const steps = new Set<number>();
  for (const l of text.split("\n")) {
    if (!l.startsWith('{"type":"header"') && !l.startsWith('{"type":"checkpoint"')) continue;
    const o = JSON.parse(l);
    if (o.type === "header") header = o;
    else steps.add(o.step), o.step === step && (states[o.member] = o.state);
  }
  if (!header || header.experiment !== experiment)
    throw new UsageError(`--resume ${file} is not a tdlab run of ${experiment}`);
  if (!states.length)
    throw new UsageError(
      `--resume ${file} has no checkpoint at step ${step}; it has ${steps.size ? [...steps].join(", ") : "none (run it with --checkpoint-every K)"}`,
    );
  return { step, states, params: header.params ?? {} };
}

/** The CLI; returns the exit code (2 for bad usage, with one line on stderr and no stack trace). */
export async function main({ argv }: { argv: string[] }): Promise<number> {
  let out: Output | null = null;
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  try {
    const cmd = parseArgs({ argv });
    const print = (text: string) => ((out = openOutput({ out: null })), out.write(`${text}\n`), out.finish(), 0);
    if (cmd.command === "version") return print(`tdlab ${VERSION}`);
    if (cmd.command === "help")
      return print(helpFor({ topic: cmd.topic, experiment: cmd.experiment, version: VERSION }));
    if (cmd.command === "list") return print(list());
    if (cmd.command === "slurm") return print(slurmScript({ cmd }));
    // Opened before any computing: a path that cannot be written fails now, not after the run.
    out = openOutput({ out: cmd.out });
    if (cmd.command === "merge") {
      const code = mergeShards({ files: cmd.files, out });
      out.finish();
      return code;
    }
    process.on("SIGINT", interrupt);
    const code =
      cmd.command === "sweep"
        ? await runSweep({ cmd, out, signal: stop.signal, version: VERSION })
        : await run(cmd, out, stop.signal);
    out.finish();
    return code;
  } catch (error) {
    (out as Output | null)?.abort();
    if (error instanceof ClosedPipe) return 0;
    if (error instanceof UsageError || error instanceof OutputError)
      return (process.stderr.write(`tdlab: ${error.message}\n`), 2);
    process.stderr.write(`tdlab: ${(error as Error).message ?? error}\n`);
    return 1;
  } finally {
    process.off("SIGINT", interrupt);
  }
}
