import { describe, expect, it } from "vitest";
import { compileKernels, kernelsModuleSource } from "../../src/sim/wasm/compileKernels.js";
import { createKernels } from "../../src/sim/wasm/kernels.js";
import { createRng } from "../../src/sim/rng.js";
import { readFile } from "node:fs/promises";

describe("wasm kernels", () => {
  it("kernelsBytes.ts is the compiled kernels.wat (run `npm run wasm` after editing it)", async () => {
    const committed = await readFile(new URL("../../src/sim/wasm/kernelsBytes.ts", import.meta.url), "utf8");
    expect(committed).toBe(kernelsModuleSource(await compileKernels()));
  });

  // Naive float64 loops as the oracle; odd sizes exercise the scalar tails after the 2-lane loops.
  const k = createKernels({ bytes: 1 << 20 });
  const f64 = k.f64;
  const rng = createRng({ seed: 3 });
  const fill = (o: number, n: number) => {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    f64().set(v, o / 8);
    return v;
  };
  const close = (got: Float64Array, want: number[]) =>
    want.forEach((x, i) => expect(Math.abs(got[i] - x)).toBeLessThan(1e-12 * (1 + Math.abs(x))));

  for (const [n, p, q] of [
    [1, 1, 1],
    [3, 5, 7],
    [16, 16, 16],
    [15, 16, 8],
    [4, 9, 2],
  ])
    it(`gemmAx and gemmDot match naive loops (n ${n}, p ${p}, q ${q}), with alpha and accumulation`, () => {
      const A = fill(0, n * p),
        At = fill(8192, p * n),
        B = fill(16384, p * q),
        Bt = fill(24576, q * p),
        C0 = fill(32768, n * q);
      const ref = (
        a: (i: number, s: number) => number,
        b: (s: number, j: number) => number,
        alpha: number,
        acc: boolean,
      ) =>
        Array.from({ length: n * q }, (_, ij) => {
          const i = Math.floor(ij / q),
            j = ij % q;
          let s = 0;
          for (let t = 0; t < p; t++) s += a(i, t) * b(t, j);
          return (acc ? C0[ij] : 0) + alpha * s;
        });
      const out = () => f64().subarray(32768 / 8, 32768 / 8 + n * q);
      k.gemmAx(32768, 0, p, 1, 16384, q, n, p, q, 1, 0); // A·B
      close(
        out(),
        ref(
          (i, s) => A[i * p + s],
          (s, j) => B[s * q + j],
          1,
          false,
        ),
      );
      f64().set(C0, 32768 / 8);
      k.gemmAx(32768, 8192, 1, n, 16384, q, n, p, q, -0.5, 1); // C − ½ Aᵀ·B with A stored p×n
      close(
        out(),
        ref(
          (i, s) => At[s * n + i],
          (s, j) => B[s * q + j],
          -0.5,
          true,
        ),
      );
      f64().set(C0, 32768 / 8);
      k.gemmDot(32768, 0, p, 24576, p, n, p, q, 2, 1); // C + 2 A·Bᵀ with B stored q×p
      close(
        out(),
        ref(
          (i, s) => A[i * p + s],
          (s, j) => Bt[j * p + s],
          2,
          true,
        ),
      );
    });

  for (const [n, p, q] of [
    [4, 1, 4],
    [8, 7, 12],
    [16, 33, 8],
  ])
    it(`gemm (4×4 register blocks) matches naive loops (n ${n}, p ${p}, q ${q}), A and Aᵀ, with alpha and accumulation`, () => {
      const A = fill(0, n * p),
        B = fill(16384, p * q),
        C0 = fill(32768, n * q);
      const out = () => f64().subarray(32768 / 8, 32768 / 8 + n * q);
      const want = (alpha: number, acc: boolean) =>
        Array.from({ length: n * q }, (_, ij) => {
          const i = Math.floor(ij / q),
            j = ij % q;
          let s = 0;
          for (let t = 0; t < p; t++) s += A[i * p + t] * B[t * q + j];
          return (acc ? C0[ij] : 0) + alpha * s;
        });
      k.gemm(32768, q, 0, p, 1, 16384, q, n, p, q, 1, 0);
      close(out(), want(1, false));
      // the same A stored transposed (p × n) at 8192
      const At = new Float64Array(p * n);
      for (let i = 0; i < n; i++) for (let t = 0; t < p; t++) At[t * n + i] = A[i * p + t];
      f64().set(At, 8192 / 8);
      f64().set(C0, 32768 / 8);
      k.gemm(32768, q, 8192, 1, n, 16384, q, n, p, q, -0.5, 1);
      close(out(), want(-0.5, true));
    });

  it("dot, axpy and orthogonalize match their definitions", () => {
    const n = 13,
      x = fill(0, n),
      y = fill(1024, n);
    expect(k.dot(0, 1024, n)).toBeCloseTo(
      x.reduce((s, xi, i) => s + xi * y[i], 0),
      12,
    );
    k.axpy(1024, 0.25, 0, n);
    close(
      f64().subarray(128, 128 + n),
      Array.from(y, (yi, i) => yi + 0.25 * x[i]),
    );
    // two orthonormal vectors e_0 and (e_1 + e_2)/√2: w loses exactly its components along them
    const q = new Float64Array(2 * n);
    q[0] = 1;
    q[n + 1] = q[n + 2] = Math.SQRT1_2;
    f64().set(q, 4096 / 8);
    const w = fill(8192, n);
    k.orthogonalize(8192, 4096, 2, n);
    const mean12 = (w[1] + w[2]) / 2;
    close(
      f64().subarray(1024, 1024 + n),
      Array.from(w, (wi, i) => (i === 0 ? 0 : i === 1 || i === 2 ? wi - mean12 : wi)),
    );
  });
});
