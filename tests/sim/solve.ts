/**
 * Solves A X = B for symmetric positive definite A (n × n) and B (n × m), by Gaussian elimination
 * without pivoting: the tests' linear solver, independent of the code under test.
 */
export function solve(A: Float64Array, B: Float64Array, n: number, m: number): Float64Array {
  const a = Float64Array.from(A);
  const b = Float64Array.from(B);
  for (let k = 0; k < n; k++) {
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k] / a[k * n + k];
      for (let j = k; j < n; j++) a[i * n + j] -= f * a[k * n + j];
      for (let j = 0; j < m; j++) b[i * m + j] -= f * b[k * m + j];
    }
  }
  for (let k = n - 1; k >= 0; k--)
    for (let j = 0; j < m; j++) {
      let s = b[k * m + j];
      for (let i = k + 1; i < n; i++) s -= a[k * n + i] * b[i * m + j];
      b[k * m + j] = s / a[k * n + k];
    }
  return b;
}
