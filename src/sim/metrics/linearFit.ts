/** Ordinary least-squares line y ≈ slope·x + intercept (used for plateau length against ln(1/ε)). */
export function linearFit({ x, y }: { x: ArrayLike<number>; y: ArrayLike<number> }): {
  slope: number;
  intercept: number;
} {
  const n = x.length;
  if (n < 2) throw new RangeError("a line needs at least two points");
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0,
    sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  if (sxx === 0) throw new RangeError("a line needs two distinct x values");
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
