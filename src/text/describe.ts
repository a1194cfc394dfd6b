/**
 * One-sentence text summaries of charts, computed from the data they draw (every chart has
 * a text alternative a screen reader can read and a reader can quote). Pure functions, no DOM.
 */

/** A number as a reader would write it: 4 significant digits, exponent form for tiny or huge values. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace("e+", "e");
  return String(Number(v.toPrecision(3)));
}
// One formatter: toLocaleString builds a new one per call, milliseconds each on a live chart's redraw.
const grouped = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
/** A whole number with thousands separators ("40,000"), for steps and counts in summaries. */
export const count = (n: number) => grouped.format(Math.round(n));
const stepText = (s: number) => `step ${count(s)}`;

/**
 * How one series moves: flat start, main change and end. With `log`, changes are factors ("drops
 * 25× by step 160"); otherwise differences. `flatTol` is the relative change that ends "flat".
 */
export function describeSeries({
  steps,
  values,
  label,
  log = true,
  flatTol = 0.05,
}: {
  steps: number[];
  values: (number | null)[];
  label: string;
  log?: boolean;
  flatTol?: number;
}): string {
  const pts = steps
    .map((s, i) => ({ s, v: values[i] }))
    .filter((p): p is { s: number; v: number } => typeof p.v === "number" && Number.isFinite(p.v) && (!log || p.v > 0));
  if (pts.length < 2) return `No ${label} to show yet.`;
  const first = pts[0],
    last = pts.at(-1)!;
  const lo = pts.reduce((a, p) => (p.v < a.v ? p : a)),
    hi = pts.reduce((a, p) => (p.v > a.v ? p : a));
  // The extreme the series travels to: the one further from the start (in log units when log).
  const dist = (a: number, b: number) => (log ? Math.abs(Math.log(a / b)) : Math.abs(a - b));
  const ext = dist(lo.v, first.v) >= dist(hi.v, first.v) ? lo : hi;
  const span = log ? 0 : hi.v - lo.v;
  // a and b more than k flat tolerances apart (a factor in log, a share of the range otherwise).
  const apart = (a: number, b: number, k = 1) =>
    log ? dist(a, b) > k * Math.log1p(flatTol) : Math.abs(a - b) > k * flatTol * span;
  const breakAt = pts.findIndex((p) => apart(p.v, first.v));
  if (breakAt < 0 || dist(ext.v, first.v) === 0)
    return `The ${label} stays at ${fmt(first.v)} from ${stepText(first.s)} to ${stepText(last.s)}.`;
  const down = ext.v < first.v;
  const change = (a: number, b: number) =>
    log ? `${fmt(Math.max(a, b) / Math.min(a, b))}×` : `by ${fmt(Math.abs(b - a))}`;
  // The end of the first fast change: the first point after which the series moves less than
  // `flatTol` over the next half of its age (steps s to 1.5 s), i.e. the next plateau; else the extreme.
  const from = pts[Math.max(0, breakAt - 1)];
  let near = ext;
  // j: the first point at or past 1.5·s_i + 10, advancing with i (steps ascend): one pass.
  for (let i = breakAt, j = breakAt; i < pts.length && pts[i] !== ext; i++) {
    while (j < pts.length && pts[j].s < 1.5 * pts[i].s + 10) j++;
    if (j >= pts.length) break;
    if (!apart(pts[i].v, pts[j].v) && apart(from.v, pts[i].v, 3)) {
      near = pts[i];
      break;
    }
  }
  const verb = down ? "drops" : "rises";
  const flat =
    breakAt >= 2
      ? `stays within ${Math.round(flatTol * 100)} % of its start (${fmt(first.v)}) until ${stepText(from.s)}, then ${verb}`
      : `starts at ${fmt(first.v)} at ${stepText(first.s)}, ${verb}`;
  const end = near === last ? "" : `, and ends at ${fmt(last.v)} at ${stepText(last.s)}`;
  return `The ${label} ${flat} ${change(from.v, near.v)} by ${stepText(near.s)}${end}.`;
}

/** A family of lines (one per seed or run): how many, how long, where they end, and the theory rules. */
export function describeLines({
  lines,
  label,
  rules = [],
}: {
  lines: { label: string; step: number[]; value: (number | null)[] }[];
  label: string;
  rules?: { value: number; label: string }[];
}): string {
  const ends = lines
    .map((l) => {
      let i = l.value.length - 1;
      while (i >= 0 && !(typeof l.value[i] === "number" && Number.isFinite(l.value[i]))) i--;
      return i < 0 ? null : { label: l.label, step: l.step[i], v: l.value[i] as number };
    })
    .filter((e): e is { label: string; step: number; v: number } => e !== null);
  if (!ends.length) return `No ${label} to show yet.`;
  const lastStep = Math.max(...ends.map((e) => e.step));
  const lo = ends.reduce((a, e) => (e.v < a.v ? e : a)),
    hi = ends.reduce((a, e) => (e.v > a.v ? e : a));
  const where =
    ends.length === 1
      ? `ends at ${fmt(lo.v)}`
      : lo.v === hi.v
        ? `all end at ${fmt(lo.v)}`
        : `end between ${fmt(lo.v)} (${lo.label}) and ${fmt(hi.v)} (${hi.label})`;
  const theory = rules.length ? `; theory: ${rules.map((r) => r.label).join(", ")}` : "";
  return `${ends.length === 1 ? `One line of ${label}` : `${ends.length} lines of ${label}`} over ${count(lastStep)} steps ${where}${theory}.`;
}

/** The clause a chart adds for the live run and the pinned runs drawn over it. */
export function describeLive({
  samples,
  field,
  label,
  pins = 0,
}: {
  samples: { step: number; member: number; [k: string]: unknown }[];
  field: string;
  label: string;
  pins?: number;
}): string {
  const pinned = pins ? ` ${pins} pinned run${pins > 1 ? "s are" : " is"} overlaid.` : "";
  // One pass, no copies: a live chart says this on every batch, over up to 64,000 samples.
  let last: (typeof samples)[number] | null = null;
  const seen = new Set<number>();
  for (const s of samples) {
    const v = s[field];
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    seen.add(s.member);
    if (!last || s.step > last.step) last = s;
  }
  if (!last) return pinned;
  const members = seen.size;
  return ` The live run (${members} member${members > 1 ? "s" : ""}) is at ${stepText(last.step)} with ${label} ${fmt(last[field] as number)}.${pinned}`;
}
