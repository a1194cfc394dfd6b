/**
 * 1-Wasserstein distance between two 1-D empirical distributions (uniform weights on the samples):
 * the integral of |F_a − F_b|. With equal counts this is mean |sort(a) − sort(b)| (docs/phenomena/multistage.md);
 * the CDF sweep below also handles unequal counts, which ensemble snapshots can have after divergence.
 */
export function wasserstein1({ a, b }: { a: ArrayLike<number>; b: ArrayLike<number> }): number {
  if (a.length === 0 || b.length === 0) throw new RangeError("w1 needs two non-empty samples");
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  if (sa.length === sb.length) {
    let s = 0;
    for (let i = 0; i < sa.length; i++) s += Math.abs(sa[i] - sb[i]);
    return s / sa.length;
  }
  let i = 0,
    j = 0,
    fa = 0,
    fb = 0,
    total = 0;
  let x = Math.min(sa[0], sb[0]);
  while (i < sa.length || j < sb.length) {
    const next = j >= sb.length || (i < sa.length && sa[i] <= sb[j]) ? sa[i] : sb[j];
    total += Math.abs(fa - fb) * (next - x);
    x = next;
    while (i < sa.length && sa[i] === x) fa = ++i / sa.length;
    while (j < sb.length && sb[j] === x) fb = ++j / sb.length;
  }
  return total;
}
