/**
 * Condensation metrics of a two-layer net f(x) = Σ_k a_k σ(w_k·x + b_k) (docs/phenomena/multistage.md): each
 * neuron's input vector u_k = (w_k, b_k), its orientation, its amplitude A_k = |a_k|·‖u_k‖, and how
 * aligned the neurons are with each other and with M = (1/n) Σ_i y_i x̃_i. w holds m rows of d
 * inputs (d = w.length / b.length: 1 for the toy, the pixels on real data).
 */
export interface Neurons {
  a: ArrayLike<number>;
  w: ArrayLike<number>;
  b: ArrayLike<number>;
}

/** Inputs per neuron. */
export const inputsOf = ({ w, b }: Pick<Neurons, "w" | "b">) => w.length / b.length;

/** ‖u_k‖ = ‖(w_k, b_k)‖. */
function norm(w: ArrayLike<number>, b: ArrayLike<number>, d: number, k: number): number {
  let s = b[k] * b[k];
  for (let t = 0; t < d; t++) s += w[k * d + t] ** 2;
  return Math.sqrt(s);
}

export function amplitudes({ a, w, b }: Neurons): Float64Array {
  const d = inputsOf({ w, b });
  return Float64Array.from({ length: a.length }, (_, k) => Math.abs(a[k]) * norm(w, b, d, k));
}

/** Angle of (w_k, b_k) in radians, in (−π, π], for 1-D inputs. */
export function orientations({ w, b }: Pick<Neurons, "w" | "b">): Float64Array {
  return Float64Array.from({ length: w.length }, (_, k) => Math.atan2(b[k], w[k]));
}

function cos2(x1: number, y1: number, x2: number, y2: number): number {
  const d = Math.hypot(x1, y1) * Math.hypot(x2, y2);
  return d > 0 ? (x1 * x2 + y1 * y2) / d : 0;
}

/** cos(u_k, direction) for every neuron (direction has d + 1 entries, the bias last). */
export function cosinesTo({ w, b, direction }: Pick<Neurons, "w" | "b"> & { direction: ArrayLike<number> }) {
  const m = b.length,
    d1 = direction.length;
  if (d1 === 2) return Float64Array.from({ length: m }, (_, k) => cos2(w[k], b[k], direction[0], direction[1]));
  const u = unitVectors({ w, b });
  let dn = 0;
  for (let t = 0; t < d1; t++) dn += direction[t] ** 2;
  dn = Math.sqrt(dn);
  return Float64Array.from({ length: m }, (_, k) => {
    let s = 0;
    for (let t = 0; t < d1; t++) s += u[k * d1 + t] * direction[t];
    return dn > 0 ? s / dn : 0;
  });
}

/** Mean over neurons of |cos(u_k, M)|. */
export function meanAbsCosTo(neurons: Pick<Neurons, "w" | "b"> & { direction: ArrayLike<number> }): number {
  const c = cosinesTo(neurons);
  return c.reduce((s, v) => s + Math.abs(v), 0) / c.length;
}

/** u_k / ‖u_k‖ as rows of d + 1, zero for a zero neuron: the m² pair loops below then need one dot product each. */
function unitVectors({ w, b }: Pick<Neurons, "w" | "b">): Float64Array {
  const m = b.length,
    d = w.length / m,
    d1 = d + 1;
  const out = new Float64Array(m * d1);
  for (let k = 0; k < m; k++) {
    const len = norm(w, b, d, k);
    if (len === 0) continue;
    for (let t = 0; t < d; t++) out[k * d1 + t] = w[k * d + t] / len;
    out[k * d1 + d] = b[k] / len;
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
  const m = b.length;
  if (m < 2) return 1;
  if (w.length !== m) return pairsAbove({ w, b, threshold }) / ((m * (m - 1)) / 2);
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

/** Pairs k < l with |cos(u_k, u_l)| > threshold, one dot product each (inputs of any dimension; zero neurons never count). */
function pairsAbove({ w, b, threshold }: Pick<Neurons, "w" | "b"> & { threshold: number }): number {
  const m = b.length,
    cos = cosineMatrix({ w, b });
  let count = 0;
  for (let k = 0; k < m; k++) for (let l = k + 1; l < m; l++) if (Math.abs(cos[k * m + l]) > threshold) count++;
  return count;
}

/** The m×m matrix cos(u_k, u_l), row-major, for the heat map. */
export function cosineMatrix({ w, b }: Pick<Neurons, "w" | "b">): Float64Array {
  const m = b.length,
    d1 = w.length / m + 1;
  const u = unitVectors({ w, b });
  const out = new Float64Array(m * m);
  for (let k = 0; k < m; k++)
    for (let l = 0; l < m; l++) {
      let s = 0;
      for (let t = 0; t < d1; t++) s += u[k * d1 + t] * u[l * d1 + t];
      out[k * m + l] = s;
    }
  return out;
}
