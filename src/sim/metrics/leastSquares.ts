/**
 * The least-squares fit of y by the columns of X (n × p, row-major): β minimizing ‖Xβ − y‖², from
 * the normal equations XᵀX β = Xᵀy by Cholesky with diagonal pivoting. A column whose remaining
 * pivot is below `tol` times the largest diagonal entry depends (numerically) on those taken before
 * it: it gets β = 0, which leaves the fitted values — and so the loss — those of every minimizer.
 */
export function leastSquares({ X, y, tol = 1e-11 }: { X: ArrayLike<number>; y: ArrayLike<number>; tol?: number }): {
  beta: Float64Array;
  /** (1/2n) ‖Xβ − y‖². */
  loss: number;
  rank: number;
} {
  const n = y.length,
    p = X.length / n;
  const { A, rhs } = normalEquations(X, y, n, p);
  const { L, order } = pivotedCholesky(A, p, tol);
  const r = order.length;
  // L z = P rhs, then Lᵀ β_P = z, on the r columns kept.
  const z = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    let s = rhs[order[i]];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const beta = new Float64Array(p);
  for (let i = r - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < r; k++) s -= L[k * p + i] * beta[order[k]];
    beta[order[i]] = s / L[i * p + i];
  }
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let f = -y[i];
    for (let s = 0; s < p; s++) f += X[i * p + s] * beta[s];
    loss += f * f;
  }
  return { beta, loss: loss / (2 * n), rank: r };
}

function normalEquations(X: ArrayLike<number>, y: ArrayLike<number>, n: number, p: number) {
  const A = new Float64Array(p * p),
    rhs = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < p; s++) {
      const xs = X[i * p + s];
      if (xs === 0) continue;
      rhs[s] += xs * y[i];
      for (let t = s; t < p; t++) A[s * p + t] += xs * X[i * p + t];
    }
  for (let s = 0; s < p; s++) for (let t = 0; t < s; t++) A[s * p + t] = A[t * p + s];
  return { A, rhs };
}

/**
 * P A Pᵀ = L Lᵀ on the columns kept (order lists them in pivot order): at each step the column with
 * the largest remaining diagonal, until that falls below tol × the largest initial diagonal. Row i
 * of L is returned in pivot order, L[i·p + k] for k ≤ i.
 */
function pivotedCholesky(A: Float64Array, p: number, tol: number) {
  // W[s·p + k]: the entry of L in column k for original column s, filled as the pivots are taken.
  const W = new Float64Array(p * p);
  const diag = Float64Array.from({ length: p }, (_, s) => A[s * p + s]);
  const left = new Set(Array.from({ length: p }, (_, s) => s));
  const floor = tol * Math.max(0, ...diag);
  const order: number[] = [];
  while (left.size > 0) {
    let best = -1;
    for (const s of left) if (best < 0 || diag[s] > diag[best]) best = s;
    if (!(diag[best] > floor)) break;
    const i = order.length,
      piv = Math.sqrt(diag[best]);
    order.push(best);
    left.delete(best);
    W[best * p + i] = piv;
    for (const s of left) {
      let v = A[best * p + s];
      for (let k = 0; k < i; k++) v -= W[best * p + k] * W[s * p + k];
      W[s * p + i] = v / piv;
      diag[s] -= (v / piv) ** 2;
    }
  }
  const L = new Float64Array(p * p);
  order.forEach((s, i) => {
    for (let k = 0; k <= i; k++) L[i * p + k] = W[s * p + k];
  });
  return { L, order };
}
