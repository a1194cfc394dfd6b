import { experiments } from "../src/sim/experiments/index.js";
import { flagName, quote, validateParams, type ParamValue, type Params } from "../src/sim/params.js";
import { expandGrid, parseAxis, parseShard, type GridAxis } from "../src/sim/sweep/grid.js";
import { loadPresets } from "../loaders/presets.js";
import { baseParams } from "../src/sim/experiments/baseParams.js";
import { checkedDir, maxArraySize } from "./slurmChecks.js";
import { UsageError } from "./usageError.js";
import { parseNew, type NewCommand } from "./new.js";

export { UsageError } from "./usageError.js";

/** What run, sweep and slurm share: the experiment, its params, and where the lines go. */
interface Runs {
  experiment: string;
  params: Params;
  preset: string | null;
  out: string | null;
  /** Report progress on stderr even when it is not a terminal. */
  progress: boolean;
}
export interface RunCommand extends Runs {
  command: "run";
  format: "jsonl" | "csv";
  /** js: the hand-written float64 engine; wasm, cpu: tfjs on that backend. */
  backend: "js" | "wasm" | "cpu";
  /** Write every member's checkpoint every this many steps (0: none). */
  checkpointEvery: number;
  /** Continue the run in `file` from its checkpoints at `step`, with these flags changed. */
  resume: { file: string; step: number } | null;
  /** The parameters given as flags (a resumed run takes the rest from the file's header). */
  given: Params;
}
export interface SweepCommand extends Runs {
  command: "sweep";
  grid: GridAxis[];
  shard: { index: number; count: number } | null;
  /** Worker threads for the points (default: one per core). */
  threads: number | null;
}
export interface SlurmCommand extends Runs {
  command: "slurm";
  grid: GridAxis[];
  /** Shards asked for (the script caps them at the points). */
  shards: number;
  /** The sweep's grid points. */
  points: number;
  /** The cluster's MaxArraySize: more shards go in several arrays. */
  maxArray: number;
  /** CPUs per shard: --cpus-per-task, and the shard's sweep threads. */
  threads: number;
  /** Extra sbatch options for every job (partition, time, account), as shell words. */
  sbatch: string[];
  /** The flags of the sweep as given, passed on to each shard's `tdlab sweep`. */
  argv: string[];
}
export interface ResubmitCommand {
  command: "resubmit";
  dir: string;
}
export interface MergeCommand {
  command: "merge";
  files: string[];
  out: string | null;
  /** Merge the finished shards and name the others (the Slurm merge job). */
  allowMissing: boolean;
}
export type Command =
  | { command: "list" }
  | { command: "version" }
  | { command: "help"; topic: string | null; experiment: string | null }
  | NewCommand
  | RunCommand
  | SweepCommand
  | SlurmCommand
  | ResubmitCommand
  | MergeCommand;

/** Each command's own options: allowed values, null for any, "flag" for a bare switch, "many" repeatable. */
type OptionKind = readonly string[] | null | "flag" | "many";
const COMMON: Record<string, OptionKind> = { preset: null, out: null, progress: "flag" };
export const OPTIONS: Record<string, Record<string, OptionKind>> = {
  run: {
    ...COMMON,
    format: ["jsonl", "csv"],
    backend: ["js", "wasm", "cpu"],
    "checkpoint-every": null,
    resume: null,
    from: null,
  },
  sweep: { ...COMMON, grid: "many", shard: null, threads: null },
  slurm: { ...COMMON, grid: "many", shards: null, sbatch: null, threads: null },
};
export const COMMANDS = ["run", "sweep", "merge", "slurm", "new", "list", "help"] as const;

/**
 * `tdlab <command> …`. For run, sweep and slurm: `<experiment> [--preset NAME] [--<param> VALUE …]
 * [options]`, defaults, then the preset, then flags; every bad flag or value is a UsageError naming
 * it and what is allowed. A boolean param may be given bare (`--full-batch`).
 */
