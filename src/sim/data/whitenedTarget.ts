import { symmetricEigen } from "../metrics/symmetricEigen.js";
import { standardized, type LabelledSet } from "./labelledSet.js";

/**
 * What a deep linear network regressing one-hot labels on whitened inputs sees of the data (Saxe,
 * McClelland & Ganguli 2014; docs/phenomena/pathways.md "Real data"): the inputs standardized, then
 * whitened along the principal axes of their covariance (directions of variance below 1e-9 of the
 * largest dropped), x̃ = Λ^(−1/2) Vᵀ x, so that E[x̃ x̃ᵀ] = I and the mean squared error
 * ½ E‖y − W x̃‖² = ½‖W − T‖²_F + ½(1 − ‖T‖²_F) with T = E[y x̃ᵀ]. T (classes × whitened inputs) is the
 * target the pathways model regresses; `lossFloor`, ½(1 − ‖T‖²_F), is the least-squares linear fit's
 * error, the part of the loss no linear network removes.
 */
export function whitenedTarget(set: LabelledSet): { T: Float64Array; rows: number; cols: number; lossFloor: number } {
  const { T, rows, cols, lossFloor } = whitenedData(set);
  return { T, rows, cols, lossFloor };
}

/**
 * The whitened inputs themselves (n × cols, row-major) and the one-hot labels (n × classes) beside
 * T: what a network that is not linear needs, since it sees more of the data than T.
 */
export function whitenedData(set: LabelledSet) {
  const { n, d, x, labels, classes } = standardized(set);
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < d; p++) {
      const xp = x[i * d + p] / n;
      if (xp === 0) continue;
      for (let q = 0; q < d; q++) cov[p * d + q] += xp * x[i * d + q];
    }
  const { values, vectors } = symmetricEigen({ matrix: cov, n: d });
  const axes = values.map((v, a) => ({ v, a })).filter(({ v }) => v > 1e-9 * values[0]);
  const cols = axes.length;
  const X = new Float64Array(n * cols),
    Y = new Float64Array(n * classes),
    T = new Float64Array(classes * cols);
  for (let i = 0; i < n; i++) {
    Y[i * classes + labels[i]] = 1;
    axes.forEach(({ v, a }, k) => {
      let proj = 0;
      for (let p = 0; p < d; p++) proj += x[i * d + p] * vectors[p * d + a];
      X[i * cols + k] = proj / Math.sqrt(v);
      T[labels[i] * cols + k] += X[i * cols + k] / n;
    });
  }
  const norm2 = T.reduce((s, t) => s + t * t, 0);
  return { X, Y, n, T, rows: classes, cols, lossFloor: 0.5 * (1 - norm2) };
}
