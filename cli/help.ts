import { experimentNamed, experiments } from "../src/sim/experiments/index.js";
import { describeRange, flagName } from "../src/sim/params.js";
import { loadPresets } from "../loaders/presets.js";
import { newHelp } from "./new.js";

/** Rows as aligned columns, two spaces apart, each line indented by `indent`. */
export function columns({ rows, indent = "  " }: { rows: string[][]; indent?: string }): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows
    .map((r) => indent + r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]) : cell)).join("  "))
    .join("\n");
}

export function mainHelp({ version }: { version: string }): string {
  return `tdlab ${version}: run the Training Dynamics Lab simulations from a terminal.

Usage:
${columns({
  rows: [
    ["tdlab list", "every experiment with its parameters and presets"],
    ["tdlab run EXPERIMENT [flags]", "train, and stream JSON lines (or CSV) of what it measures"],
    ["tdlab sweep EXPERIMENT --grid NAME=LO:HI:N[:log] [flags]", "a grid of runs, one line per point and seed"],
    ["tdlab merge FILE…", "shards of one sweep back into the whole sweep"],
    ["tdlab slurm EXPERIMENT --grid … --shards N --out DIR", "a script that runs a sweep on a Slurm cluster"],
    ["tdlab slurm --resubmit DIR", "a script that submits again the shards that did not finish"],
    ["tdlab new NAME", "write a new phenomenon to start from: experiment, page, loaders, doc, tests"],
    ["tdlab help [COMMAND [EXPERIMENT]]", "this help, a command's, or an experiment's flags"],
    ["tdlab --version", "the version"],
  ],
})}

Experiments: ${Object.keys(experiments).join(", ")}. \`tdlab run EXPERIMENT --help\` lists its flags.`;
}

export function listHelp(): string {
  return `tdlab list: every experiment, its parameters (flag, default, allowed values) and presets.`;
}

export function runHelp({ experiment }: { experiment: string | null }): string {
  const common = columns({
    rows: [
      ["--preset NAME", "start from a paper's settings (tdlab list shows them)"],
      [
        "--format jsonl|csv",
        "JSON lines (default): header, sample, snapshot, ensemble, summary; or CSV of the samples",
      ],
      [
        "--out FILE",
        "write to FILE (complete or untouched: written beside it, moved into place at the end); a FIFO or device is written as it is",
      ],
      ["--backend js|wasm|cpu", "js (default): the float64 engine; wasm, cpu: TensorFlow.js in float32"],
      ["--progress", "step, steps/s and ETA on stderr (on by default when stderr is a terminal)"],
      ["--checkpoint-every K", "also write every member's full state every K steps (checkpoint lines; js engine)"],
      [
        "--resume FILE --from STEP",
        "continue FILE's run from its checkpoints at STEP; flags given change it (a branch)",
      ],
    ],
  });
  const head = `tdlab run ${experiment ?? "EXPERIMENT"} [flags]: train and stream what the run measures.
Ctrl-C, SIGTERM (a scheduler's time limit) and SIGHUP stop cleanly: what was computed is written,
then {"type":"interrupted","step":N,"signal":…}; exit code 130, 143 or 129. An existing FILE is
never replaced by an interrupted run: that goes to FILE.interrupted.
--resume checks the checkpoints (members, shapes, finite numbers); --steps must be above --from.
Bad input exits with code 2 and one line naming the flag and its allowed range.

Options:
${common}`;
  if (!experiment)
    return `${head}\n\nExperiments: ${Object.keys(experiments).join(", ")}; tdlab run EXPERIMENT --help lists its flags.`;
  return `${head}\n\n${experimentFlags({ experiment })}`;
}

