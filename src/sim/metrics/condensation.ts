/**
 * Condensation metrics of a two-layer net f(x) = Σ_k a_k σ(w_k x + b_k) (docs/phenomena/multistage.md): each
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
export function meanAbsCosTo({
  w,
  b,
  direction,
}: Pick<Neurons, "w" | "b"> & { direction: readonly [number, number] }): number {
  let s = 0;
  for (let k = 0; k < w.length; k++) s += Math.abs(cos2(w[k], b[k], direction[0], direction[1]));
  return s / w.length;
}

/** u_k / ‖u_k‖ as (x, y) pairs, zero for a zero neuron: the m² pair loops below then need one dot product each. */
function unitVectors({ w, b }: Pick<Neurons, "w" | "b">): Float64Array {
  const out = new Float64Array(w.length * 2);
  for (let k = 0; k < w.length; k++) {
    const d = Math.hypot(w[k], b[k]);
    if (d === 0) continue;
    out[2 * k] = w[k] / d;
    out[2 * k + 1] = b[k] / d;
  }
  return out;
}

/**
 * Fraction of neuron pairs k < l with |cos(u_k, u_l)| above `threshold` (0.99 in the spec).
 * |cos| depends only on the angle between the lines through u_k and u_l, so with orientations
 * taken mod π and sorted, the qualifying pairs are those less than arccos(threshold) apart on a
 * circle of length π: a sliding window counts them in O(m log m) instead of m²/2 cosines (this
 * runs at every sampled step). Zero neurons have no direction and never count.
 */
export function condensedFraction({
  w,
  b,
  threshold = 0.99,
}: Pick<Neurons, "w" | "b"> & { threshold?: number }): number {
  const m = w.length;
  if (m < 2) return 1;
  const theta: number[] = [];
  for (let k = 0; k < m; k++)
    if (w[k] !== 0 || b[k] !== 0) theta.push(((Math.atan2(b[k], w[k]) % Math.PI) + Math.PI) % Math.PI);
  theta.sort((x, y) => x - y);
  const delta = Math.acos(Math.min(1, Math.max(-1, threshold)));
  const c = theta.length;
  let count = 0;
  // For each k, the neurons ahead of it (wrapping once around the circle) within delta.
  for (let k = 0, j = 0; k < c; k++) {
    if (j < k + 1) j = k + 1;
    while (j < k + c && (j < c ? theta[j] : theta[j - c] + Math.PI) - theta[k] < delta) j++;
    count += j - k - 1;
  }
  return count / ((m * (m - 1)) / 2);
}

/** The m×m matrix cos(u_k, u_l), row-major, for the heat map. */
export function cosineMatrix({ w, b }: Pick<Neurons, "w" | "b">): Float64Array {
  const m = w.length;
  const u = unitVectors({ w, b });
  const out = new Float64Array(m * m);
  for (let k = 0; k < m; k++)
    for (let l = 0; l < m; l++) out[k * m + l] = u[2 * k] * u[2 * l] + u[2 * k + 1] * u[2 * l + 1];
  return out;
}
