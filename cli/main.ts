import "../node/dataSets.js";
import { validateParams } from "../src/sim/params.js";
import { experimentNamed, experiments } from "../src/sim/experiments/index.js";
import { branchConflicts } from "../src/sim/experiments/branchConflicts.js";
import type { Sample, Tf } from "../src/sim/types.js";
import { csvRow } from "../src/text/csv.js";
import { experimentFlags, helpFor } from "./help.js";
import { ClosedPipe, openOutput, OutputError, type Output } from "./output.js";
import { parseArgs, UsageError, type RunCommand } from "./parseArgs.js";
import { mergeShards } from "./merge.js";
import { slurmCommand } from "./slurm.js";
import { checkStates, readResume } from "./resume.js";
import { PROVENANCE } from "./provenance.js";
import { runSweep } from "./sweep.js";
import { newPhenomenon } from "./new.js";
import { progressReporter } from "./progress.js";

const { version: VERSION, commit: COMMIT } = PROVENANCE;

function list(): string {
  return Object.keys(experiments)
    .map((name) => experimentFlags({ experiment: name }))
    .join("\n\n");
}

/** tfjs only when a tfjs backend is asked for: the js engine's runs (and --help) never load it. */
async function tfFor(backend: RunCommand["backend"]): Promise<Tf | undefined> {
  if (backend === "js") return undefined;
  const { loadTf } = await import("../node/tfNode.js");
  return loadTf({ backend });
}

/**
 * One run, streamed line by line to `out` as it computes. Returns the exit code: 0 when done, 130
 * when interrupted (the caller turns it into the signal's own code), after writing what was
 * computed and an `interrupted` line.
 */
async function run(cmd: RunCommand, out: Output, signal: AbortSignal): Promise<number> {
  const tf = await tfFor(cmd.backend);
  const exp = experimentNamed(cmd.experiment);
  if (cmd.format === "csv" && cmd.checkpointEvery > 0)
    throw new UsageError("checkpoints are JSON lines: use --format jsonl");
  const resume = cmd.resume ? await readResume({ ...cmd.resume, experiment: exp.name }) : null;
  // A resumed run keeps the file's parameters but for the flags given now (a branch changes some).
  if (resume) {
    const { params, errors } = validateParams({ schema: exp.schema, values: { ...resume.params, ...cmd.given } });
    if (errors.length) throw new UsageError(errors.join("; "));
    const conflicts = branchConflicts({ schema: exp.schema, from: resume.params, to: params });
    if (conflicts.length) throw new UsageError(conflicts.join("; "));
    if (Number(params.steps) <= resume.step)
      throw new UsageError(
        `--steps must be above --from ${resume.step} to continue the run (got ${params.steps}${"steps" in cmd.given ? "" : ", the file's"})`,
      );
    await checkStates({ exp, params, resume });
    cmd = { ...cmd, params };
  }
  const line = (o: object) => out.write(`${JSON.stringify(o)}\n`);
  const jsonl = cmd.format === "jsonl";
  let columns: string[] | null = null;
  const csv = (s: Sample) => {
    // Every sample of an experiment has the same fields: the first one names the columns.
    if (!columns) {
      columns = Object.keys(s);
      out.write(`${columns.join(",")}\n`);
    }
    out.write(csvRow({ row: s, columns }));
  };
  if (jsonl)
    line({
      type: "header",
      experiment: exp.name,
      version: VERSION,
      commit: COMMIT,
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
    resume: resume ? { step: resume.step, states: resume.states, history: resume.history } : undefined,
    sink: {
      checkpoint: (c) => jsonl && line({ type: "checkpoint", ...c }),
      sample: (s) => (jsonl ? line({ type: "sample", ...s }) : csv(s)),
      snapshot: (s) => jsonl && line({ type: "snapshot", ...s }),
      ensemble: (e) => jsonl && line({ type: "ensemble", ...e }),
      progress: (p) => {
        at = p;
        progress?.update(p);
      },
    },
  });
  const elapsedMs = Math.round(performance.now() - t0);
  progress?.done(at);
  if (signal.aborted) {
    if (jsonl) line({ type: "interrupted", step: at.step, signal: String(signal.reason ?? "SIGINT"), elapsedMs });
    else process.stderr.write(`tdlab: interrupted at step ${at.step}\n`);
    return 130;
  }
  if (jsonl) line({ type: "summary", elapsedMs, ...summary });
  else process.stderr.write(`summary: ${JSON.stringify({ elapsedMs, ...summary })}\n`);
  return 0;
}

/** The signals that end a run cleanly, and the exit code each gives (128 + its number, as a shell reports it). */
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Caught = keyof typeof SIGNALS;

/**
 * The CLI; returns the exit code (2 for bad usage, with one line on stderr and no stack trace).
 * INT (Ctrl-C), TERM (Slurm's time limit, scancel, Kubernetes, timeout) and HUP (a closed SSH
 * session) all end a run or sweep the same way: what was computed is written, then an
 * `interrupted` line; an existing FILE is never replaced by it (it goes beside, and stderr says where).
 */
export async function main({ argv }: { argv: string[] }): Promise<number> {
  let out: Output | null = null;
  const stop = new AbortController();
  const interrupt = (signal: Caught) => stop.abort(signal);
  // A closed terminal (HUP) makes stderr fail; what matters then is the file.
  const quiet = () => {};
  process.stderr.on("error", quiet);
  try {
    const cmd = parseArgs({ argv });
    const print = (text: string) => {
      out = openOutput({ out: null });
      out.write(`${text}\n`);
      out.finish();
      return 0;
    };
    if (cmd.command === "version") return print(`tdlab ${VERSION}`);
    if (cmd.command === "help")
      return print(helpFor({ topic: cmd.topic, experiment: cmd.experiment, version: VERSION }));
    if (cmd.command === "list") return print(list());
    if (cmd.command === "new") return print(await newPhenomenon(cmd));
    if (cmd.command === "slurm" || cmd.command === "resubmit") return print(slurmCommand({ cmd }));
    for (const s of Object.keys(SIGNALS) as Caught[]) process.on(s, interrupt);
    // Opened before any computing: a path that cannot be written fails now, not after the run.
    out = openOutput({ out: cmd.out });
    if (cmd.command === "merge") {
      const code = mergeShards({ files: cmd.files, out, allowMissing: cmd.allowMissing });
      code === 0 ? out.finish() : out.keepIncomplete();
      return code;
    }
    const code =
      cmd.command === "sweep"
        ? await runSweep({ cmd, out, signal: stop.signal, version: VERSION, commit: COMMIT })
        : await run(cmd, out, stop.signal);
    if (code === 0) out.finish();
    else keptAt({ out: cmd.out, where: out.keepIncomplete() });
    return stop.signal.aborted ? SIGNALS[stop.signal.reason as Caught] : code;
  } catch (error) {
    (out as Output | null)?.abort();
    if (error instanceof ClosedPipe) return 0;
    if (error instanceof UsageError || error instanceof OutputError) {
      process.stderr.write(`tdlab: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`tdlab: ${(error as Error).message ?? error}\n`);
    return 1;
  } finally {
    for (const s of Object.keys(SIGNALS) as Caught[]) process.off(s, interrupt);
    process.stderr.off("error", quiet);
  }
}

/** An incomplete run kept beside an existing FILE: say where, since FILE is not it. */
function keptAt({ out, where }: { out: string | null; where: string | null }) {
  if (out && where?.endsWith(".interrupted"))
    process.stderr.write(`tdlab: ${out} was kept as it was; this run's incomplete output is in ${where}\n`);
}
