/** At most this many members of a live run are drawn as lines; the rest show as a band. */
export const MAX_LIVE_LINES = 8;

/**
 * What a live layer draws of a run with many members, in bounded time: the first `max` members'
 * rows as lines, and, when there are more, the min–max band over every member at each step (a seed
 * band). Pure, for the chart components and their tests.
 */
export function liveLinesAndBand<R extends { member: number; step: number }>({
  rows,
  value,
  max = MAX_LIVE_LINES,
}: {
  rows: R[];
  value: (r: R) => number;
  max?: number;
}): { lines: R[]; band: { step: number; lo: number; hi: number }[]; hidden: number } {
  const members = new Set(rows.map((r) => r.member));
  if (members.size <= max) return { lines: rows, band: [], hidden: 0 };
  const shown = new Set([...members].sort((a, b) => a - b).slice(0, max));
  const byStep = new Map<number, { lo: number; hi: number }>();
  for (const r of rows) {
    const v = value(r);
    const b = byStep.get(r.step);
    if (!b) byStep.set(r.step, { lo: v, hi: v });
    else {
      b.lo = Math.min(b.lo, v);
      b.hi = Math.max(b.hi, v);
    }
  }
  const band = [...byStep].map(([step, b]) => ({ step, ...b })).sort((a, b) => a.step - b.step);
  return { lines: rows.filter((r) => shown.has(r.member)), band, hidden: members.size - max };
}

/** At most `max` of `items`, evenly spaced, the last one always kept: a live layer's drawing stays bounded. */
export function evenly<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(items[Math.floor((i * (items.length - 1)) / (max - 1))]);
  out.push(items[items.length - 1]);
  return out;
}
