import { leastSquares } from "../metrics/leastSquares.js";
import { withBias } from "../data/labelledSet.js";

/**
 * Theory of docs/phenomena/multistage.md, computed from the data (never hard-coded). While the output is ≈ 0 the
 * residual is −y and each neuron follows da/dt = Mᵀu, du/dt = a·M with M = (1/n) Σ_i y_i x̃_i,
 * x̃ = (x, 1): it grows along (1, M̂) at rate λ = ‖M‖, so the output m·ε²·e^{2λt} reaches O(1) after
 * T_init = ln(1/(mε²)) / (2λη) GD steps; the plateau length grows with slope 1/(λη) in ln(1/ε).
 * The condensed net is linear in x̃, so the secondary plateau sits at the least-squares linear loss.
 */
export interface MultistageTheory {
  /** M = (1/n) Σ y_i (x_i, 1): d + 1 entries, the bias last. */
  M: number[];
  lambda: number;
  tInit: number;
  /** d T_init / d ln(1/ε) = 1/(λη). */
  plateauSlope: number;
  lLin: number;
  /** Least-squares linear fit y ≈ β·(x, 1). */
  beta: number[];
}

/** The theory on n points of d inputs (x row-major n × d, d = x.length / y.length). */
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
  const n = y.length,
    d = x.length / n;
  const X = withBias(x, n, d);
  const M = new Array<number>(d + 1).fill(0);
  for (let i = 0; i < n; i++) for (let s = 0; s <= d; s++) M[s] += (y[i] * X[i * (d + 1) + s]) / n;
  const lambda = Math.hypot(...M);
  const { beta, loss } = leastSquares({ X, y });
  return {
    M,
    lambda,
    tInit: plateauTime({ width, initScale, lambda, lr }),
    plateauSlope: 1 / (lambda * lr),
    lLin: loss,
    beta: Array.from(beta),
  };
}

/** T_init = ln(1/(mε²)) / (2λη): when the output of m neurons of scale ε, growing at rate λ, reaches O(1). */
export function plateauTime({
  width,
  initScale,
  lambda,
  lr,
}: {
  width: number;
  initScale: number;
  lambda: number;
  lr: number;
}): number {
  return Math.log(1 / (width * initScale * initScale)) / (2 * lambda * lr);
}

/** The exponent α of an init scale written ε = m^(−α), as the paper parametrizes it (null for m = 1). */
export function initExponent({ width, initScale }: { width: number; initScale: number }): number | null {
  return width > 1 ? Math.log(1 / initScale) / Math.log(width) : null;
}
