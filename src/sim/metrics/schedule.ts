/**
 * The steps at which a run is sampled: every step up to `dense`, then a log-spaced grid with
 * `perDecade` points a decade (plateaus span decades, so log-x charts stay exact), plus every
 * `every`-th step if asked, and always the last step. Sorted, unique, from 0 to `steps`.
 */
export function sampleSteps({
  steps,
  dense = 300,
  perDecade = 100,
  every = 0,
}: {
  steps: number;
  dense?: number;
  perDecade?: number;
  every?: number;
}): number[] {
  const set = new Set<number>();
  for (let t = 0; t <= Math.min(dense, steps); t++) set.add(t);
  if (steps > dense) {
    const lo = Math.log10(Math.max(dense, 1)),
      hi = Math.log10(steps);
    const count = Math.ceil((hi - lo) * perDecade);
    for (let i = 1; i <= count; i++) set.add(Math.min(steps, Math.round(10 ** (lo + ((hi - lo) * i) / count))));
  }
  if (every > 0) for (let t = 0; t <= steps; t += every) set.add(t);
  set.add(steps);
  return [...set].sort((x, y) => x - y);
}

/** `count` log-spaced snapshot times in [1, steps], plus 0; unique, so fewer when steps is small. */
export function snapshotSteps({ steps, count }: { steps: number; count: number }): number[] {
  const set = new Set<number>([0]);
  for (let i = 0; i < count; i++)
    set.add(Math.round(10 ** ((Math.log10(Math.max(steps, 1)) * i) / Math.max(count - 1, 1))));
  set.add(steps);
  return [...set].filter((t) => t <= steps).sort((x, y) => x - y);
}