/** An experiment's flags: name, default, allowed range with its unit, and label. */
export function experimentFlags({ experiment }: { experiment: string }): string {
  const exp = experimentNamed(experiment);
  const rows = exp.schema.map((s) => [
    `--${flagName(s.name)}`,
    String(s.default),
    `${describeRange(s)}${s.kind === "number" && s.unit ? ` (${s.unit})` : ""}`,
    s.label,
  ]);
  const presets = Object.entries(loadPresets({ experiment }));
  return `${exp.name}: ${exp.title}
  ${exp.description}
${columns({ rows: [["flag", "default", "allowed", "meaning"], ...rows] })}${
  presets.length
    ? `\n  presets:\n${columns({ rows: presets.map(([name, p]) => [`--preset ${name}`, p.label]), indent: "    " })}`
    : ""
}`;
}

export function sweepHelp({ experiment }: { experiment: string | null }): string {
  const head = `tdlab sweep ${experiment ?? "EXPERIMENT"} --grid NAME=LO:HI:N[:log] [--grid …] [flags]: a grid of runs.
Lines: a header (experiment, fixed params, grid), one point line per grid point and seed
({"type":"point","index","grid","seed","summary"}), and a summary. Each point is one batched
ensemble of its seeds (--seeds S, or --chains for invariant-measure); points run on all cores.
A point whose thread dies is tried once more; one lost twice ends the sweep with a "failed"
line naming it, exit 1. Signals as for tdlab run.

Options:
${columns({
  rows: [
    ["--grid NAME=LO:HI:N[:log]", "sweep a numeric parameter over N values, LO and HI included (repeat for a grid)"],
    ["--shard I/N", "run only the I-th of N disjoint parts (0-based); tdlab merge joins them"],
    ["--threads T", "worker threads (default: SLURM_CPUS_PER_TASK, else one per core; at most the points)"],
    ["--progress", "points done, points/s and ETA on stderr"],
    ["--preset NAME, --out FILE", "as for tdlab run"],
  ],
})}`;
  return experiment ? `${head}\n\n${experimentFlags({ experiment })}` : head;
}

export function mergeHelp(): string {
  return `tdlab merge FILE… [--out FILE] [--allow-missing]: the shards of one sweep (tdlab sweep … --shard I/N)
back into exactly the output of the unsharded sweep, apart from timing fields. It refuses shards of
different sweeps, a shard given twice or unfinished, a shard whose points are not exactly its own
grid points × members, once each, and names every missing shard. --allow-missing merges the
finished shards, ends with {"type":"incomplete","missingShards":[…]} and exits 1 naming the others.`;
}

export function slurmHelp(): string {
  return `tdlab slurm EXPERIMENT --grid … [flags] --shards N --out DIR [--threads T] [--sbatch "OPTIONS"]
prints a bash script: \`tdlab slurm … > submit.sh && bash submit.sh\` submits job arrays of N tasks in
all (N at most the grid's points; arrays of at most the cluster's MaxArraySize, read with scontrol,
1001 where it does not answer), task I running tdlab sweep … --shard I/N --out DIR/shard-I.jsonl on
T CPUs (--cpus-per-task, default 1), and a merge job that starts when every shard has ended
(afterany): it writes DIR/sweep.jsonl from the shards that finished and fails naming the others.
tdlab slurm --resubmit DIR then prints a script that submits only those again, and a new merge.
--sbatch passes options (partition, time, account) to every job, split into shell words as a
shell would and quoted one by one (nothing is expanded). DIR (no control characters) and this
checkout must be on a file system the nodes share.`;
}

/** The help for a topic (a command, and for run and sweep an experiment), or the main help. */
export function helpFor({
  topic,
  experiment,
  version,
}: {
  topic: string | null;
  experiment: string | null;
  version: string;
}): string {
  if (topic === "run") return runHelp({ experiment });
  if (topic === "sweep") return sweepHelp({ experiment });
  if (topic === "merge") return mergeHelp();
  if (topic === "slurm") return slurmHelp();
  if (topic === "list") return listHelp();
  if (topic === "new") return newHelp();
  return mainHelp({ version });
}
