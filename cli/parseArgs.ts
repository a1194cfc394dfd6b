import { experiments } from "../src/sim/experiments/index.js";
import { defaults as defaultsOf, flagName, validateParams, type ParamValue, type Params } from "../src/sim/params.js";
import { loadPresets } from "../loaders/presets.js";

/** A usage error: the CLI prints its message as one line and exits with code 2. */
export class UsageError extends Error {}

export interface RunCommand {
  command: "run";
  experiment: string;
  params: Params;
  preset: string | null;
  format: "jsonl" | "csv";
  out: string | null;
  /** js: the hand-written float64 engine; wasm, cpu: tfjs on that backend. */
  backend: "js" | "wasm" | "cpu";
  /** Report progress on stderr even when it is not a terminal. */
  progress: boolean;
}
export type Command =
  | { command: "list" }
  | { command: "version" }
  | { command: "help"; topic: string | null; experiment: string | null }
  | RunCommand;

/** The run command's own options: allowed values, null for any, "flag" for a bare switch. */
export const OPTIONS: Record<string, readonly string[] | null | "flag"> = {
  preset: null,
  format: ["jsonl", "csv"],
  out: null,
  backend: ["js", "wasm", "cpu"],
  progress: "flag",
};
export const COMMANDS = ["run", "list", "help"] as const;

/**
 * `tdlab run <experiment> [--preset NAME] [--<param> VALUE …] [--format jsonl|csv] [--out FILE]`:
 * defaults, then the preset, then flags; every bad flag or value is a UsageError naming it and
 * what is allowed. A boolean param may be given bare (`--full-batch`).
 */
export function parseArgs({ argv }: { argv: string[] }): Command {
  const [command, name, ...rest] = argv;
  if (command === "--version" || command === "-V" || command === "version") return { command: "version" };
  if (command === undefined || command === "help" || command === "--help" || command === "-h")
    return help(name ?? null, argv[2] ?? null);
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  if (command === "list") return wantsHelp ? help("list", null) : { command: "list" };
  if (command !== "run")
    throw new UsageError(`unknown command ${JSON.stringify(command)}; allowed: ${COMMANDS.join(", ")}, --version`);
  if (wantsHelp) return help("run", name && !name.startsWith("-") ? name : null);
  const exp = name === undefined ? undefined : experiments[name];
  if (!exp)
    throw new UsageError(
      `unknown experiment ${JSON.stringify(name ?? "")}; allowed: ${Object.keys(experiments).join(", ")}`,
    );
  const byFlag = new Map(exp.schema.map((s) => [flagName(s.name), s]));
  const values: Record<string, ParamValue> = Object.create(null);
  const options: Record<string, string> = Object.create(null);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith("--"))
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}; flags look like --lr 0.1`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const spec = byFlag.get(flag);
    if (!spec && !Object.hasOwn(OPTIONS, flag))
      throw new UsageError(
        `unknown flag --${flag}; allowed: ${[...byFlag.keys(), ...Object.keys(OPTIONS)].map((f) => `--${f}`).join(" ")}`,
      );
    const bare = inline === undefined && (rest[i + 1] === undefined || rest[i + 1].startsWith("--"));
    if (OPTIONS[flag] === "flag" && inline === undefined) {
      if (flag in options) throw new UsageError(`--${flag} is given twice; give it once`);
      options[flag] = "true";
      continue;
    }
    if (bare && spec?.kind !== "boolean") throw new UsageError(`--${flag} needs a value`);
    const value = inline ?? (bare ? "true" : rest[++i]);
    if ((spec ? spec.name : flag) in (spec ? values : options))
      throw new UsageError(`--${flag} is given twice; give it once`);
    if (spec) values[spec.name] = value;
    else options[flag] = value;
  }
  for (const [opt, allowed] of Object.entries(OPTIONS))
    if (Array.isArray(allowed) && opt in options && !allowed.includes(options[opt]))
      throw new UsageError(`--${opt} must be one of ${allowed.join(", ")} (got ${JSON.stringify(options[opt])})`);
  const presets = loadPresets({ experiment: exp.name });
  const preset = options.preset ?? null;
  if (preset !== null && !presets[preset])
    throw new UsageError(
      `unknown preset ${JSON.stringify(preset)} for ${exp.name}; allowed: ${Object.keys(presets).join(", ") || "none"}`,
    );
  // Defaults that follow a choice (pathways' scalar toy has L = 4, σ = 0.3, η = 0.6) sit under the preset and the flags.
  const chosen = { ...defaultsOf(exp.schema), ...(preset ? presets[preset].params : {}), ...values };
  const variant = exp.variants ? (exp.variants.defaults[String(chosen[exp.variants.param])] ?? {}) : {};
  const { params, errors } = validateParams({
    schema: exp.schema,
    values: { ...variant, ...(preset ? presets[preset].params : {}), ...values },
  });
  if (errors.length) throw new UsageError(errors.join("; "));
  return {
    command: "run",
    experiment: exp.name,
    params,
    preset,
    format: (options.format ?? "jsonl") as "jsonl" | "csv",
    out: options.out ?? null,
    backend: (options.backend ?? "js") as "js" | "wasm" | "cpu",
    progress: options.progress === "true",
  };
}

function help(topic: string | null, experiment: string | null): Command {
  if (topic !== null && !(COMMANDS as readonly string[]).includes(topic))
    throw new UsageError(`no help for ${JSON.stringify(topic)}; allowed: ${COMMANDS.join(", ")}`);
  if (experiment !== null && !experiments[experiment])
    throw new UsageError(
      `unknown experiment ${JSON.stringify(experiment)}; allowed: ${Object.keys(experiments).join(", ")}`,
    );
  return { command: "help", topic, experiment };
}
