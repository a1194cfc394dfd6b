/**
 * Theory of docs/phenomena/multistage.md, computed from the data (never hard-coded). While the output is ≈ 0 the
 * residual is −y and each neuron follows da/dt = Mᵀu, du/dt = a·M with M = (1/n) Σ_i y_i x̃_i,
 * x̃ = (x, 1): it grows along (1, M̂) at rate λ = ‖M‖, so the output m·ε²·e^{2λt} reaches O(1) after
 * T_init = ln(1/(mε²)) / (2λη) GD steps; the plateau length grows with slope 1/(λη) in ln(1/ε).
 * The condensed net is linear in x̃, so the secondary plateau sits at the least-squares linear loss.
 */
export interface MultistageTheory {
  /** M = (1/n) Σ y_i (x_i, 1). */
  M: [number, number];
  lambda: number;
  tInit: number;
  /** d T_init / d ln(1/ε) = 1/(λη). */
  plateauSlope: number;
  lLin: number;
  /** Least-squares line y ≈ β₀ x + β₁. */
  beta: [number, number];
}

export function multistageTheory({
  x,
  y,
  width,
  initScale,
  lr,
}: {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  width: number;
  initScale: number;
  lr: number;
}): MultistageTheory {
  const n = x.length;
  let mx = 0,
    m1 = 0,
    sxx = 0,
    sx = 0,
    sxy = 0;
  for (let i = 0; i < n; i++) {
    mx += (y[i] * x[i]) / n;
    m1 += y[i] / n;
    sxx += x[i] * x[i];
    sx += x[i];
    sxy += x[i] * y[i];
  }
  const lambda = Math.hypot(mx, m1);
  // Normal equations of X̃ᵀX̃ β = X̃ᵀy for X̃ = [x, 1]: [[Σx², Σx], [Σx, n]] β = [Σxy, Σy].
  const det = sxx * n - sx * sx;
  const sy = m1 * n;
  const beta: [number, number] = det !== 0 ? [(n * sxy - sx * sy) / det, (sxx * sy - sx * sxy) / det] : [0, sy / n];
  let lLin = 0;
  for (let i = 0; i < n; i++) lLin += (beta[0] * x[i] + beta[1] - y[i]) ** 2;
  lLin /= 2 * n;
  return {
    M: [mx, m1],
    lambda,
    tInit: Math.log(1 / (width * initScale * initScale)) / (2 * lambda * lr),
    plateauSlope: 1 / (lambda * lr),
    lLin,
    beta,
  };
}

/** The exponent α of an init scale written ε = m^(−α), as the paper parametrizes it (null for m = 1). */
export function initExponent({ width, initScale }: { width: number; initScale: number }): number | null {
  return width > 1 ? Math.log(1 / initScale) / Math.log(width) : null;
}
