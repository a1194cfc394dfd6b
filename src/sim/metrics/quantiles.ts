/** Quantile of finite values by linear interpolation (type 7, as numpy's default); NaN if none. */
export function quantile({ values, p }: { values: ArrayLike<number>; p: number }): number {
  const v = Array.from(values)
    .filter(Number.isFinite)
    .sort((x, y) => x - y);
  if (v.length === 0) return NaN;
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < v.length ? v[lo] + (h - lo) * (v[lo + 1] - v[lo]) : v[lo];
}

/** The median of finite values (the 0.5 quantile above): the one median every page and loader uses. */
export const median = (values: ArrayLike<number>): number => quantile({ values, p: 0.5 });
