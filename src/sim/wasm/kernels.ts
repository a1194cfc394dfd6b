import { kernelsBase64 } from "./kernelsBytes.js";

/** The exports of kernels.wat; every address is a byte offset into `memory`, strides are in elements. */
export interface Kernels {
  memory: WebAssembly.Memory;
  gemmAx(c: number, a: number, ars: number, acs: number, b: number, brs: number, n: number, p: number, q: number, alpha: number, acc: number): void;
  gemmDot(c: number, a: number, lda: number, b: number, ldb: number, n: number, p: number, q: number, alpha: number, acc: number): void;
  dot(x: number, y: number, n: number): number;
  axpy(y: number, alpha: number, x: number, n: number): void;
  orthogonalize(w: number, q: number, m: number, n: number): void;
  twoLayerStep(a: number, w: number, b: number, x: number, y: number, f: number, r: number, H: number, m: number, n: number, relu: number, grid: number, x0: number, dx: number, scale: number, update: number): number;
  scaleInvariantLossGrad(u: number, a: number, b: number, X: number, y: number, rows: number, B: number, m2: number, Z: number, gA: number, gU: number, out: number): void;
}

let compiled: WebAssembly.Module | undefined;

/**
 * A fresh instance with at least `bytes` of memory of its own, so models never share state. The
 * module is about 3 KB, so it compiles synchronously (allowed in Node and in workers).
 */
export function createKernels({ bytes }: { bytes: number }): Kernels {
  compiled ??= new WebAssembly.Module(Uint8Array.from(atob(kernelsBase64), (c) => c.charCodeAt(0)));
  const k = new WebAssembly.Instance(compiled, { m: { exp: Math.exp, tanh: Math.tanh, log1p: Math.log1p } }).exports as unknown as Kernels;
  const pages = Math.ceil(bytes / 65536) - k.memory.buffer.byteLength / 65536;
  if (pages > 0) k.memory.grow(pages);
  return k;
}
