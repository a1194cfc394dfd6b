import { createKernels, type KernelInstance, up4 } from "./kernels.js";

/**
 * C = A·B for row-major float64 arrays outside the kernels' memory (A m × k, or k × m read
 * transposed; B k × n, or n × k read transposed), on the blocked `gemm` kernel: the operands are
 * copied in (B transposed while copying, rows and columns padded to multiples of 4 with zeros) and
 * C copied out. The copies are O(mk + kn + mn) against the product's O(mkn), so this pays from a
 * few dozen on every side; one instance keeps its memory for the next call.
 */
export function createMatmul() {
  let wasm: KernelInstance | null = null;
  return function mm(
    C: Float64Array,
    A: ArrayLike<number>,
    B: ArrayLike<number>,
    m: number,
    k: number,
    n: number,
    tA: boolean,
    tB: boolean,
  ): Float64Array {
    const mp = up4(m),
      np = up4(n);
    const bytes = 8 * (mp * k + k * np + mp * np);
    wasm ??= createKernels({ bytes });
    wasm.reserve(bytes);
    const a = 0,
      b = 8 * mp * k,
      c = b + 8 * k * np;
    const mem = wasm.f64();
    const Am = mem.subarray(a / 8, a / 8 + mp * k);
    if (tA) for (let s = 0; s < k; s++) for (let i = 0; i < m; i++) Am[i * k + s] = A[s * m + i];
    else Am.set(A as Float64Array, 0);
    Am.fill(0, m * k);
    const Bm = mem.subarray(b / 8, b / 8 + k * np);
    for (let s = 0; s < k; s++) {
      const row = s * np;
      if (tB) for (let j = 0; j < n; j++) Bm[row + j] = B[j * k + s];
      else for (let j = 0; j < n; j++) Bm[row + j] = B[s * n + j];
      for (let j = n; j < np; j++) Bm[row + j] = 0;
    }
    wasm.gemm(c, np, a, k, 1, b, np, mp, k, np, 1, 0);
    const Cm = wasm.f64At(c, mp * np);
    if (np === n) C.set(Cm.subarray(0, m * n));
    else for (let i = 0; i < m; i++) C.set(Cm.subarray(i * np, i * np + n), i * n);
    return C;
  };
}
