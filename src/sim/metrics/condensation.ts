/**
 * Condensation metrics of a two-layer net f(x) = Σ_k a_k σ(w_k x + b_k) (multistage.md): each
 * neuron's input vector u_k = (w_k, b_k), its orientation, its amplitude A_k = |a_k|·‖u_k‖, and how
 * aligned the neurons are with each other and with M = (1/n) Σ_i y_i x̃_i.
 */
export interface Neurons {
  a: ArrayLike<number>;
  w: ArrayLike<number>;
  b: ArrayLike<number>;
}

export function amplitudes({ a, w, b }: Neurons): Float64Array {
  return Float64Array.from({ length: a.length }, (_, k) => Math.abs(a[k]) * Math.hypot(w[k], b[k]));
}

/** Angle of (w_k, b_k) in radians, in (−π, π]. */
export function orientations({ w, b }: Pick<Neurons, "w" | "b">): Float64Array {
  return Float64Array.from({ length: w.length }, (_, k) => Math.atan2(b[k], w[k]));
}

function cos2(x1: number, y1: number, x2: number, y2: number): number {
  const d = Math.hypot(x1, y1) * Math.hypot(x2, y2);
  return d > 0 ? (x1 * x2 + y1 * y2) / d : 0;
}

/** Mean over neurons of |cos(u_k, M)|. */
export function meanAbsCosTo({ w, b, direction }: Pick<Neurons, "w" | "b"> & { direction: readonly [number, number] }): number {
  let s = 0;
  for (let k = 0; k < w.length; k++) s += Math.abs(cos2(w[k], b[k], direction[0], direction[1]));
  return s / w.length;
}

/** Fraction of neuron pairs k < l with |cos(u_k, u_l)| above `threshold` (0.99 in the spec). */
export function condensedFraction({ w, b, threshold = 0.99 }: Pick<Neurons, "w" | "b"> & { threshold?: number }): number {
  const m = w.length;
  if (m < 2) return 1;
  let count = 0;
  for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) if (Math.abs(cos2(w[k], b[k], w[l], b[l])) > threshold) count++;
  return count / ((m * (m - 1)) / 2);
}

/** The m×m matrix cos(u_k, u_l), row-major, for the heat map. */
export function cosineMatrix({ w, b }: Pick<Neurons, "w" | "b">): Float64Array {
  const m = w.length;
  const out = new Float64Array(m * m);
  for (let k = 0; k < m; k++) for (let l = 0; l < m; l++) out[k * m + l] = cos2(w[k], b[k], w[l], b[l]);
  return out;
}