export function parseArgs({ argv }: { argv: string[] }): Command {
  const [command, name, ...rest] = argv;
  if (command === "--version" || command === "-V" || command === "version") return { command: "version" };
  if (command === undefined || command === "help" || command === "--help" || command === "-h")
    return help(name ?? null, argv[2] ?? null);
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command ${quote(command)}; allowed: ${COMMANDS.join(", ")}, --version`);
  if (wantsHelp) return help(command, name && !name.startsWith("-") && Object.hasOwn(experiments, name) ? name : null);
  if (command === "list") return { command: "list" };
  if (command === "new") return guard(() => parseNew(argv.slice(1)));
  if (command === "merge") return merge(argv.slice(1));
  if (command === "slurm" && (name === "--resubmit" || name?.startsWith("--resubmit="))) return resubmit(argv.slice(1));
  const exp = name !== undefined && Object.hasOwn(experiments, name) ? experiments[name] : undefined;
  if (!exp)
    throw new UsageError(`unknown experiment ${quote(name ?? "")}; allowed: ${Object.keys(experiments).join(", ")}`);
  const { values, options } = parseFlags({ rest, schema: exp.schema, allowed: OPTIONS[command] });
  const presets = loadPresets({ experiment: exp.name });
  const preset = (options.preset as string | undefined) ?? null;
  if (preset !== null && !presets[preset])
    throw new UsageError(
      `unknown preset ${quote(preset)} for ${exp.name}; allowed: ${Object.keys(presets).join(", ") || "none"}`,
    );
  // Defaults that follow a choice (pathways' scalar toy) sit under the preset and the flags.
  const given = { ...(preset ? presets[preset].params : {}), ...values };
  const base = baseParams({ experiment: exp, values: given });
  const { params, errors } = validateParams({ schema: exp.schema, values: { ...base, ...given } });
  if (errors.length) throw new UsageError(errors.join("; "));
  // What the values allow only together (a train size within its data set, real data on a model
  // with inputs) the experiment's theory checks: computing it is cheap, and it is computed once.
  guard(() => exp.theory?.(params));
  const runs = {
    experiment: exp.name,
    params,
    preset,
    out: (options.out as string) ?? null,
    progress: options.progress === "true",
  };
  if (command === "run") {
    const every = options["checkpoint-every"] === undefined ? 0 : Number(options["checkpoint-every"]);
    if (!(Number.isInteger(every) && every >= 0 && every <= 200000))
      throw new UsageError(
        `--checkpoint-every must be an integer from 0 to 200000 (got ${quote(options["checkpoint-every"])})`,
      );
    if ((options.resume === undefined) !== (options.from === undefined))
      throw new UsageError("--resume FILE and --from STEP go together");
    const from = Number(options.from);
    if (options.from !== undefined && !(/^\d+$/.test(options.from as string) && Number.isSafeInteger(from)))
      throw new UsageError(`--from must be a step, an integer from 0 (got ${quote(options.from)})`);
    const backend = ((options.backend as string) ?? "js") as "js" | "wasm" | "cpu";
    if ((every > 0 || options.resume !== undefined) && backend !== "js")
      throw new UsageError("--checkpoint-every and --resume need --backend js (checkpoints are float64 state)");
    return {
      command: "run",
      ...runs,
      format: ((options.format as string) ?? "jsonl") as "jsonl" | "csv",
      backend,
      checkpointEvery: every,
      resume: options.resume === undefined ? null : { file: options.resume as string, step: from },
      given: Object.fromEntries(Object.keys(values).map((k) => [k, params[k]])),
    };
  }
  const grid = gridOf({ schema: exp.schema, texts: (options.grid as string[] | undefined) ?? [], values });
  const threads = options.threads === undefined ? null : Number(options.threads);
  if (threads !== null && !(Number.isInteger(threads) && threads >= 1 && threads <= 256))
    throw new UsageError(`--threads must be an integer from 1 to 256 (got ${quote(options.threads)})`);
  if (command === "sweep") {
    const shard = options.shard === undefined ? null : guard(() => parseShard(options.shard as string));
    return { command: "sweep", ...runs, grid, shard, threads };
  }
  const shards = Number(options.shards);
  if (!(Number.isInteger(shards) && shards >= 1 && shards <= 100_000))
    throw new UsageError(`--shards must be an integer from 1 to 100000 (got ${quote(options.shards ?? "")})`);
  if (!runs.out) throw new UsageError("tdlab slurm needs --out DIR: the folder the shards and the merged sweep go to");
  checkedDir(runs.out, "--out");
  // What each shard's `tdlab sweep` gets: the experiment and every flag but slurm's own.
  const own = new Set(["--shards", "--sbatch", "--out", "--threads"]);
  const passed: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s, 2);
    if (own.has(flag)) i += inline === undefined ? 1 : 0;
    else passed.push(rest[i]);
  }
  return {
    command: "slurm",
    ...runs,
    grid,
    shards,
    points: expandGrid({ schema: exp.schema, axes: grid }).length,
    maxArray: maxArraySize(),
    threads: threads ?? 1,
    sbatch: guard(() => shellWords(options.sbatch === undefined ? "" : (options.sbatch as string))),
    argv: [exp.name, ...passed],
  };
}

/** `tdlab slurm --resubmit DIR`. */
function resubmit(args: string[]): ResubmitCommand {
  const [flag, inline] = args[0].split(/=(.*)/s, 2);
  const dir = inline ?? args[1];
  if (flag !== "--resubmit" || !dir)
    throw new UsageError("tdlab slurm --resubmit DIR: the folder of an earlier tdlab slurm");
  if (args.length > (inline === undefined ? 2 : 1))
    throw new UsageError("tdlab slurm --resubmit DIR takes nothing else: the rest comes from DIR/slurm.json");
  return { command: "resubmit", dir };
}

/**
 * `--sbatch "…"` as the shell would split it: words separated by blanks, '…' taken literally,
 * "…" and a backslash escaping. Nothing is expanded: each word is passed to sbatch as written.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null && c === quote) quote = null;
    else if (quote === "'") word += c;
    else if (c === "\\" && i + 1 < text.length) word = (word ?? "") + text[++i];
    else if (quote === '"') word += c;
    else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? "") + c;
  }
  if (quote) throw new RangeError(`--sbatch has an unclosed ${quote}`);
  if (word !== null) words.push(word);
  return words;
}

/** The flags after `<command> <experiment>`: schema params by their flag name, and the command's options. */
function parseFlags({
  rest,
  schema,
  allowed,
}: {
  rest: string[];
  schema: (typeof experiments)[string]["schema"];
  allowed: Record<string, OptionKind>;
}) {
  const byFlag = new Map(schema.map((s) => [flagName(s.name), s]));
  const values: Record<string, ParamValue> = Object.create(null);
  const options: Record<string, string | string[]> = Object.create(null);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument ${quote(arg)}; flags look like --lr 0.1`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const spec = byFlag.get(flag);
    const kind = Object.hasOwn(allowed, flag) ? allowed[flag] : undefined;
    if (!spec && kind === undefined)
      throw new UsageError(
        `unknown flag --${flag}; allowed: ${[...byFlag.keys(), ...Object.keys(allowed)].map((f) => `--${f}`).join(" ")}`,
      );
    if (kind === "flag" && inline === undefined) {
      if (flag in options) throw new UsageError(`--${flag} is given twice; give it once`);
      options[flag] = "true";
      continue;
    }
    // A value may itself start with "--" (--sbatch "--time=10"); only a boolean stands alone before a flag.
    const bare =
      inline === undefined && (rest[i + 1] === undefined || (spec?.kind === "boolean" && rest[i + 1].startsWith("--")));
    if (bare && spec?.kind !== "boolean") throw new UsageError(`--${flag} needs a value`);
    const value = inline ?? (bare ? "true" : rest[++i]);
    if (kind === "many") {
      options[flag] = [...((options[flag] as string[] | undefined) ?? []), value];
      continue;
    }
    if ((spec ? spec.name : flag) in (spec ? values : options))
      throw new UsageError(`--${flag} is given twice; give it once`);
    if (spec) values[spec.name] = value;
    else options[flag] = value;
  }
  for (const [opt, kind] of Object.entries(allowed))
    if (Array.isArray(kind) && opt in options && !kind.includes(options[opt] as string))
      throw new UsageError(`--${opt} must be one of ${kind.join(", ")} (got ${quote(options[opt])})`);
  return { values, options };
}

