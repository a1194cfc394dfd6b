/** Split `count` items into at most `parts` contiguous chunks of near-equal size: [start, end) pairs. */
export function chunks({ count, parts }: { count: number; parts: number }): [number, number][] {
  const n = Math.max(1, Math.min(parts, count));
  return Array.from(
    { length: n },
    (_, i) => [Math.floor((i * count) / n), Math.floor(((i + 1) * count) / n)] as [number, number],
  );
}
