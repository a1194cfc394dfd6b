/**
 * The two-layer network of docs/phenomena/multistage.md, f(x) = Σ_k a_k σ(w_k·x + b_k), in plain
 * float64 loops: the reference the engines are tested against, and the oracle for the
 * finite-difference gradient test. Inputs are d-dimensional (d = 1 for the toy, the pixels for
 * real data): x holds n rows of d, w holds m rows of d.
 */
export type Activation = "tanh" | "relu";

// biome-ignore lint/complexity/useMathMinMax: a NaN pre-activation gives 0 here, as in the engines; Math.max would give NaN.
const relu = (z: number) => (z > 0 ? z : 0);

/** Target functions of the two presets in docs/phenomena/multistage.md. */
export const targets = {
  tanh2: (x: number) => Math.tanh(5 * (x - 0.4)) + 0.6 * Math.tanh(5 * (x + 0.4)),
  relu4: (x: number) => -relu(x) + relu(2 * (x + 0.3)) - relu(1.5 * (x - 0.4)) + relu(0.5 * (x - 0.8)),
} as const;
export type TargetName = keyof typeof targets;

/** n points evenly spaced in [−1, 1] and the target's values there. */
export function makeData({ n, target }: { n: number; target: TargetName }): { x: Float64Array; y: Float64Array } {
  const x = Float64Array.from({ length: n }, (_, i) => (n === 1 ? 0 : -1 + (2 * i) / (n - 1)));
  return { x, y: x.map(targets[target]) };
}

export interface TwoLayerWeights {
  a: ArrayLike<number>;
  w: ArrayLike<number>;
  b: ArrayLike<number>;
}

/** Half mean squared error R = (1/2n) Σ_i (f(x_i) − y_i)² and its gradient, in float64 (d = x.length / y.length). */
export function twoLayerLossGrad({
  x,
  y,
  a,
  w,
  b,
  activation,
}: TwoLayerWeights & { x: ArrayLike<number>; y: ArrayLike<number>; activation: Activation }) {
  const n = y.length,
    m = a.length,
    d = x.length / n;
  const pre = (k: number, i: number) => {
    let z = b[k];
    for (let s = 0; s < d; s++) z += w[k * d + s] * x[i * d + s];
    return z;
  };
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let k = 0; k < m; k++) {
      const z = pre(k, i);
      f += a[k] * (activation === "tanh" ? Math.tanh(z) : relu(z));
    }
    r[i] = f - y[i];
  }
  let loss = 0;
  for (let i = 0; i < n; i++) loss += r[i] * r[i];
  loss /= 2 * n;
  const ga = new Float64Array(m),
    gw = new Float64Array(m * d),
    gb = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < n; i++) {
      const z = pre(k, i);
      const h = activation === "tanh" ? Math.tanh(z) : relu(z);
      const dh = activation === "tanh" ? 1 - h * h : z > 0 ? 1 : 0;
      ga[k] += (r[i] * h) / n;
      const gz = (a[k] * r[i] * dh) / n;
      for (let s = 0; s < d; s++) gw[k * d + s] += gz * x[i * d + s];
      gb[k] += gz;
    }
  }
  return { loss, ga, gw, gb };
}