/** The sweep's axes from `--grid NAME=LO:HI:N[:log]`: at least one, none also fixed by a flag. */
function gridOf({
  schema,
  texts,
  values,
}: {
  schema: Parameters<typeof parseAxis>[0]["schema"];
  texts: string[];
  values: Record<string, ParamValue>;
}) {
  if (!texts.length) throw new UsageError("a sweep needs --grid NAME=LO:HI:N[:log] (one or more)");
  const axes = texts.map((t) => guard(() => parseAxis({ schema, text: t.replace("=", ":") })));
  for (const a of axes)
    if (a.name in values) throw new UsageError(`--${flagName(a.name)} is both swept and fixed; give it once`);
  guard(() => expandGrid({ schema, axes }));
  return axes;
}

function merge(args: string[]): MergeCommand {
  const files: string[] = [];
  let out: string | null = null;
  let allowMissing = false;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag === "--allow-missing" && inline === undefined) allowMissing = true;
    else if (flag === "--out") {
      if (out !== null) throw new UsageError("--out is given twice; give it once");
      out = inline ?? args[++i] ?? "";
      if (!out) throw new UsageError("--out needs a value");
    } else if (args[i].startsWith("--"))
      throw new UsageError(`unknown flag ${quote(flag)}; allowed: --out, --allow-missing`);
    else files.push(args[i]);
  }
  if (!files.length) throw new UsageError("tdlab merge needs the shard files: tdlab merge FILE… [--out FILE]");
  return { command: "merge", files, out, allowMissing };
}

/** A parser's RangeError as a usage error (one line, exit 2). */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

function help(topic: string | null, experiment: string | null): Command {
  if (topic !== null && !(COMMANDS as readonly string[]).includes(topic))
    throw new UsageError(`no help for ${quote(topic)}; allowed: ${COMMANDS.join(", ")}`);
  if (experiment !== null && !Object.hasOwn(experiments, experiment))
    throw new UsageError(`unknown experiment ${quote(experiment)}; allowed: ${Object.keys(experiments).join(", ")}`);
  return { command: "help", topic, experiment };
}
