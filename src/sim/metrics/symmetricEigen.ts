/**
 * Eigen-decomposition of a small symmetric matrix (row-major n×n) by cyclic Jacobi rotations, in
 * float64. Eigenvalues descending, eigenvectors as columns of `vectors` (row-major). Used for the
 * SVD of the target and as the oracle for Hessian tests.
 */
export function symmetricEigen({
  matrix,
  n,
  sweeps = 100,
}: {
  matrix: ArrayLike<number>;
  n: number;
  sweeps?: number;
}): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p],
            akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k],
            aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p],
            vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((col, j) => {
    for (let k = 0; k < n; k++) vectors[k * n + j] = v[k * n + col];
  });
  return { values: order.map((i) => a[i * n + i]), vectors };
}

/**
 * Largest eigenvalue of the symmetric tridiagonal matrix with diagonal `alpha` and off-diagonal
 * `beta` (beta[i] couples i and i+1), by bisection on Sturm sequence counts: robust for the
 * Lanczos Ritz values, whatever their sign.
 */
export function tridiagonalMaxEigen({ alpha, beta }: { alpha: ArrayLike<number>; beta: ArrayLike<number> }): number {
  const k = alpha.length;
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < k; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < k - 1 ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  // count of eigenvalues below x
  const below = (x: number) => {
    let count = 0,
      d = 1;
    for (let i = 0; i < k; i++) {
      d = alpha[i] - x - (i > 0 ? (beta[i - 1] * beta[i - 1]) / (d === 0 ? 1e-300 : d) : 0);
      if (d < 0) count++;
    }
    return count;
  };
  for (let it = 0; it < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); it++) {
    const mid = (lo + hi) / 2;
    if (below(mid) >= k) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}
