import { flagName, quote, type NumberSpec, type Schema } from "../params.js";

/** One swept parameter: `n` values from `lo` to `hi`, edges included, evenly or log-spaced. */
export interface GridAxis {
  name: string;
  lo: number;
  hi: number;
  n: number;
  log: boolean;
}

/** One point of a grid: its index in the grid's order (the last axis fastest) and its values. */
export interface GridPoint {
  index: number;
  values: Record<string, number>;
}

/** The largest grid a sweep may ask for (10⁵ points: a fine η × K × L diagram with seeds fits). */
export const MAX_POINTS = 100_000;

/**
 * Parse `NAME:LO:HI:N[:log]` (the page's `sweep=` URL value; the CLI's `--grid NAME=LO:HI:N[:log]`
 * comes here with its `=` made a `:`). NAME is the parameter's flag name; LO and HI lie in its
 * range (positive for log), N ≥ 2 values (1 with LO = HI), integers where the parameter is one.
 * Errors name the parameter and what is allowed.
 */
export function parseAxis({ schema, text }: { schema: Schema; text: string }): GridAxis {
  const parts = text.split(":");
  const usage = `a sweep is NAME:LO:HI:N or NAME:LO:HI:N:log (got ${quote(text)})`;
  if (parts.length < 4 || parts.length > 5 || (parts.length === 5 && parts[4] !== "log")) throw new RangeError(usage);
  const [flag, lo, hi, n] = parts;
  const spec = schema.find((s) => flagName(s.name) === flag);
  const numeric = schema.filter((s) => s.kind === "number").map((s) => flagName(s.name));
  if (!spec || spec.kind !== "number")
    throw new RangeError(
      `cannot sweep ${quote(flag)}: a sweep takes a numeric parameter, one of ${numeric.join(", ")}`,
    );
  const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const num = (s: string) => (decimal.test(s) ? Number(s) : Number.NaN);
  const axis = { name: spec.name, lo: num(lo), hi: num(hi), n: num(n), log: parts[4] === "log" };
  const range = `from ${spec.min} to ${spec.max}`;
  for (const [what, v] of [
    ["LO", axis.lo],
    ["HI", axis.hi],
  ] as const)
    if (!(v >= spec.min && v <= spec.max) || (spec.integer && !Number.isInteger(v)))
      throw new RangeError(
        `sweep ${flag}: ${what} must be ${spec.integer ? "an integer" : "a number"} ${range} (got ${quote(what === "LO" ? lo : hi)})`,
      );
  if (!(axis.hi >= axis.lo)) throw new RangeError(`sweep ${flag}: HI must not be below LO (got ${lo} and ${hi})`);
  if (
    !(Number.isInteger(axis.n) && axis.n >= 1 && axis.n <= MAX_POINTS) ||
    (axis.n === 1 && axis.lo !== axis.hi) ||
    (axis.n > 1 && axis.lo === axis.hi)
  )
    throw new RangeError(
      `sweep ${flag}: N must be an integer from 2 to ${MAX_POINTS} (1 when LO = HI) (got ${quote(n)})`,
    );
  if (spec.integer && axis.n > axis.hi - axis.lo + 1)
    throw new RangeError(
      `sweep ${flag}: integers from ${lo} to ${hi} are ${axis.hi - axis.lo + 1} values, not ${axis.n}`,
    );
  if (axis.log && !(axis.lo > 0)) throw new RangeError(`sweep ${flag}: a log sweep needs LO above 0 (got ${lo})`);
  return axis;
}

/** An axis's values, edges exact, others to 12 significant digits (no 0.30000000000000004). */
export function axisValues({ axis, spec }: { axis: GridAxis; spec?: NumberSpec }): number[] {
  const { lo, hi, n, log } = axis;
  return Array.from({ length: n }, (_, i) => {
    if (i === 0) return lo;
    if (i === n - 1) return hi;
    const f = i / (n - 1);
    const v = log ? lo * (hi / lo) ** f : lo + (hi - lo) * f;
    return spec?.integer ? Math.round(v) : Number(v.toPrecision(12));
  });
}

/** Every point of the grid of `axes`, the last axis fastest; at most MAX_POINTS. */
export function expandGrid({ schema, axes }: { schema: Schema; axes: GridAxis[] }): GridPoint[] {
  const names = axes.map((a) => a.name);
  if (new Set(names).size !== names.length)
    throw new RangeError(`each parameter may be swept once (got ${names.map(flagName).join(", ")})`);
  const total = axes.reduce((p, a) => p * a.n, 1);
  if (total > MAX_POINTS) throw new RangeError(`a sweep may have at most ${MAX_POINTS} points (got ${total})`);
  const values = axes.map((axis) => axisValues({ axis, spec: schema.find((s) => s.name === axis.name) as NumberSpec }));
  return Array.from({ length: total }, (_, index) => {
    const point: Record<string, number> = {};
    let rest = index;
    for (let k = axes.length - 1; k >= 0; k--) {
      point[axes[k].name] = values[k][rest % axes[k].n];
      rest = Math.floor(rest / axes[k].n);
    }
    return { index, values: Object.fromEntries(names.map((name) => [name, point[name]])) };
  });
}

/** Parse a shard `I/N` (0-based): `--shard 2/8`. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]),
    count = Number(m?.[2]);
  if (!m || !(count >= 1 && count <= MAX_POINTS && index < count))
    throw new RangeError(`--shard must be I/N with 0 ≤ I < N ≤ ${MAX_POINTS} (got ${quote(text)})`);
  return { index, count };
}

/**
 * Shard `index` of `count`: every count-th work item from `index` on. Round-robin keeps the parts
 * even when cost grows along the grid (steps, width), and the parts cover it exactly once.
 */
export function inShard<T>({ items, index, count }: { items: T[]; index: number; count: number }): T[] {
  return items.filter((_, i) => i % count === index);
}
