/**
 * One flat params object per experiment, described by a schema. The schema is the single source for
 * the page controls, the URL query, the CLI flags, validation and presets (docs/architecture.md).
 */
/** Where a control sits on the page's form: grouped as the paper describes a run. */
export type ParamGroup = "model" | "data" | "optimizer" | "run";
interface Placement {
  group?: ParamGroup;
  /** Folded under "more" on the page: not one of the paper's key parameters. */
  more?: boolean;
  /**
   * Shapes a run's state (the model, the data, the init): a branch from a checkpoint keeps it,
   * since the saved weights and streams were made with it.
   */
  state?: boolean;
  /**
   * Changes what a run records or how many members it has, not member 0's trajectory (steps, seeds,
   * sampling grids): a live run differing only in these reproduces a precomputed one (app/reproduce.ts).
   */
  sampling?: boolean;
}
export interface NumberSpec extends Placement {
  name: string;
  label: string;
  kind: "number";
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  /** Draw the control on a log scale (values spanning decades, like an init scale). */
  log?: boolean;
  unit?: string;
  help?: string;
}
export interface ChoiceSpec extends Placement {
  name: string;
  label: string;
  kind: "choice";
  default: string;
  choices: readonly string[];
  help?: string;
}
export interface BooleanSpec extends Placement {
  name: string;
  label: string;
  kind: "boolean";
  default: boolean;
  help?: string;
}
export type ParamSpec = NumberSpec | ChoiceSpec | BooleanSpec;
export type Schema = readonly ParamSpec[];
export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

/** The run's seed, the same control in every experiment (folded under "more"). */
export function seedSpec({ help }: { help?: string } = {}): NumberSpec {
  const spec: NumberSpec = {
    name: "seed",
    state: true,
    group: "run",
    more: true,
    label: "Seed",
    kind: "number",
    default: 0,
    min: 0,
    max: 2 ** 31 - 1,
    integer: true,
  };
  return help ? { ...spec, help } : spec;
}

/** The seeds an ensemble of independent members has: `seeds` members with seeds seed, seed + 1, … */
export function seedsSpec({ max }: { max: number }): NumberSpec {
  return {
    name: "seeds",
    sampling: true,
    group: "run",
    label: "Seeds",
    kind: "number",
    default: 1,
    min: 1,
    max,
    integer: true,
    help: "ensemble members trained together",
  };
}

/**
 * The choice of GD or gradient flow and the flow's tolerance: the same two controls wherever an
 * experiment has a flow model (a step being time η, so both share GD's axis).
 */
export function optimizerSpecs(): [ChoiceSpec, NumberSpec] {
  return [
    {
      name: "optimizer",
      group: "optimizer",
      label: "Optimizer",
      kind: "choice",
      default: "gd",
      choices: ["gd", "flow"],
      help: "gd: gradient descent with step η; flow: gradient flow dθ/dt = −∇L (Dormand–Prince 5(4)), sampled at t = η·k",
    },
    {
      name: "rtol",
      group: "optimizer",
      more: true,
      label: "Flow tolerance (relative)",
      kind: "number",
      default: 1e-6,
      min: 1e-12,
      max: 1e-2,
      log: true,
      help: "gradient flow only: the integrator's relative error per step",
    },
  ];
}

/** `initScale` → `init-scale`: the spelling used by CLI flags and URL keys. */
export function flagName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function defaults(schema: Schema): Params {
  return Object.fromEntries(schema.map((s) => [s.name, s.default]));
}

/** The allowed range in words, for error messages and `tdlab list`. */
export function describeRange(spec: ParamSpec): string {
  if (spec.kind === "choice") return `one of ${spec.choices.join(", ")}`;
  if (spec.kind === "boolean") return "true or false";
  return `${spec.integer ? "an integer" : "a number"} from ${spec.min} to ${spec.max}`;
}

// Decimal numbers only: "1e-4", "0.5", "-2", "12."; never "0x10", "0b1", "Infinity" or " ".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw: ParamValue): number {
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string" || !DECIMAL.test(raw.trim())) return NaN;
  return Number(raw.trim());
}

/** A value as an error message quotes it: JSON, and no longer than 40 characters. */
export function quote(raw: unknown): string {
  const s = JSON.stringify(raw) ?? String(raw);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

function checkOne(spec: ParamSpec, raw: ParamValue): { value?: ParamValue; error?: string } {
  const bad = () => ({ error: `${flagName(spec.name)} must be ${describeRange(spec)} (got ${quote(raw)})` });
  if (spec.kind === "choice") return spec.choices.includes(String(raw)) ? { value: String(raw) } : bad();
  if (spec.kind === "boolean") {
    if (raw === true || raw === "true" || raw === "1" || raw === "") return { value: true };
    if (raw === false || raw === "false" || raw === "0") return { value: false };
    return bad();
  }
  const v = parseNumber(raw);
  // NaN and ±Infinity fail the range test too; the comparison is written so that NaN fails it.
  if (!(v >= spec.min && v <= spec.max) || (spec.integer && !Number.isInteger(v))) return bad();
  return { value: v };
}

/**
 * The message for a key that names no parameter, as the reader typed it (truncated), with the
 * spelling meant when it differs only in case or camelCase (`initScale`, `WIDTH`).
 */
export function unknownParameter({ schema, key }: { schema: Schema; key: string }): string {
  const flags = schema.map((s) => flagName(s.name));
  const folded = key.replace(/[-_]/g, "").toLowerCase();
  const meant = flags.find((f) => f.replace(/-/g, "") === folded);
  const shown = key.length > 40 ? `${key.slice(0, 39)}…` : key;
  return `unknown parameter ${shown}${meant ? ` (did you mean ${meant}?)` : ""}; allowed: ${flags.join(", ")}`;
}

/**
 * Validate raw values (numbers, or strings from a URL or CLI) against the schema: unknown names and
 * every bad value are reported, one message each, before any compute. Missing names take defaults.
 */
export function validateParams({ schema, values }: { schema: Schema; values: Record<string, ParamValue> }): {
  params: Params;
  errors: string[];
} {
  const params = defaults(schema);
  const errors: string[] = [];
  const byName = new Map(schema.map((s) => [s.name, s]));
  for (const [name, raw] of Object.entries(values)) {
    const spec = byName.get(name);
    if (!spec) {
      errors.push(unknownParameter({ schema, key: flagName(name) }));
      continue;
    }
    const { value, error } = checkOne(spec, raw);
    if (error) errors.push(error);
    else params[name] = value!;
  }
  return { params, errors };
}

/** Like validateParams, but throws one RangeError listing every problem. */
export function parseParams(options: { schema: Schema; values: Record<string, ParamValue> }): Params {
  const { params, errors } = validateParams(options);
  if (errors.length) throw new RangeError(errors.join("; "));
  return params;
}
